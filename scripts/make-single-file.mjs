// Assembles build/web/keygrader.html: the page in one file that works opened from disk
// (file://) with no network. It inlines the glue, the module linked with -sSINGLE_FILE=1
// (wasm embedded), the fonts (base64) and the demo files, as window.KG_EMBEDDED, which the
// glue reads instead of fetching.
// Usage: node scripts/make-single-file.mjs WEB_SRC_DIR SINGLE_MODULE_JS WEB_OUT
import { readFileSync, readdirSync, writeFileSync, existsSync, renameSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const [webSrc, moduleJs, webOut] = process.argv.slice(2);
if (!webSrc || !moduleJs || !webOut) {
  console.error('usage: node scripts/make-single-file.mjs WEB_SRC_DIR SINGLE_MODULE_JS WEB_OUT');
  process.exit(1);
}

// Inline <script> content may not contain "</script" or "<!--".
const inlineSafe = (code) => code.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const files = {};
for (const path of listFiles(join(webOut, 'fonts')).filter((p) => p.endsWith('.ttf'))) {
  files[relative(webOut, path).split('\\').join('/')] = { b64: readFileSync(path).toString('base64') };
}
for (const path of listFiles(join(webOut, 'demo')).filter((p) => !p.endsWith('.tmp'))) {
  const bytes = readFileSync(path);
  let entry;
  try {
    entry = { text: decoder.decode(bytes) };
  } catch {
    entry = { b64: bytes.toString('base64') };
  }
  files[relative(webOut, path).split('\\').join('/')] = entry;
}

// The zip library (fflate, from npm) travels as text and is run only when an archive is made.
files['fflate.js'] = { text: readFileSync(join(webOut, 'fflate.js'), 'utf8') };

const embedded = { moduleScriptId: 'kg-module', files };
let html = readFileSync(join(webSrc, 'index.html'), 'utf8');
const glue = readFileSync(join(webSrc, 'keygrader-glue.js'), 'utf8');
const storeJs = readFileSync(join(webSrc, 'keygrader-store.js'), 'utf8');
const moduleCode = readFileSync(moduleJs, 'utf8');

const marker = '<!-- KG_EMBEDDED -->';
const glueTag = '<script src="keygrader-glue.js"></script>';
const storeTag = '<script src="keygrader-store.js"></script>';
if (!html.includes(marker) || !html.includes(glueTag) || !html.includes(storeTag)) {
  console.error(`make-single-file: web/index.html must contain ${marker}, ${glueTag} and ${storeTag}`);
  process.exit(2);
}
const embeddedJson = JSON.stringify(embedded).replace(/</g, '\\u003c');
html = html.replace(marker, () =>
  `<script>window.KG_EMBEDDED = ${embeddedJson};</script>\n` +
  `<script type="text/x-keygrader-module" id="kg-module">${inlineSafe(moduleCode)}</script>`);
html = html.replace(glueTag, () => `<script>${inlineSafe(glue)}</script>`);
html = html.replace(storeTag, () => `<script>${inlineSafe(storeJs)}</script>`);
html = html.replace('<title>KeyGrader</title>', '<title>KeyGrader (offline)</title>');

const out = join(webOut, 'keygrader.html');
if (!existsSync(out) || readFileSync(out, 'utf8') !== html) {
  writeFileSync(out + '.tmp', html);
  renameSync(out + '.tmp', out);
}
const kb = (n) => (n / 1024).toFixed(0) + ' KB';
console.log(`keygrader.html: ${kb(Buffer.byteLength(html))} (${Object.keys(files).length} embedded files)`);
