// Runs every tests/e2e/*.spec.mjs in sequence against build/web, served on a free local port.
// Usage: node tests/e2e/run-all.mjs [name-filter]   (filter: substring of file or test name)
// KG_WEB_DIR=/path/to/web tests another build of the page (default build/web).
// Each test gets a fresh Chromium profile (see harness.mjs); failures leave a screenshot of
// every page still open in tests/e2e/artifacts/FAILED-<test>.png. Exit code 1 on any failure.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { registry, openApps, webDir, artifactsDir } from './harness.mjs';

const filter = process.argv[2] || '';
const here = dirname(fileURLToPath(import.meta.url));

if (!existsSync(join(webDir, 'index.html')) || !existsSync(join(webDir, 'keygrader.wasm'))) {
  console.error(`e2e: ${webDir} has no built page: run scripts/build.sh first`);
  process.exit(1);
}
if (!existsSync(process.env.KG_CHROMIUM || '/usr/bin/chromium')) {
  console.error('e2e: /usr/bin/chromium is missing: run scripts/setup.sh first');
  process.exit(1);
}

const specs = readdirSync(here).filter((f) => f.endsWith('.spec.mjs')).sort();
const tests = [];
for (const spec of specs) {
  const before = registry.length;
  await import(pathToFileURL(join(here, spec)).href);
  for (const t of registry.slice(before)) tests.push({ ...t, spec });
}
const selected = tests.filter((t) => !filter || t.spec.includes(filter) || t.name.includes(filter));

const server = await startServer(webDir, 0);
const base = `http://127.0.0.1:${server.address().port}`;
console.log(`e2e: ${selected.length} tests from ${specs.length} specs against ${base}/ (artifacts: ${artifactsDir})`);

const safeName = (s) => s.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);
let passed = 0;
const failures = [];
for (const t of selected) {
  const started = Date.now();
  let error = null;
  try {
    await t.fn({ server: base, name: t.name });
    for (const app of openApps) {
      if (app.pageErrors.length) throw new Error(`uncaught error in the page: ${app.pageErrors[0]}`);
    }
  } catch (e) {
    error = e;
  }
  if (error) {
    let i = 0;
    for (const app of openApps) {
      await app.screenshot(`FAILED-${safeName(t.name)}${i++ ? '-' + i : ''}`).catch(() => {});
    }
  }
  for (const app of [...openApps]) await app.close();
  const ms = Date.now() - started;
  if (error) {
    failures.push({ t, error });
    console.log(`not ok - ${t.spec} › ${t.name} (${ms} ms)\n    ${String(error.stack || error).split('\n').join('\n    ')}`);
  } else {
    passed++;
    console.log(`ok - ${t.spec} › ${t.name} (${ms} ms)`);
  }
}
server.close();

console.log(`\n${passed} passed, ${failures.length} failed`);
if (failures.length) {
  console.log('failed:');
  for (const f of failures) console.log(`  ${f.t.spec} › ${f.t.name}: ${String(f.error.message || f.error).split('\n')[0]}`);
  process.exit(1);
}
if (!selected.length) {
  console.error(`e2e: no test matched "${filter}"`);
  process.exit(1);
}
process.exit(0);
