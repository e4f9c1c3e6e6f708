// The bad-input catalog in the page (issue 6): files that cannot be used are refused with a
// visible message naming the file (and the line where that applies), the page keeps working
// and nothing already loaded or graded is lost. Files come in through both real paths (drop
// and the file input). Local storage full and corrupt saved state: see shell.spec.mjs.
import { readFileSync } from 'node:fs';
import { test, openApp, assert, fixturePath } from './harness.mjs';

const KEY = 'answer-key-round-008.md';
const DEMO_REVIEWS = ['v008-baseline-run1.md', 'v008-baseline-run2.md',
                      'v008-variant-redteam-run1.md', 'v008-variant-redteam-run2.md'];
const demoLoaded = (s) => s.shell.pendingFiles === 0 && s.keys.length === 1 &&
                          DEMO_REVIEWS.every((n) => s.reviews.some((r) => r.name === n));
const keyText = readFileSync(fixturePath(`keys/${KEY}`), 'utf8');

// Opens the demo and grades one problem, so that "nothing lost" covers work, not just files.
async function demoWithOneGrade(server) {
  const app = await openApp(server);
  let s = await app.waitFor(demoLoaded, 'the demo key and reviews');
  await app.page.focus('#canvas');
  await app.page.keyboard.press('1');   // ○ for the selected problem of the selected review
  const review = s.selection.review_name;
  const problem = s.selection.problem_id;
  assert.ok(review && problem, 'a review and a problem are selected after the demo loads');
  s = await app.waitFor((st) => st.reviews.find((r) => r.name === review).verdicts[problem] === 'detected',
                        `○ on ${problem} of ${review}`);
  return { app, before: s, review, problem };
}

// Everything that was there is still there, graded the same, and the page still draws.
async function assertNothingLost(app, before, review, problem) {
  const framesBefore = (await app.query()).shell.frames;
  const s = await app.waitFor((st) => st.shell.frames > framesBefore + 2, 'frames to keep coming');
  for (const r of before.reviews) {
    const now = s.reviews.find((x) => x.name === r.name);
    assert.ok(now, `${r.name} is still loaded`);
    assert.equal(now.hash, r.hash, `${r.name} is unchanged`);
    assert.deepEqual(now.verdicts, r.verdicts, `${r.name} keeps its verdicts`);
  }
  assert.equal(s.reviews.find((r) => r.name === review).verdicts[problem], 'detected');
  // Every key loaded before is still there (a newly added key, as in the duplicate-id case, is fine).
  for (const k of before.keys) {
    assert.ok(s.keys.some((x) => x.name === k.name), `key ${k.name} is still loaded`);
  }
  return s;
}

// The newest banner naming `name`, waited for.
async function bannerFor(app, name, what) {
  const s = await app.waitFor((st) => st.shell.pendingFiles === 0 && st.banners.some((b) => b.text.includes(name)),
                              `a message naming ${name} (${what})`);
  return s.banners.filter((b) => b.text.includes(name)).pop();
}

// One refused file: dropped or picked, an error banner naming it that matches `expect`, the
// file not added, the earlier work intact, and a good file still loads afterwards.
async function refusedFile(server, { via, name, content, expect, screenshot }) {
  const { app, before, review, problem } = await demoWithOneGrade(server);
  if (via === 'drop') await app.dropFiles([{ name, content }]);
  else await app.pickFiles([{ name, content }]);
  const b = await bannerFor(app, name, screenshot);
  assert.equal(b.level, 'error', `an error banner: "${b.text}"`);
  for (const re of expect) assert.match(b.text.replace(name, ''), re);
  await app.screenshot(`bad-inputs-${screenshot}`);
  const s = await assertNothingLost(app, before, review, problem);
  assert.ok(!s.reviews.some((r) => r.name === name) && !s.references.includes(name) && !s.keys.some((k) => k.name === name),
            `${name} was not added`);
  await app.dropFiles([{ name: 'v008-after-run1.md', content: '# Review\n\n### C1. Retry storm\n\nNo circuit breaker.\n' }]);
  await app.waitFor((st) => st.reviews.some((r) => r.name === 'v008-after-run1.md'), 'a good file after the bad one');
}

test('a binary file (a PNG) dropped is refused as binary, naming the file', async ({ server }) => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
                             Buffer.from('IHDR'), Buffer.alloc(64, 7)]);
  await refusedFile(server, { via: 'drop', name: 'diagram-run1.md', content: png, expect: [/binary/i], screenshot: 'binary' });
});

test('a file with invalid UTF-8 picked is refused naming the file and the line', async ({ server }) => {
  // A broken UTF-8 sequence (a cut 3-byte character) on line 3.
  const broken = Buffer.concat([Buffer.from('# Review\n\n### C1. Retry storm '), Buffer.from([0xe3, 0x81]),
                                Buffer.from('\nNo circuit breaker.\n')]);
  await refusedFile(server, { via: 'pick', name: 'v008-broken-run1.md', content: broken,
                              expect: [/UTF-8/, /line 3\b/], screenshot: 'invalid-utf8' });
});

test('an empty file dropped is refused as empty, naming the file', async ({ server }) => {
  await refusedFile(server, { via: 'drop', name: 'v008-empty-run1.md', content: '', expect: [/empty/i], screenshot: 'empty' });
});

test('a key with duplicate problem ids loads with a visible warning naming the file', async ({ server }) => {
  const { app, before, review, problem } = await demoWithOneGrade(server);
  const lines = keyText.split('\n');
  const dupLine = lines.findIndex((l) => l.startsWith('### P04:')) + 1;
  lines[dupLine - 1] = lines[dupLine - 1].replace('### P04:', '### P03:');
  await app.pickFiles([{ name: 'answer-key-round-009-dup.md', content: lines.join('\n') }]);
  const s = await app.waitFor((st) => st.keys.some((k) => k.name === 'answer-key-round-009-dup.md'), 'the key to load');
  const key = s.keys.find((k) => k.name === 'answer-key-round-009-dup.md');
  assert.ok(key.readable, 'still a key');
  assert.ok(key.warnings >= 1, 'the duplicate is a warning of the key');
  const b = await bannerFor(app, 'answer-key-round-009-dup.md', 'duplicate ids');
  assert.match(b.text, /duplicate|P03|warning/i, `the message says something is wrong: "${b.text}"`);
  await app.screenshot('bad-inputs-duplicate-ids');
  await assertNothingLost(app, before, review, problem);
});

test('a corrupt or newer workspace file is refused and the current work is kept', async ({ server }) => {
  const { app, before, review, problem } = await demoWithOneGrade(server);
  const v1 = readFileSync(fixturePath('tests/fixtures/workspace/v1.json'), 'utf8');
  await app.dropFiles([{ name: 'truncated-workspace.json', content: v1.slice(0, Math.floor(v1.length / 2)), mimeType: 'application/json' }]);
  let b = await bannerFor(app, 'truncated-workspace.json', 'corrupt workspace');
  assert.equal(b.level, 'error');
  assert.match(b.text, /line \d+/, 'the message gives the line');
  const newer = JSON.parse(v1);
  newer.version = 99;
  await app.pickFiles([{ name: 'from-the-future.json', content: JSON.stringify(newer), mimeType: 'application/json' }]);
  b = await bannerFor(app, 'from-the-future.json', 'newer version');
  assert.equal(b.level, 'error');
  assert.match(b.text, /newer/i);
  await app.screenshot('bad-inputs-workspace-files');
  await assertNothingLost(app, before, review, problem);
});

test('deeply nested Markdown and a review in an unexpected language render without harm', async ({ server }) => {
  const { app, before, review, problem } = await demoWithOneGrade(server);
  const deep = '> '.repeat(10000) + 'deep quote\n\n' + '- '.repeat(10000) + 'deep list\n\n' +
               '*'.repeat(10000) + 'emphasis' + '*'.repeat(10000) + '\n\n' + '['.repeat(10000) + 'x' + ']'.repeat(10000) + '\n\n' +
               Array.from({ length: 1000 }, (_, i) => '  '.repeat(i) + `- level ${i}`).join('\n') + '\n';
  const russian = '# Обзор надёжности\n\n## Критические проблемы\n\n### C1. Нет автоматического выключателя\n\n' +
                  'Повторные попытки перегружают сервис.\n\n### C2. Нет идемпотентности вебхуков\n\nДубликаты команд.\n';
  await app.dropFiles([{ name: 'v008-deep-run1.md', content: deep }, { name: 'v008-russian-run1.md', content: russian }]);
  let s = await app.waitFor((st) => st.reviews.some((r) => r.name === 'v008-deep-run1.md') &&
                                    st.reviews.some((r) => r.name === 'v008-russian-run1.md'), 'both reviews to load');
  assert.equal(s.reviews.find((r) => r.name === 'v008-russian-run1.md').findings, 2, 'C1 and C2 found in Russian');
  // Show each one (next review: ']') and let it draw a few frames.
  for (const name of ['v008-deep-run1.md', 'v008-russian-run1.md']) {
    for (let i = 0; i < s.reviews.length && (await app.query()).selection.review_name !== name; i++) {
      await app.page.keyboard.press(']');
      await app.page.waitForTimeout(150);
    }
    s = await app.query();
    assert.equal(s.selection.review_name, name, `${name} is shown`);
    const f = s.shell.frames;
    await app.waitFor((st) => st.shell.frames > f + 3, `frames while ${name} is shown`);
    await app.screenshot(`bad-inputs-${name.replace('.md', '')}`);
  }
  await assertNothingLost(app, before, review, problem);
});

// Issue 14: the page applies the core's caps (src/core/base/limits.h) to the files it is given.
test('files over the core\'s 64 MB cap get one notice each, are not read, and nothing is lost', async ({ server }) => {
  const { app, before, review, problem } = await demoWithOneGrade(server);
  // The cap comes from the core: the app hands kMaxFileBytes to the glue at start.
  assert.equal(await app.page.evaluate(() => window.KG.maxFileBytes), 64 * 1024 * 1024);
  const big = Array.from({ length: 7 }, (_, i) => `logs/v008-huge-run${i + 1}.md`);
  // Seven oversized files (more than the four notices the box used to show) and one good one,
  // dropped together. One blob of cap + 1 bytes backs them all (no 7 x 64 MB copies).
  await app.page.evaluate((names) => {
    const blob = new Blob([new Uint8Array(window.KG.maxFileBytes + 1)]);
    const dt = new DataTransfer();
    for (const n of names) dt.items.add(new File([blob], n, { type: 'text/markdown' }));
    dt.items.add(new File(['# Review\n\n### C1. Retry storm\n\nNo circuit breaker.\n'], 'v008-small-run1.md', { type: 'text/markdown' }));
    const canvas = document.getElementById('canvas');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      canvas.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  }, big);
  const s = await app.waitFor((st) => st.shell.pendingFiles === 0 && st.reviews.some((r) => r.name === 'v008-small-run1.md') &&
                                      big.every((n) => st.shell.notices.some((t) => t.includes(n))) &&
                                      st.shell.noticesListed >= big.length,
                              'a notice for every oversized file, all listed in the notice box, and the good file loaded');
  for (const n of big) {
    const mine = s.shell.notices.filter((t) => t.includes(n));
    assert.equal(mine.length, 1, `one notice for ${n}: ${JSON.stringify(mine)}`);
    assert.match(mine[0].replace(n, ''), /over the 64 MB limit for one file \(67108865 bytes\): not loaded/);
    assert.ok(!s.reviews.some((r) => r.name === n) && !s.references.includes(n), `${n} was not loaded`);
  }
  await app.screenshot('bad-inputs-over-the-cap');
  await assertNothingLost(app, before, review, problem);
});

test('past the suggestion work bound a review gets no suggestions, with the reason, and the page keeps drawing', async ({ server }) => {
  const { app, before, review, problem } = await demoWithOneGrade(server);
  // 2,000 problems x a 1.1 MB review is past 2e9 problem-bytes; the demo's 9 x 16 KB is not.
  const lines = ['# Answer Key - Round 010', '', '## Embedded Problem Details', ''];
  for (let i = 1; i <= 2000; i++) {
    lines.push(`### P${i}: Problem number ${i}`, '- **Severity**: Critical', '- **Detection Criteria**:',
               `  - ○ (Detected): names problem ${i}`, `  - △ (Partial): mentions problem ${i}`,
               `  - × (Not Detected): does not mention problem ${i}`, '');
  }
  const sample = readFileSync(fixturePath('assets/reviews/v008-baseline-run1.md'), 'utf8');
  const long = Array.from({ length: Math.ceil(1100000 / sample.length) }, () => sample).join('\n\n');
  await app.dropFiles([{ name: 'answer-key-round-010.md', content: lines.join('\n') },
                       { name: 'v010-long-run1.md', content: long }]);
  let s = await app.waitFor((st) => st.shell.pendingFiles === 0 && st.reviews.some((r) => r.name === 'v010-long-run1.md') &&
                                    st.keys.some((k) => k.name === 'answer-key-round-010.md'), 'the key and the long review');
  const r = s.reviews.find((x) => x.name === 'v010-long-run1.md');
  assert.equal(r.key, 'answer-key-round-010.md', 'linked to its round\'s key');
  assert.match(r.suggestions_refused, /2000 problems .* over the limit/);
  assert.equal(s.reviews.find((x) => x.name === review).suggestions_refused, '', 'the demo review is within the bound');
  const f = s.shell.frames;
  s = await app.waitFor((st) => st.shell.frames > f + 3, 'frames after the long review arrived');
  assert.ok(!s.suggestions.some((x) => x.review === 'v010-long-run1.md' && Object.keys(x.problems).length > 0),
            'no suggestions stored for the long review');
  // Shown, it says why (the grading panel, under the problem).
  await app.page.focus('#canvas');
  for (let i = 0; i < s.reviews.length && (await app.query()).selection.review_name !== 'v010-long-run1.md'; i++) {
    await app.page.keyboard.press(']');
    await app.page.waitForTimeout(150);
  }
  assert.equal((await app.query()).selection.review_name, 'v010-long-run1.md');
  await app.screenshot('bad-inputs-suggestions-refused');
  await assertNothingLost(app, before, review, problem);
});
