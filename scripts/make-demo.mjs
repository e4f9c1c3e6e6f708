// Collects the demo files the page preloads on a first visit, and that URL parameters
// (?key=keys/...&review=assets/reviews/...) may name, into OUT (build/web/demo):
//   keys/*.md, assets/reviews/*.md, assets/reference/*.md  (copied when changed)
//   manifest.json  {"keys":[...], "reference":[...], "reviews":[...]}  (paths inside OUT)
// Files removed from the source folders are removed from OUT too; ALL-CAPS notes such as
// README.md or LABELS.md are not demo documents and are skipped.
// Usage: node scripts/make-demo.mjs REPO_ROOT OUT
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync, rmSync, renameSync } from 'node:fs';
import { join } from 'node:path';

const [root, out] = process.argv.slice(2);
if (!root || !out) {
  console.error('usage: node scripts/make-demo.mjs REPO_ROOT OUT');
  process.exit(1);
}

// README.md, LABELS.md ...: notes about a folder, not documents to grade.
const isFolderNote = (name) => /^[A-Z0-9_-]+\.md$/.test(name);

const groups = { keys: 'keys', reference: 'assets/reference', reviews: 'assets/reviews' };
const manifest = {};

function writeIfChanged(path, bytes) {
  if (existsSync(path) && Buffer.compare(readFileSync(path), bytes) === 0) return;
  writeFileSync(path + '.tmp', bytes);
  renameSync(path + '.tmp', path);
}

for (const [group, dir] of Object.entries(groups)) {
  const src = join(root, dir);
  const dst = join(out, dir);
  const names = existsSync(src)
    ? readdirSync(src).filter((n) => /\.(md|markdown)$/i.test(n) && !isFolderNote(n)).sort()
    : [];
  mkdirSync(dst, { recursive: true });
  for (const name of names) writeIfChanged(join(dst, name), readFileSync(join(src, name)));
  for (const stale of readdirSync(dst)) {
    if (!names.includes(stale)) rmSync(join(dst, stale), { force: true, recursive: true });
  }
  manifest[group] = names.map((n) => `${dir}/${n}`);
}

writeIfChanged(join(out, 'manifest.json'), Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
