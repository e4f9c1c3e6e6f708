// A whole benchmark as one KeyGrader workspace (format 3), generated deterministically (no
// random numbers: every value follows from its index), for the storage e2e test and the
// page bench (bench/page_bench.mjs --storage). Default shape, as the largest real workload
// of issue 12: 10 perspective folders, 760 reviews (~11 MB of review text), 230 judge
// reports, 10 keys, 30 references, every review graded on its key's 9 problems (some notes).
//
//   node bench/gen_workspace.mjs OUT.json [--reviews 760] [--review-kb 14.5]
//   import { makeWorkspace, makeFolderFiles } from './gen_workspace.mjs'
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const KEY_TEXT = readFileSync(join(here, '../keys/answer-key-round-008.md'), 'utf8').replace(/\r\n?/g, '\n');
const FOLDERS = ['reliability-design', 'security-design', 'performance-design', 'consistency-design',
                 'structural-quality-design', 'reliability-code', 'security-code', 'performance-code',
                 'consistency-code', 'structural-quality-code'];
const PROMPTS = ['baseline', 'variant-redteam', 'variant-checklist', 'variant-fewshot'];
const VERDICTS = ['detected', 'partial', 'missed', 'detected', 'detected', 'partial', 'missed', 'detected', 'partial'];

// content_hash (src/core/base/text.cpp): FNV-1a 64 over the UTF-8 bytes, 16 hex digits.
export function contentHash(text) {
  const bytes = Buffer.from(text, 'utf8');
  let hi = 0xcbf29ce4, lo = 0x84222325;
  const TWO32 = 4294967296;
  for (let i = 0; i < bytes.length; i++) {
    lo = (lo ^ bytes[i]) >>> 0;
    // h * 0x100000001b3 = h * 0x1b3 + (h << 40), mod 2^64
    const t = lo * 0x1b3;
    const carry = Math.floor(t / TWO32);
    const newLo = t - carry * TWO32;
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) % TWO32;
    lo = newLo;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

// One review's text: findings that quote the key's problems, padded to about `bytes`.
function reviewText(folder, name, index, bytes) {
  const head = `# Review: ${folder} — ${name}\n\n(generated review ${index})\n\n## Critical Issues\n\n`;
  const parts = [head];
  let size = head.length;
  for (let n = 1; size < bytes; n++) {
    const p = ((index + n) % 9) + 1;
    const para = `### C${n}. Finding ${n} on problem P0${p} (review ${index})\n\n` +
      `The design does not say what happens when the dependency of section ${n % 8 + 1} fails. ` +
      `A retry storm follows, the circuit breaker is missing, and the idempotency key of the webhook ` +
      `is not checked; 障害時の挙動が定義されていない (${index}-${n}).\n\n`;
    parts.push(para);
    size += para.length;
  }
  return parts.join('') + '\n';
}

export function makeWorkspace({ reviews = 760, reviewKb = 14.5, judges = 230 } = {}) {
  const ws = { keys: [], reviews: [], references: [], judges: [], baseline_prompt: '',
               selection: { review: 0, problem: 0, reference: -1, review_scroll: 0 }, theme: '' };
  const perFolder = Math.ceil(reviews / FOLDERS.length);
  for (const folder of FOLDERS) {
    ws.keys.push({ name: `${folder}/answer-key-round-008.md`,
                   text: KEY_TEXT.replace('# Answer Key - Round 008', `# Answer Key - Round 008 (${folder})`) });
    for (const ref of ['perspective.md', 'knowledge.md', 'test-document-round-008.md']) {
      ws.references.push({ name: `${folder}/${ref}`, text: `# ${ref} of ${folder}\n\n${'Reference text. '.repeat(200)}\n`,
                           kind: 'reference', reason: 'generated' });
    }
  }
  for (let i = 0; i < reviews; i++) {
    const folder = FOLDERS[Math.floor(i / perFolder) % FOLDERS.length];
    const k = i % perFolder;
    const prompt = `v008-${PROMPTS[k % PROMPTS.length]}-r${Math.floor(k / (PROMPTS.length * 2))}`;
    const run = Math.floor(k / PROMPTS.length) % 2 + 1;
    const name = `${folder}/results/${prompt}-run${run}.md`;
    const text = reviewText(folder, name, i, Math.round(reviewKb * 1024));
    const hash = contentHash(text);
    const grades = [];
    for (let p = 1; p <= 9; p++) {
      grades.push({ problem_id: `P0${p}`, verdict: VERDICTS[(i + p) % VERDICTS.length],
                    note: (i + p) % 4 === 0 ? `Finding C${p} covers P0${p} (review ${i}); 根拠あり` : '',
                    evidence: (i + p) % 5 === 0 ? [{ line_start: 5, line_end: 7, text: `Finding ${p}` }] : [],
                    review_hash: hash, stale: false,
                    suggestion: { verdict: 'ungraded', confidence: 0, evidence: [] }, from_judge: false });
    }
    ws.reviews.push({ name, text, hash, prompt, run, key_name: `${folder}/answer-key-round-008.md`, grades,
                      bonus: i % 3 === 0 ? [{ note: 'cross-AZ failure', bonus_id: 'B01', line_start: 0, line_end: 0, from_judge: false }] : [],
                      penalties: [] });
  }
  for (let j = 0; j < judges; j++) {
    const folder = FOLDERS[j % FOLDERS.length];
    const prompt = `v008-${PROMPTS[j % PROMPTS.length]}-r${Math.floor(j / FOLDERS.length)}`;
    ws.judges.push({ name: `${folder}/results/${prompt}-scoring-${j}.md`,
                     text: `# Scoring: ${prompt} (${folder}, ${j})\n\n| Problem | Run1 | Run2 |\n|---|---|---|\n` +
                           Array.from({ length: 9 }, (_, p) => `| P0${p + 1} | ○ | △ |\n`).join('') + '\n' +
                           'Judge notes. '.repeat(150) + '\n',
                     key_name: `${folder}/answer-key-round-008.md`, prompt, round: 8 });
  }
  return { format: 'keygrader-workspace', version: 3, workspace: ws };
}

export function makeWorkspaceJson(options) {
  return JSON.stringify(makeWorkspace(options));
}

// The same corpus as files of folders (for ingest): [{path, text}].
export function makeFolderFiles(options) {
  const { workspace: ws } = makeWorkspace(options);
  return [...ws.keys, ...ws.references, ...ws.reviews, ...ws.judges].map((f) => ({ path: f.name, text: f.text }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node bench/gen_workspace.mjs OUT.json [--reviews N] [--review-kb KB]');
    process.exit(2);
  }
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const json = makeWorkspaceJson({ reviews: arg('--reviews', 760), reviewKb: arg('--review-kb', 14.5) });
  writeFileSync(out, json);
  console.log(`${out}: ${(json.length / 1048576).toFixed(1)} MB`);
}
