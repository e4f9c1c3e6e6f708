#!/usr/bin/env node
// Writes benchmark folders of the real shape (DESIGN.md), deterministically, with a manifest
// that says what every file is, so tests can check classification, linking and adoption.
//
//   node tests/gen/make-benchmark.mjs OUTDIR [--perspectives N] [--rounds R] [--seed S]
//
// Defaults: 2 perspectives, 3 rounds each, seed 20240508 (the same bytes on every run).
// Real scale: --perspectives 10 --rounds 13. Node 20, no dependencies.
//
// Per perspective folder (reliability-design/, security-design/, ...): perspective.md,
// knowledge.md, and per round NNN: answer-key-round-NNN.md, test-document-round-NNN.md,
// prompts/vNNN-<prompt>.md, results/vNNN-<prompt>-run1.md / -run2.md (reviews),
// results/vNNN-<prompt>-scoring.md (the LLM judge's report on both runs) and
// reports/round-NNN-comparison.md. OUTDIR/manifest.json lists every file (see the README
// next to this script for its fields).
import fs from 'node:fs';
import path from 'node:path';
import { SYSTEMS, SECTIONS, PERSPECTIVES, VARIANTS } from './bank.mjs';

// ---- arguments ------------------------------------------------------------------------------

function usage(msg) {
  if (msg) process.stderr.write(`make-benchmark: ${msg}\n`);
  process.stderr.write('usage: node tests/gen/make-benchmark.mjs OUTDIR [--perspectives N] [--rounds R] [--seed S]\n');
  process.exit(1);
}

function parseArgs(argv) {
  const o = { out: null, perspectives: 2, rounds: 3, seed: 20240508 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (name, lo, hi) => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < lo || v > hi) usage(`${name} takes a whole number from ${lo} to ${hi}`);
      return v;
    };
    if (a === '--perspectives') o.perspectives = num(a, 1, PERSPECTIVES.length);
    else if (a === '--rounds') o.rounds = num(a, 1, 40);
    else if (a === '--seed') o.seed = num(a, 0, 2 ** 31 - 1);
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else if (o.out === null) o.out = a;
    else usage(`unexpected argument ${a}`);
  }
  if (o.out === null) usage('OUTDIR is required');
  return o;
}

// ---- deterministic randomness ---------------------------------------------------------------

function hash32(s) {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

// mulberry32, one stream per label so each file's choices do not depend on the others.
function makeRng(seed, label) {
  let a = hash32(`${seed}|${label}`);
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    shuffle: (arr) => {
      const a2 = arr.slice();
      for (let i = a2.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [a2[i], a2[j]] = [a2[j], a2[i]];
      }
      return a2;
    },
  };
}

// ---- small text helpers ---------------------------------------------------------------------

const pad3 = (n) => String(n).padStart(3, '0');
const pad2 = (n) => String(n).padStart(2, '0');
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const fill = (t, c) => t.replaceAll('{X}', c.X).replaceAll('{S}', c.S);
// Scores move in steps of 0.25 at most (two runs): "7.0", "6.5", "6.75".
const fmt = (v) => (Math.abs(v * 2 - Math.round(v * 2)) < 1e-9 ? v.toFixed(1) : v.toFixed(2));
const SCORE = { '○': 1, '△': 0.5, '×': 0 };
let SEED = 0;   // the --seed of this run, for the per-file random streams
const SEV_JA = { Critical: '重大', Significant: '中', Moderate: '軽微' };
const TIER = { Critical: 0, Significant: 1, Moderate: 2 };
const stabilityOf = (sd) => (sd <= 0.5 + 1e-9 ? 'high' : sd <= 1.0 + 1e-9 ? 'medium' : 'low');
const STAB = { high: ['High', '高'], medium: ['Medium', '中'], low: ['Low', '低'] };

function meanSd(xs) {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
  return [m, Math.sqrt(v)];
}

// ---- the plan: everything decided before any file is written --------------------------------

// Every (defect, component) pair of a perspective that the round's system offers.
function combos(persp, sys) {
  const out = [];
  for (const d of persp.defects) {
    for (const slot of d.slots) {
      for (const comp of sys[slot] || []) out.push({ defect: d, slot, comp, persp });
    }
  }
  return out;
}

function serviceFor(sys, combo, rng) {
  if (combo.slot === 'svc') return sys.svc.find((s) => s !== combo.comp) || sys.svc[0];
  return rng.pick(sys.svc);
}

// Tricky statement shapes (the audit's false flags, Task B of issue 11) and where they fit.
// `needs` constrains the run they appear in. Each is recorded in the manifest with its meaning.
const TRICKS = [
  { kind: 'penalties-zero-heading', shapes: ['en-per-run', 'en-status', 'ja-per-run'], needs: { penalty: 0, consideredPenalty: true } },
  { kind: 'issues-count-line', shapes: '*', needs: {} },
  { kind: 'no-scope-violations', shapes: ['en-per-run', 'en-status', 'en-h3', 'en-columns'], needs: { penalty: 0 } },
  { kind: 'bonus-zero-heading', shapes: ['en-per-run', 'en-status', 'ja-per-run'], needs: { bonus: 0, consideredBonus: true } },
  { kind: 'ja-bonus-none', shapes: ['ja-per-run', 'ja-columns'], needs: { bonus: 0 } },
  { kind: 'ja-penalty-none-reason', shapes: ['ja-per-run', 'ja-columns'], needs: { penalty: 0, consideredPenalty: true } },
  { kind: 'findings-count', shapes: '*', needs: {} },
  { kind: 'issues-found-column', shapes: '*', needs: {} },
  { kind: 'no-penalty-within-scope', shapes: ['en-per-run', 'en-status', 'en-h3', 'en-columns', 'en-combined'], needs: { consideredPenalty: true } },
  { kind: 'penalty-statement-reason', shapes: ['en-per-run', 'en-status'], needs: { penalty: 1 } },
];
const EN_SHAPES = ['en-per-run', 'en-h3', 'en-status', 'en-columns', 'en-combined'];
const JA_SHAPES = ['ja-per-run', 'ja-columns'];

function makePlan(opts) {
  const plan = { seed: opts.seed, perspectives: [] };
  const trickUse = new Map(TRICKS.map((t) => [t.kind, 0]));
  let keyIndex = 0;
  let judgeIndex = 0;
  for (let pi = 0; pi < opts.perspectives; pi++) {
    const persp = PERSPECTIVES[pi];
    const folder = `${persp.slug}-design`;
    const prng = makeRng(opts.seed, folder);
    // Rounds overlap across perspectives, so folders share file names (round 008).
    const first = Math.max(1, 8 - (opts.rounds - 1) + (pi % 3));
    const variantPool = prng.shuffle(VARIANTS);
    const pp = { persp, folder, rounds: [] };
    for (let ri = 0; ri < opts.rounds; ri++) {
      const n = first + ri;
      const nnn = pad3(n);
      const rng = makeRng(opts.seed, `${folder}/round-${nnn}`);
      const sys = SYSTEMS[(pi * 3 + ri) % SYSTEMS.length];
      const layout = keyIndex === 4 ? 'table' : 'headings';
      const lang = layout === 'table' || keyIndex % 3 === 0 ? 'ja' : 'en';
      keyIndex++;
      const all = rng.shuffle(combos(persp, sys));
      // One combo per defect first, then second components of repeated defects.
      const byDefect = [];
      const seen = new Set();
      for (const c of all) if (!seen.has(c.defect.slug)) { seen.add(c.defect.slug); byDefect.push(c); }
      const rest = all.filter((c) => !byDefect.includes(c));
      const ordered = byDefect.concat(rest);
      const nEmbedded = layout === 'table' ? Math.min(10, ordered.length - 2)
        : Math.max(4, Math.min(ordered.length - 3, rng.int(6, 10)));
      const embedded = ordered.slice(0, nEmbedded);
      const nBonus = layout === 'table' ? 0 : Math.min(ordered.length - nEmbedded, rng.int(3, 7));
      const bonus = ordered.slice(nEmbedded, nEmbedded + nBonus);
      const novel = ordered.slice(nEmbedded + nBonus);
      const round = {
        n, nnn, folder, persp, sys, lang, layout,
        title: lang === 'ja' ? rng.pick(['bare', 'bare', 'dash', 'colon']) : 'dash',
        style: {
          conditions: rng.pick(['Execution Conditions', 'Execution Context']),
          problems: rng.pick(['Embedded Problem Details', 'Embedded Problems', 'Embedded Issues', 'Embedded Problem List']),
          bonus: rng.pick(['Bonus Problem Candidates', 'Bonus Problems', 'Bonus Problem List', 'Bonus Issues', 'Bonus Issue List']),
          bonusCols: rng.pick([['Content', 'Bonus Criteria'], ['Description', 'Bonus Condition']]),
          criteria: rng.pick([
            ['(Detected)', '(Partial)', '(Not Detected)'], ['(Full Detection)', '(Partial Detection)', '(Undetected)'],
            ['(Detected)', '(Partial)', '(No Detection)'], ['(Detected)', '(Partial)', '(Missed)'], ['', '', '']]),
          jaCriteria: rng.pick([['（検出）', '（部分検出）', '（未検出）', '：'], ['（検出）', '（部分検出）', '（未検出）', ':'], [' (検出)', ' (部分検出)', ' (未検出)', ':']]),
          jaHeadingColon: rng.pick(['：', ': ']),
          bonusSentence: rng.chance(0.5),
        },
        problems: [], bonus: [], novel: [], prompts: [],
      };
      const groups = ['S', 'D', 'L'];
      embedded.forEach((c, i) => {
        let id = `P${pad2(i + 1)}`;
        if (layout === 'table') {
          const g = i < 3 ? 0 : i < 6 ? 1 : 2;
          id = `${groups[g]}${g === 0 ? i + 1 : g === 1 ? i - 2 : i - 5}`;
        }
        round.problems.push({ id, ...c, S: serviceFor(sys, c, rng), difficulty: rng.next() * 0.35 });
      });
      bonus.forEach((c, i) => round.bonus.push({ id: `B${pad2(i + 1)}`, ...c, S: serviceFor(sys, c, rng) }));
      novel.forEach((c) => round.novel.push({ ...c, S: serviceFor(sys, c, rng) }));
      // Out-of-scope material for penalties: defects of the other perspectives.
      round.foreign = [];
      for (const other of PERSPECTIVES) {
        if (other === persp) continue;
        for (const c of combos(other, sys)) round.foreign.push({ ...c, S: serviceFor(sys, c, rng) });
      }
      round.foreign = rng.shuffle(round.foreign);

      // Prompts: the baseline and two variants; a skill per prompt.
      const variants = [variantPool[ri % variantPool.length], variantPool[(ri + 3) % variantPool.length]];
      const names = ['baseline', `variant-${variants[0]}`, `variant-${variants[1]}`];
      for (const [k, short] of names.entries()) {
        const prompt = {
          short, name: `v${nnn}-${short}`, skill: k === 0 ? 0.55 + rng.next() * 0.1 : 0.45 + rng.next() * 0.3,
          reviewLang: [], reviewShape: [],
        };
        const shapesFor = (lg) => (lg === 'ja' ? ['ja-numbered', 'ja-tagged'] : ['severity-sections', 'redteam', 'tiers']);
        for (let run = 1; run <= 2; run++) {
          // Japanese keys get some English reviews; table-layout keys get numbered findings.
          const rl = lang === 'ja' ? ((k + run) % 3 === 0 ? 'en' : 'ja') : 'en';
          prompt.reviewLang.push(rl);
          prompt.reviewShape.push(layout === 'table' ? (rl === 'ja' ? 'ja-numbered' : 'severity-sections') : rng.pick(shapesFor(rl)));
        }
        // The judge's report: its shape, tricky statements, slips, revisions.
        const jshapes = lang === 'ja' ? JA_SHAPES : EN_SHAPES;
        const shape = jshapes[(judgeIndex + pi) % jshapes.length];
        const tricks = [];
        const candidates = TRICKS.filter((t) => t.shapes === '*' || t.shapes.includes(shape));
        candidates.sort((a, b) => trickUse.get(a.kind) - trickUse.get(b.kind) || TRICKS.indexOf(a) - TRICKS.indexOf(b));
        const want = judgeIndex % 4 === 2 ? 0 : judgeIndex % 3 === 0 ? 2 : 1;
        for (const t of candidates) {
          if (tricks.length >= want) break;
          const run = tricks.length === 0 ? 1 + (judgeIndex % 2) : 2 - (judgeIndex % 2);
          if (tricks.some((x) => x.run === run && Object.keys(x.needs).some((key) => key in t.needs))) continue;
          tricks.push({ kind: t.kind, run, needs: t.needs });
          trickUse.set(t.kind, trickUse.get(t.kind) + 1);
        }
        prompt.judge = {
          shape, tricks,
          slip: judgeIndex % 5 === 3,               // run 2 detection subtotal stated 0.5 too high
          disagree: judgeIndex % 4 === 1,           // one verdict differs from the review's content
          index: judgeIndex,
        };
        judgeIndex++;
        round.prompts.push(prompt);
      }
      planRuns(round, rng);
      pp.rounds.push(round);
    }
    plan.perspectives.push(pp);
  }
  return plan;
}

// Verdicts, bonus and penalty findings of every run: the review's content (the truth) and
// what the judge states about it.
function planRuns(round, rng) {
  for (const prompt of round.prompts) {
    prompt.runs = [];
    let prev = null;
    const bonusPool = round.bonus.concat(round.novel);
    for (let run = 1; run <= 2; run++) {
      const needs = {};
      for (const t of prompt.judge.tricks) if (t.run === run) Object.assign(needs, t.needs);
      const truth = {};
      for (const p of round.problems) {
        const s = prompt.skill - p.difficulty + 0.15;
        let v;
        if (prev && rng.chance(0.65)) v = prev.truth[p.id];
        else {
          const x = rng.next();
          v = x < s ? '○' : x < s + (1 - s) * 0.45 ? '△' : '×';
        }
        truth[p.id] = v;
      }
      let nb = Math.min(bonusPool.length, rng.pick([0, 1, 1, 2, 2, 3, 3, 4]));
      if (round.persp.slug === 'reliability' && run === 2 && prompt.judge.index % 7 === 6) nb = Math.min(bonusPool.length, 6);
      if ('bonus' in needs) nb = needs.bonus;
      let np = rng.pick([0, 0, 1, 1, 2]);
      if ('penalty' in needs) np = needs.penalty;
      const picks = rng.shuffle(bonusPool).slice(0, nb);
      const foreign = rng.shuffle(round.foreign);
      const penalties = foreign.slice(0, np).map((c) => ({ ...c, reason: 'scope' }));
      const consideredPenalty = needs.consideredPenalty || rng.chance(0.2) ? foreign.slice(np, np + (rng.chance(0.5) ? 2 : 1)) : [];
      // Findings the judge looked at for a bonus and declined: a restatement of a key problem.
      const detected = round.problems.filter((p) => truth[p.id] !== '×');
      const consideredBonus = needs.consideredBonus && detected.length ? [rng.pick(detected)] : [];
      const r = { run, truth, bonus: picks, penalties, consideredPenalty, consideredBonus, needs };
      prev = r;
      prompt.runs.push(r);
    }
    // What the judge states: the truth, with one disagreement in some reports.
    for (const r of prompt.runs) {
      r.judged = { ...r.truth };
      r.disagreements = [];
    }
    if (prompt.judge.disagree) {
      const r = prompt.runs[0];
      const p = rng.pick(round.problems);
      const was = r.truth[p.id];
      const now = was === '○' ? '△' : was === '△' ? '○' : '△';
      r.judged[p.id] = now;
      r.disagreements.push({ id: p.id, judge: now, review: was });
    }
    // The combined-cells shape carries a first pass that a revised run 1 table corrects.
    if (prompt.judge.shape === 'en-combined') {
      const r = prompt.runs[0];
      const p = rng.pick(round.problems.filter((q) => r.judged[q.id] !== '×')) || round.problems[0];
      r.firstPass = { ...r.judged, [p.id]: r.judged[p.id] === '○' ? '△' : '○' };
      r.revisedId = p.id;
    }
    for (const r of prompt.runs) {
      r.detection = round.problems.reduce((a, p) => a + SCORE[r.judged[p.id]], 0);
      r.score = r.detection + 0.5 * Math.min(5, r.bonus.length) - 0.5 * r.penalties.length;
      r.statedDetection = r.detection;
      r.statedScore = r.score;
    }
    if (prompt.judge.slip) {
      const r = prompt.runs[1];
      r.statedDetection += 0.5;
      r.statedScore += 0.5;
    }
    const [m, sd] = meanSd(prompt.runs.map((r) => r.statedScore));
    const [rm, rsd] = meanSd(prompt.runs.map((r) => r.score));
    prompt.stated = { mean: m, sd };
    prompt.recomputed = { mean: rm, sd: rsd };
  }
}

// ---- findings of a review ---------------------------------------------------------------------

// The findings one review contains, in severity order, each with the id the review gives it.
function reviewFindings(round, prompt, runIdx) {
  const r = prompt.runs[runIdx];
  const rng = makeRng(SEED, `${round.folder}/${prompt.name}/run${runIdx + 1}/findings`);
  const list = [];
  for (const p of round.problems) {
    const v = r.truth[p.id];
    if (v === '×') continue;
    const sev = v === '○' ? p.defect.sev : p.defect.sev === 'Critical' ? 'Significant' : 'Moderate';
    list.push({ kind: v === '○' ? 'full' : 'partial', combo: p, sev, problem: p.id });
  }
  for (const b of r.bonus) list.push({ kind: 'full', combo: b, sev: b.defect.sev === 'Critical' ? 'Significant' : b.defect.sev, bonus: b.id || 'novel' });
  for (const f of r.penalties) list.push({ kind: 'full', combo: f, sev: 'Significant', penalty: true });
  for (const f of r.consideredPenalty) list.push({ kind: 'full', combo: f, sev: 'Moderate', considered: true });
  for (const p of r.consideredBonus) list.push({ kind: 'restate', combo: p, sev: 'Moderate', restates: p.id });
  const ordered = [];
  for (const sev of ['Critical', 'Significant', 'Moderate']) {
    ordered.push(...rng.shuffle(list.filter((f) => f.sev === sev)));
  }
  const shape = prompt.reviewShape[runIdx];
  const counters = { Critical: 0, Significant: 0, Moderate: 0 };
  ordered.forEach((f, i) => {
    const letter = f.sev === 'Critical' ? 'C' : f.sev === 'Significant' ? 'S' : 'M';
    counters[f.sev]++;
    if (shape === 'redteam') f.fid = `S${i + 1}`;
    else if (shape === 'ja-numbered') f.fid = `${i + 1}`;
    else if (shape === 'ja-tagged') f.fid = `${letter}-${counters[f.sev]}`;
    else f.fid = `${letter}${counters[f.sev]}`;
    // Table-layout keys have ids S1, D2, L3: a review's own "S1" must not be cited bare.
    const ja = prompt.reviewLang[runIdx] === 'ja';
    f.ref = shape === 'ja-numbered' || round.layout === 'table' ? (ja ? `指摘${f.fid}` : `Finding ${f.fid}`) : f.fid;
  });
  return ordered;
}

function ctxOf(combo) { return { X: combo.comp, S: combo.S }; }

// ---- answer keys ------------------------------------------------------------------------------

function criteriaTexts(round, p) {
  const c = ctxOf(p);
  if (round.lang === 'ja') {
    const t = fill(p.defect.ja.t, c);
    return [`${t}ことを指摘し、そのリスク（${fill(p.defect.ja.r, c)}）を説明している`,
      `${fill(p.defect.ja.p, c)}には触れているが、${t}ことは指摘していない`,
      `${fill(p.defect.ja.p, c)}にも問題自体にも言及がない`];
  }
  const t = fill(p.defect.en.t, c);
  return [`Explicitly identifies the problem ("${t}") and explains the risk of ${fill(p.defect.en.r, c)}; recommends to ${fill(p.defect.en.f, c)}`,
    `Mentions ${fill(p.defect.en.p, c)} but does not identify the problem itself or its consequences`,
    `No mention of the problem, of ${fill(p.defect.en.p, c)} or of related risks`];
}

function location(round, defect) {
  const s = SECTIONS[defect.sec];
  return round.lang === 'ja' ? `第${s.n}章 ${s.ja}` : `Section ${s.n} - ${s.en}`;
}

function writeKey(round) {
  const L = [];
  const ja = round.lang === 'ja';
  const st = round.style;
  if (ja) {
    L.push(round.title === 'bare' ? '# 正解キー' : round.title === 'dash' ? `# 正解キー - Round ${round.nnn}` : `# 正解キー: Round ${round.n}`);
  } else {
    L.push(`# Answer Key - Round ${round.nnn}`);
  }
  L.push('');
  if (ja) {
    L.push('## 実行条件', `- **観点**: ${round.persp.ja}`, '- **対象**: 設計書');
    if (round.layout !== 'table') L.push(`- **埋め込み問題数**: ${round.problems.length}問`);
  } else {
    L.push(`## ${st.conditions}`, `- **Perspective**: ${round.persp.en}`, '- **Target**: design', `- **Embedded Problems**: ${round.problems.length}`);
  }
  L.push('');
  if (round.layout === 'table') {
    L.push('## 埋め込み問題一覧', '');
    const groups = [['S', 'Surface (S) — 表層的な問題'], ['D', 'Deep (D) — 設計に踏み込む問題'], ['L', 'Latent (L) — 潜在的な問題']];
    const counts = {};
    for (const [g, heading] of groups) {
      const ps = round.problems.filter((p) => p.id.startsWith(g));
      counts[g] = ps.length;
      if (!ps.length) continue;
      L.push(`### ${heading}`, '', '| ID | 問題 | 該当箇所 | 種別 |', '|----|------|---------|------|');
      for (const p of ps) {
        const s = SECTIONS[p.defect.sec];
        L.push(`| ${p.id} | ${fill(p.defect.ja.t, ctxOf(p))} | ${s.n}. ${s.ja} | ${p.defect.cat[1]} |`);
      }
      L.push('');
    }
    L.push(`## 合計: ${round.problems.length}問題 (S:${counts.S}, D:${counts.D}, L:${counts.L})`, '');
    return L.join('\n');
  }
  L.push(ja ? '## 埋め込み問題一覧' : `## ${st.problems}`, '');
  for (const p of round.problems) {
    const c = ctxOf(p);
    const [det, part, miss] = criteriaTexts(round, p);
    if (ja) {
      const [a, b, x, colon] = st.jaCriteria;
      const sp = colon === ':' ? ' ' : '';
      L.push(`### ${p.id}${st.jaHeadingColon}${fill(p.defect.ja.t, c)}`,
        `- **カテゴリ**: ${p.defect.cat[1]}`, `- **深刻度**: ${SEV_JA[p.defect.sev]}`,
        `- **該当箇所**: ${location(round, p.defect)}`, `- **問題の説明**: ${fill(p.defect.ja.d, c)}`,
        '- **検出判定基準**:', `  - ○${a}${colon}${sp}${det}`, `  - △${b}${colon}${sp}${part}`, `  - ×${x}${colon}${sp}${miss}`, '');
    } else {
      const [a, b, x] = st.criteria.map((s) => (s ? ` ${s}` : ''));
      L.push(`### ${p.id}: ${fill(p.defect.en.t, c)}`,
        `- **Category**: ${p.defect.cat[0]}`, `- **Severity**: ${p.defect.sev}`,
        `- **Location**: ${location(round, p.defect)}`, `- **Problem Description**: ${fill(p.defect.en.d, c)}`,
        '- **Detection Criteria**:', `  - ○${a}: ${det}`, `  - △${b}: ${part}`, `  - ×${x}: ${miss}`, '');
    }
  }
  if (round.bonus.length) {
    if (ja) {
      L.push('## ボーナス問題リスト', '');
      if (st.bonusSentence) L.push('以下はキーに含まれないが、指摘されれば加点する候補である。', '');
      L.push('| ID | カテゴリ | 内容 | ボーナス条件 |', '|----|---------|------|-------------|');
      for (const b of round.bonus) {
        const c = ctxOf(b);
        L.push(`| ${b.id} | ${b.defect.cat[1]} | ${fill(b.defect.ja.d, c)} | ${fill(b.defect.ja.t, c)}ことを指摘する、または${fill(b.defect.ja.f, c)}ことを提案する |`);
      }
    } else {
      L.push(`## ${st.bonus}`, '');
      if (st.bonusSentence) L.push('The following problems are not embedded, but a review that finds them earns a bonus.', '');
      L.push(`| ID | Category | ${st.bonusCols[0]} | ${st.bonusCols[1]} |`, '|----|---------|---------|----------------|');
      for (const b of round.bonus) {
        const c = ctxOf(b);
        L.push(`| ${b.id} | ${b.defect.cat[0]} | ${fill(b.defect.en.d, c)} | Identifies that ${lowerFirst(fill(b.defect.en.t, c), b.comp)} or recommends to ${fill(b.defect.en.f, c)} |`);
      }
    }
    L.push('');
  }
  return L.join('\n');
}

// "No circuit breaker ..." -> "no circuit breaker ..."; names ("PostgreSQL ...", "N+1") stay.
function lowerFirst(s, comp) {
  if (comp && s.startsWith(comp)) return s;
  return /^[A-Z][a-z]+ /.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

// ---- test documents ---------------------------------------------------------------------------

function writeDocument(round) {
  const ja = round.lang === 'ja';
  const sys = round.sys;
  const planted = {};
  for (const c of round.problems.concat(round.bonus)) {
    const key = c.defect.sec;
    (planted[key] = planted[key] || []).push(fill(ja ? c.defect.ja.doc : c.defect.en.doc, ctxOf(c)));
  }
  const put = (L, sec) => {
    if (planted[sec]) L.push('');
    for (const s of planted[sec] || []) L.push(`- ${s}`);
  };
  const L = [];
  if (ja) {
    L.push(`# ${sys.ja} 設計書`, '', '## 1. 概要', '', `${sys.ja}は、${sys.purpose[1]}システムである。本書は初回リリースのアーキテクチャ、データモデル、API、実装方針、非機能要件を定める。`, '',
      '### 1.1 対象範囲', '', `本書の対象は${sys.svc.join('、')}と、それらが利用するデータストアおよび外部連携である。管理画面のUIデザインは別紙とする。`, '',
      '## 2. 技術スタック', '', `- サービス: ${sys.svc.join('、')}（Go 1.22、Kubernetes上で稼働）`, `- データベース: ${sys.db[0]}、${sys.store[0]}`,
      `- メッセージング: ${sys.queue[0]}`, `- キャッシュ: ${sys.cache[0]}`, `- 外部連携: ${sys.ext.join('、')}`, '',
      '## 3. アーキテクチャ設計', '', '### 3.1 コンポーネント', '');
    for (const s of sys.svc) L.push(`- **${s}**: ${sys.ja}の主要機能の一部を担うステートレスなサービス。最低2レプリカで稼働する。`);
    L.push('', '### 3.2 処理の流れ', '', `利用者のリクエストはAPIゲートウェイを経由して${sys.svc[0]}に届き、${sys.queue[0]}を介して他のサービスへ非同期に伝わる。`);
    put(L, 'arch');
    L.push('', '## 4. データモデル', '', `主要なテーブルは${sys.db[0]}に置き、時系列・大容量のデータは${sys.store[0]}に置く。`, '');
    for (const t of dataTables(sys)) {
      L.push(`### 4.${t.n} \`${t.name}\``, '', '| カラム | 型 | 備考 |', '|---|---|---|');
      for (const [col, type, note] of t.cols) L.push(`| ${col} | ${type} | ${note} |`);
      L.push('');
    }
    put(L, 'data');
    L.push('', '## 5. API設計', '', '| エンドポイント | 説明 |', '|---|---|');
    for (const a of sys.api.concat(sys.webhook)) L.push(`| \`${a}\` | ${sys.ja}の主要操作 |`);
    sys.api.concat(sys.webhook).forEach((a, i) => {
      L.push('', `### 5.${i + 1} \`${a}\``, '', `ベアラートークンで認証する（Webhookは送信元ネットワークで制限する）。${sys.svc[i % sys.svc.length]}が処理する。`, '',
        '```json', a.startsWith('GET') ? '{ "id": "…", "status": "active", "updated_at": "2024-05-08T09:00:00Z" }' : '{ "request_id": "…", "items": [ … ], "requested_at": "2024-05-08T09:00:00Z" }', '```');
    });
    put(L, 'api');
    L.push('', '## 6. 実装方針', '', '### 6.1 エラーハンドリング', '', '例外はサービス境界で捕捉し、構造化ログに出力する。');
    put(L, 'impl');
    L.push('', '### 6.2 デプロイ', '', 'GitHub ActionsでコンテナイメージをビルドしArgo CDでローリングアップデートする（maxUnavailable: 1）。');
    put(L, 'deploy');
    L.push('', '## 7. 非機能要件', '', '### 7.1 性能', '', '- APIのp95レイテンシ500ms未満', '- ピーク時1,000リクエスト/秒', '', '### 7.2 可用性', '', '- 稼働率目標99.9%（計画メンテナンスを除く）');
    put(L, 'nfr');
    L.push('', '### 7.3 監視', '', '- Prometheus/Grafanaでメトリクスを収集する');
    put(L, 'monitor');
  } else {
    L.push(`# ${sys.en} — System Design Document`, '', '## 1. Overview', '', `${sys.en} ${sys.purpose[0]}. This document describes the architecture, data model, APIs, implementation policy and non-functional requirements of the first release.`, '',
      '### 1.1 Scope', '', `In scope are ${sys.svc.join(', ')}, the data stores they use and the external integrations. The UI design of the admin console is described separately.`, '',
      '## 2. Technology Stack', '', `- Services: ${sys.svc.join(', ')} (Go 1.22 on Kubernetes)`, `- Databases: ${sys.db[0]}, ${sys.store[0]}`,
      `- Messaging: ${sys.queue[0]}`, `- Cache: ${sys.cache[0]}`, `- External dependencies: ${sys.ext.join(', ')}`, '',
      '## 3. Architecture Design', '', '### 3.1 Components', '');
    for (const s of sys.svc) L.push(`- **${s}**: a stateless service that owns part of the ${sys.en} domain; at least two replicas.`);
    L.push('', '### 3.2 Data Flow', '', `User requests arrive through the API gateway at ${sys.svc[0]} and reach the other services asynchronously through ${sys.queue[0]}.`);
    put(L, 'arch');
    L.push('', '## 4. Data Model', '', `Transactional tables live in ${sys.db[0]}; time series and bulk data live in ${sys.store[0]}.`, '');
    for (const t of dataTables(sys)) {
      L.push(`### 4.${t.n} \`${t.name}\``, '', '| Column | Type | Notes |', '|---|---|---|');
      for (const [col, type, note] of t.cols) L.push(`| ${col} | ${type} | ${note} |`);
      L.push('');
    }
    put(L, 'data');
    L.push('', '## 5. API Design', '', '| Endpoint | Purpose |', '|---|---|');
    for (const a of sys.api.concat(sys.webhook)) L.push(`| \`${a}\` | core operation of ${sys.en} |`);
    sys.api.concat(sys.webhook).forEach((a, i) => {
      L.push('', `### 5.${i + 1} \`${a}\``, '', `Authenticated with a bearer token (the webhook: by source network). Handled by ${sys.svc[i % sys.svc.length]}.`, '',
        '```json', a.startsWith('GET') ? '{ "id": "…", "status": "active", "updated_at": "2024-05-08T09:00:00Z" }' : '{ "request_id": "…", "items": [ … ], "requested_at": "2024-05-08T09:00:00Z" }', '```');
    });
    put(L, 'api');
    L.push('', '## 6. Implementation Details', '', '### 6.1 Error Handling', '', 'Exceptions are caught at service boundaries and written to structured logs.');
    put(L, 'impl');
    L.push('', '### 6.2 Deployment', '', 'GitHub Actions builds the images; Argo CD performs a rolling update (maxUnavailable: 1).');
    put(L, 'deploy');
    L.push('', '## 7. Non-functional Requirements', '', '### 7.1 Performance', '', '- API p95 latency below 500 ms', '- 1,000 requests per second at peak', '', '### 7.2 Availability', '', '- 99.9% monthly uptime, excluding planned maintenance');
    put(L, 'nfr');
    L.push('', '### 7.3 Monitoring', '', '- Metrics are collected with Prometheus and shown in Grafana');
    put(L, 'monitor');
  }
  L.push('');
  return L.join('\n');
}

// The main tables of a system's database, for section 4 of its test document.
function dataTables(sys) {
  const entity = sys.api[1].split('/')[2].replaceAll('-', '_');   // "/api/rooms/availability" -> "rooms"
  const first = sys.api[0].split('/')[2].replaceAll('-', '_');
  const other = first === entity ? `${entity.replace(/s$/, '')}_events` : first;
  return [
    { n: 1, name: entity, cols: [['id', 'UUID', 'primary key'], ['tenant_id', 'UUID', ''], ['status', 'VARCHAR(16)', ''], ['payload', 'JSONB', ''], ['created_at', 'TIMESTAMPTZ', ''], ['updated_at', 'TIMESTAMPTZ', '']] },
    { n: 2, name: other, cols: [['id', 'UUID', 'primary key'], [`${entity.replace(/s$/, '')}_id`, 'UUID', `references ${entity}`], ['amount', 'NUMERIC(12,2)', ''], ['external_ref', 'VARCHAR(64)', 'id at the external provider'], ['created_at', 'TIMESTAMPTZ', '']] },
    { n: 3, name: 'audit_log', cols: [['id', 'BIGSERIAL', 'primary key'], ['actor', 'VARCHAR(64)', ''], ['action', 'VARCHAR(64)', ''], ['at', 'TIMESTAMPTZ', '']] },
  ];
}

// ---- reviews ----------------------------------------------------------------------------------

const EN_SCENARIO = [
  'Consider an ordinary day in production: {S} handles its usual traffic through {X}, and the gap described above is exercised without anyone noticing. Because the design gives no rule for this case, the behaviour is left to defaults that nobody chose.',
  'The most likely trigger is ordinary: a deployment, a zone-level network blip, or a peak such as the first hour of business. None of these is unusual, and the design in Section {N} does nothing to contain the effect.',
  'Operators would see symptoms in several places at once — error rates on the gateway, growing queues, complaints from users — and would have no documented way to connect them to {X}.',
  'The problem compounds over time: every retry, restart or manual intervention adds load or inconsistency, and the team learns about it from users rather than from monitoring.',
  'In a load test this would not show up, because the failure needs a dependency that misbehaves in a specific way; it is exactly the kind of issue that appears for the first time in production.',
];
const EN_IMPACT = [
  'For {SYS}, this directly affects the core promise of the system: the people who rely on it see wrong, late or missing results.',
  'Recovery is manual and slow, because nothing in the design tells the on-call engineer what state the data is in after the incident.',
  'The incident is also hard to explain afterwards: without a defined behaviour, every component did something reasonable and the sum was still wrong.',
];
const EN_FIX = [
  'Add a test that reproduces the failure of {X} in staging and check the behaviour against the design.',
  'Document the expected behaviour in Section {N} so that developers and operators share it.',
  'Expose a metric for this condition and alert on it, with a runbook entry that says what to do.',
  'Review the same pattern in the other services; the design uses it in more than one place.',
];
const JA_SCENARIO = [
  '本番環境のありふれた一日を考える。{S}は{X}を通じて通常どおりの処理を行い、上記の欠落は誰にも気づかれないまま使われる。この場合の規定が設計にないため、挙動は誰も選んでいない既定値任せになる。',
  'きっかけはありふれたもので足りる。デプロイ、ゾーン単位のネットワークの瞬断、業務開始直後のピークなどである。いずれも珍しくないが、第{N}章の設計は影響を抑える手段を持たない。',
  '運用者はゲートウェイのエラー率、キューの滞留、利用者からの問い合わせといった症状を同時に目にするが、それらを{X}に結び付ける手順は文書化されていない。',
  '問題は時間とともに悪化する。リトライ、再起動、手作業の介入のたびに負荷や不整合が増え、チームは監視ではなく利用者からの連絡で事態を知る。',
  '負荷試験では表に出ない。依存先が特定の形で異常になって初めて起きるため、本番で初めて顕在化する種類の問題である。',
];
const JA_IMPACT = [
  '{SYS}にとっては中核となる約束に直結する。システムに頼る利用者が、誤った・遅れた・欠けた結果を受け取ることになる。',
  '復旧は手作業で時間がかかる。障害後のデータがどの状態にあるかを、設計はオンコール担当者に何も示していない。',
  '事後の説明も難しい。挙動が定義されていないため、各コンポーネントはそれぞれ妥当に動いたのに、全体としては誤った結果になる。',
];
const JA_FIX = [
  'ステージングで{X}の障害を再現するテストを追加し、設計どおりに動くか確認する。',
  '期待する挙動を第{N}章に記載し、開発者と運用者で共有する。',
  'この状態を示すメトリクスを出力してアラートを設定し、対応手順を運用手順書に記載する。',
  '他のサービスでも同じパターンが使われていないか確認する。',
];

function renderFinding(f, lang, round, rng, heading, detail) {
  const c = { ...ctxOf(f.combo), N: String(SECTIONS[f.combo.defect.sec].n), SYS: lang === 'ja' ? round.sys.ja : round.sys.en };
  const t = (s) => fill(s, c).replaceAll('{N}', c.N).replaceAll('{SYS}', c.SYS);
  const d = lang === 'ja' ? f.combo.defect.ja : f.combo.defect.en;
  const sec = SECTIONS[f.combo.defect.sec];
  const L = [heading, ''];
  const pickN = (arr, n) => rng.shuffle(arr).slice(0, n).map(t);
  if (lang === 'ja') {
    L.push(`参照: 第${sec.n}章（${sec.ja}）`, '');
    if (f.kind === 'partial') {
      L.push(`**観察.** 設計書は${t('{X}')}について簡単にしか触れておらず、${t(d.p)}が検討されていない。`, '',
        `**懸念.** ${pickN(JA_SCENARIO, 2).join('')}`, '', '**推奨.**', `- ${t(d.p)}を明文化する。`, ...pickN(JA_FIX, 2).map((s) => `- ${s}`), '');
    } else if (f.kind === 'restate') {
      L.push(`**補足.** 前述の指摘と同じく、${t(d.t)}点を別の角度から確認した。`, '', `${pickN(JA_SCENARIO, 1).join('')}`, '');
    } else {
      L.push(`**問題.** ${t(d.d)}`, '', `**障害シナリオ.** ${pickN(JA_SCENARIO, detail).join('')}`, '',
        `**影響.** 直接の結果は${t(d.r)}である。${pickN(JA_IMPACT, Math.max(1, detail - 1)).join('')}`, '',
        '**対策.**', `- ${t(d.f)}。`, ...pickN(JA_FIX, 2).map((s) => `- ${s}`), '');
    }
  } else {
    L.push(`Reference: Section ${sec.n} (${sec.en})`, '');
    if (f.kind === 'partial') {
      L.push(`**Observation.** The design covers ${t('{X}')} only briefly; ${t(d.p)} is not discussed.`, '',
        `**Concern.** ${pickN(EN_SCENARIO, 2).join(' ')}`, '', '**Recommendation.**', `- Specify ${t(d.p)}.`, ...pickN(EN_FIX, 2).map((s) => `- ${s}`), '');
    } else if (f.kind === 'restate') {
      L.push(`**Note.** This restates, from another angle, that ${lowerFirst(t(d.t), f.combo.comp)} (see above).`, '', `${pickN(EN_SCENARIO, 1).join(' ')}`, '');
    } else {
      L.push(`**Problem.** ${t(d.d)}`, '', `**Failure scenario.** ${pickN(EN_SCENARIO, detail).join(' ')}`, '',
        `**Impact.** The direct consequence is ${t(d.r)}. ${pickN(EN_IMPACT, Math.max(1, detail - 1)).join(' ')}`, '',
        '**Countermeasures.**', `- ${cap(t(d.f))}.`, ...pickN(EN_FIX, 2).map((s) => `- ${s}`), '');
    }
  }
  return L;
}

function findingTitle(f, lang) {
  const d = lang === 'ja' ? f.combo.defect.ja : f.combo.defect.en;
  const c = ctxOf(f.combo);
  if (f.kind === 'partial') return lang === 'ja' ? `${fill(d.p, c)}が検討されていない` : `${cap(fill(d.p, c))}: not specified in the design`;
  if (f.kind === 'restate') return lang === 'ja' ? `${fill(d.t, c)}（補足）` : `${fill(d.t, c)} (follow-up)`;
  return fill(d.t, c);
}

// A review between 10 and 60 KB: findings in full detail, less detail when there are many.
function writeReview(round, prompt, runIdx) {
  for (const detail of [3, 2, 1]) {
    const out = renderReview(round, prompt, runIdx, detail);
    if (Buffer.byteLength(out.text, 'utf8') <= 60000 || detail === 1) return out;
  }
  return null;
}

function renderReview(round, prompt, runIdx, detail) {
  const lang = prompt.reviewLang[runIdx];
  const shape = prompt.reviewShape[runIdx];
  const rng = makeRng(SEED, `${round.folder}/${prompt.name}/run${runIdx + 1}/text`);
  const findings = reviewFindings(round, prompt, runIdx);
  const sysName = lang === 'ja' ? round.sys.ja : round.sys.en;
  const role = round.persp.role[lang === 'ja' ? 1 : 0];
  const L = [];
  const tierNames = lang === 'ja' ? ['重大な問題', '中程度の問題', '軽微な問題']
    : shape === 'tiers' ? ['TIER 1: CRITICAL ISSUES', 'TIER 2: SIGNIFICANT ISSUES', 'TIER 3: MODERATE ISSUES']
      : ['Critical Issues', 'Significant Issues', 'Moderate Issues'];
  const tag = { Critical: '【重大】', Significant: '【重要】', Moderate: '【軽微】' };
  if (lang === 'ja') {
    L.push(`# ${round.persp.ja}設計レビュー: ${sysName}`, '', '## 概要', '',
      `${role}として設計書をレビューした。基本的な構成は整理されているが、${round.persp.scope[1].slice(0, 3).join('、')}の観点で重要な欠落がある。以下、深刻度順に指摘する。各指摘には参照箇所、障害シナリオ、影響、対策を記載する。`, '');
  } else {
    L.push(shape === 'redteam' ? `# Red-Team ${cap(round.persp.en)} Review: ${sysName}` : `# ${cap(round.persp.en)} Design Review: ${sysName}`, '', '## Summary', '',
      `I reviewed the design document as a ${role}. The structure is clear and several basics are in place, but the design has significant gaps in ${round.persp.scope[0].slice(0, 3).join(', ')}. Findings are grouped by severity; each names the section it refers to, a failure scenario, the impact and countermeasures.`, '');
  }
  if (shape === 'redteam' || shape === 'tiers' || shape === 'ja-tagged') {
    L.push(lang === 'ja' ? '## 指摘一覧' : '## Findings Summary', '');
    L.push(lang === 'ja' ? '| ID | 深刻度 | 指摘 |' : '| ID | Severity | Finding |', '|----|----------|---------|');
    for (const f of findings) L.push(`| ${f.fid} | ${lang === 'ja' ? SEV_JA[f.sev] : f.sev} | ${findingTitle(f, lang)} |`);
    L.push('');
  }
  if (shape === 'redteam') {
    L.push('## Findings', '');
    for (const f of findings) L.push(...renderFinding(f, lang, round, rng, `### ${f.fid}: ${findingTitle(f, lang)}`, detail));
  } else {
    for (const sev of ['Critical', 'Significant', 'Moderate']) {
      const fs2 = findings.filter((f) => f.sev === sev);
      if (!fs2.length) continue;
      L.push(`## ${tierNames[TIER[sev]]}`, '');
      for (const f of fs2) {
        let h;
        if (shape === 'tiers') h = `#### ${f.fid}. ${findingTitle(f, lang)}`;
        else if (shape === 'ja-numbered') h = `### ${f.fid}. ${findingTitle(f, lang)}`;
        else if (shape === 'ja-tagged') h = `### ${tag[sev]}${f.fid} ${findingTitle(f, lang)}`;
        else h = `### ${f.fid}. ${findingTitle(f, lang)}`;
        L.push(...renderFinding(f, lang, round, rng, h, detail));
      }
    }
  }
  // Positive aspects and closing; then notes until the review has a realistic size.
  if (lang === 'ja') {
    L.push('## 良い点', '', `- ${round.sys.svc[0]}はステートレスで水平にスケールできる。`, `- ${round.sys.queue[0]}による非同期化でサービス間の結合が緩い。`, '- デプロイが自動化されている。', '');
  } else {
    L.push(shape === 'redteam' ? '## What Held Up' : '## Positive Aspects', '', `- ${round.sys.svc[0]} is stateless and scales horizontally.`, `- Asynchronous messaging through ${round.sys.queue[0]} keeps the services loosely coupled.`, '- Deployment is automated end to end.', '');
  }
  const body = () => Buffer.byteLength(L.join('\n'), 'utf8');
  const notes = lang === 'ja' ? JA_SCENARIO.concat(JA_IMPACT) : EN_SCENARIO.concat(EN_IMPACT);
  const secs = Object.values(SECTIONS);
  // Most reviews are 12-30 KB; one in five is long (up to about 45 KB).
  const target = rng.chance(0.2) ? 30000 + rng.int(0, 15000) : 12000 + rng.int(0, 6000);
  if (body() < target) {
    L.push(lang === 'ja' ? '## 章ごとの補足' : '## Section-by-Section Notes', '');
    let k = 0;
    while (body() < target) {
      const s = secs[k % secs.length];
      const comp = rng.pick(round.sys.svc.concat(round.sys.ext, round.sys.db));
      const c = { X: comp, S: round.sys.svc[k % round.sys.svc.length] };
      const text = rng.shuffle(notes).slice(0, 3).map((x) => fill(x, c).replaceAll('{N}', String(s.n)).replaceAll('{SYS}', sysName));
      L.push(lang === 'ja' ? `### 第${s.n}章 ${s.ja}（${comp}）` : `### Section ${s.n}: ${s.en} (${comp})`, '', text.join(lang === 'ja' ? '' : ' '), '');
      k++;
    }
  }
  L.push(lang === 'ja' ? '## まとめ' : '## Conclusion', '',
    lang === 'ja' ? `${findings.length}件の指摘のうち、重大なものから順に対処することを推奨する。` : `Of the ${findings.length} findings, address the critical ones before the first release.`, '');
  return { text: L.join('\n'), findings };
}

// ---- the judge's scoring reports --------------------------------------------------------------

// Lines with tracked line numbers, for the manifest's record of tricky statements.
class Doc {
  constructor() { this.lines = []; this.marks = []; }
  push(...ls) { this.lines.push(...ls); return this; }
  mark(kind, run, text, meaning) {
    this.marks.push({ kind, run, line: this.lines.length + 1, text, meaning });
    this.lines.push(text);
  }
  text() { return `${this.lines.join('\n')}\n`; }
}

function writeJudge(round, prompt, reviews) {
  const J = prompt.judge;
  const ja = J.shape.startsWith('ja');
  const rng = makeRng(SEED, `${round.folder}/${prompt.name}/judge`);
  const doc = new Doc();
  const keyFile = `answer-key-round-${round.nnn}.md`;
  const persp = ja ? round.persp.ja : round.persp.en;
  const runs = prompt.runs;
  const tricksOf = (run) => J.tricks.filter((t) => t.run === run).map((t) => t.kind);
  const has = (run, kind) => tricksOf(run).includes(kind);
  const findingFor = (runIdx, pid) => reviews[runIdx].findings.find((f) => f.problem === pid);
  const bonusFinding = (runIdx, b) => reviews[runIdx].findings.find((f) => f.combo === b);
  const fref = (runIdx, f) => (f ? f.ref : '—');

  const justify = (runIdx, p, v) => {
    const f = findingFor(runIdx, p.id);
    const title = fill((ja ? p.defect.ja : p.defect.en).t, ctxOf(p));
    if (ja) {
      if (v === '○') return `${fref(runIdx, f)}が${fill(p.defect.ja.r, ctxOf(p))}まで説明している`;
      if (v === '△') return `${fref(runIdx, f)}は${fill(p.defect.ja.p, ctxOf(p))}に触れるが中核を外している`;
      return f ? `${fref(runIdx, f)}は関連するが問題自体の指摘ではない` : '言及なし';
    }
    if (v === '○') return `${fref(runIdx, f)} identifies it ("${title}") and explains ${fill(p.defect.en.r, ctxOf(p))}.`;
    if (v === '△') return `${fref(runIdx, f)} stays on ${fill(p.defect.en.p, ctxOf(p))} and misses the core of the problem.`;
    return f ? `${fref(runIdx, f)} is related but does not identify the problem.` : 'Not addressed.';
  };
  const bonusLines = (runIdx) => runs[runIdx].bonus.map((b, i) => {
    const f = bonusFinding(runIdx, b);
    const title = findingTitle(f, ja ? 'ja' : 'en');
    if (ja) return `${i + 1}. ${fref(runIdx, f)}（${title}）— ${b.id ? `${b.id}に該当。` : 'キーにない指摘。観点内で有用。'}+0.5`;
    return `${i + 1}. **${fref(runIdx, f)} — ${title}** (${b.id ? `matches ${b.id}` : 'not in the key'}): in scope and useful. +0.5`;
  });
  const penaltyLines = (runIdx) => runs[runIdx].penalties.map((p, i) => {
    const f = bonusFinding(runIdx, p);
    const title = findingTitle(f, ja ? 'ja' : 'en');
    if (ja) return `${i + 1}. ${fref(runIdx, f)}（${title}）— ${p.persp.ja}観点の問題であり、${persp}レビューの範囲外。-0.5`;
    return `${i + 1}. **${fref(runIdx, f)} — ${title}**: a ${p.persp.en} concern, outside the ${persp} perspective. -0.5`;
  });
  const consideredPenaltyLines = (runIdx, style) => runs[runIdx].consideredPenalty.map((p, i) => {
    const f = bonusFinding(runIdx, p);
    const title = findingTitle(f, ja ? 'ja' : 'en');
    if (ja) return `${fref(runIdx, f)}（${title}）は${persp}に関わるためスコープ内と判断`;
    if (style === 'within') return `**${fref(runIdx, f)} — ${title}**: no penalty: within scope (it affects ${persp} directly).`;
    return `**${fref(runIdx, f)} — ${title}**: within scope (it affects ${persp} directly); not penalised.`;
  });
  const consideredBonusLines = (runIdx) => runs[runIdx].consideredBonus.map((p, i) => {
    const f = reviews[runIdx].findings.find((x) => x.restates === p.id);
    return `${i + 1}. **${fref(runIdx, f)} — ${findingTitle(f, 'en')}**: matches ${p.id}, already credited; not a bonus.`;
  });
  const issuesLine = (runIdx) => {
    const fs2 = reviews[runIdx].findings;
    const text = `Run${runIdx + 1}: ${fs2.length} issues (${fs2[0].fid} ~ ${fs2[fs2.length - 1].fid})`;
    doc.mark('issues-count-line', runIdx + 1, text, `the review of run ${runIdx + 1} has ${fs2.length} findings; a count, not a run score`);
    doc.push('');
  };
  const scoreWords = (r) => [fmt(r.statedDetection), fmt(0.5 * Math.min(5, r.bonus.length)), fmt(0.5 * r.penalties.length), fmt(r.statedScore)];

  // Bonus/penalty sections in the English heading shapes (per-run and status).
  const enExtras = (runIdx, level) => {
    const run = runIdx + 1;
    const r = runs[runIdx];
    const h = '#'.repeat(level);
    if (has(run, 'bonus-zero-heading')) {
      doc.mark('bonus-zero-heading', run, `${h} Bonus (0)`, 'no bonus items; the listed finding restates a key problem and was not counted');
      doc.push('', ...consideredBonusLines(runIdx), '');
    } else {
      doc.push(`${h} Bonus Analysis`, '');
      if (r.bonus.length) doc.push(...bonusLines(runIdx), '');
      else doc.push('None.', '');
      if (J.shape === 'en-per-run') doc.push(`**Bonus Total**: +${fmt(0.5 * Math.min(5, r.bonus.length))} (${r.bonus.length} item${r.bonus.length === 1 ? '' : 's'})`, '');
    }
    if (has(run, 'penalties-zero-heading')) {
      doc.mark('penalties-zero-heading', run, `${h} Penalties (0)`, 'no penalty items; the findings listed under it were judged within scope and not penalised');
      doc.push('', ...consideredPenaltyLines(runIdx, 'not').map((s, i) => `${i + 1}. ${s}`), '');
      return;
    }
    doc.push(`${h} Penalty Analysis`, '');
    if (has(run, 'no-scope-violations')) {
      doc.mark('no-scope-violations', run, '- No scope violations detected.', 'no penalty items');
      doc.push('');
    } else if (has(run, 'penalty-statement-reason')) {
      const p = r.penalties[0];
      const f = bonusFinding(runIdx, p);
      doc.mark('penalty-statement-reason', run, `- Penalty: -0.5 (out of scope: ${fref(runIdx, f)} is a ${p.persp.en} concern)`, 'one penalty item, stated as a penalty line; it counts');
      doc.push('');
    } else {
      const lines = penaltyLines(runIdx);
      if (has(run, 'no-penalty-within-scope')) {
        doc.push(...lines);
        consideredPenaltyLines(runIdx, 'within').forEach((s, i) => doc.mark('no-penalty-within-scope', run, `${lines.length + i + 1}. ${s}`, 'considered and not penalised'));
        doc.push('');
      } else if (lines.length) doc.push(...lines, '');
      else doc.push('None.', '');
    }
    if (J.shape === 'en-per-run') doc.push(`**Penalty Total**: -${fmt(0.5 * r.penalties.length)} (${r.penalties.length} item${r.penalties.length === 1 ? '' : 's'})`, '');
  };

  const summaryExtras = () => {
    for (const t of J.tricks) {
      if (t.kind === 'findings-count') {
        const fs2 = reviews[t.run - 1].findings.length;
        const total = reviews[0].findings.length + reviews[1].findings.length;
        doc.mark('findings-count', t.run, `Run${t.run}: ${fs2} findings`, `the review of run ${t.run} has ${fs2} findings; a count, not a run score`);
        doc.push('');
        doc.mark('findings-count', 0, `Total issues: ${total}`, 'findings in both reviews; a count, not a total score');
        doc.push('');
      }
      if (t.kind === 'issues-found-column') {
        doc.push(ja ? '| Run | Issues Found | スコア |' : '| Run | Issues Found | Score |', '|-----|--------------|-------|');
        doc.mark('issues-found-column', 0, `| Run1 | ${reviews[0].findings.length} | ${fmt(runs[0].statedScore)} |`, 'the Issues Found column counts findings; only the score column is a run score');
        doc.push(`| Run2 | ${reviews[1].findings.length} | ${fmt(runs[1].statedScore)} |`, '');
      }
    }
  };
  const closing = () => {
    const [m, sd] = [prompt.stated.mean, prompt.stated.sd];
    doc.push(`${prompt.name}: Mean=${fmt(m)}, SD=${fmt(sd)}`);
    const f = (r) => (ja ? `Run${r.run}=${fmt(r.statedScore)}(検出${fmt(r.statedDetection)}+bonus${fmt(0.5 * Math.min(5, r.bonus.length))}-penalty${fmt(0.5 * r.penalties.length)})`
      : `Run${r.run}=${fmt(r.statedScore)}(detection ${fmt(r.statedDetection)}+bonus ${fmt(0.5 * Math.min(5, r.bonus.length))}-penalty ${fmt(0.5 * r.penalties.length)})`);
    doc.push(`${f(runs[0])}, ${f(runs[1])}`);
  };
  const overview = () => {
    if (ja) {
      doc.push(`# 採点結果: ${prompt.name}`, '', '## 採点概要', '',
        `- **正解キー**: \`${keyFile}\`（観点: ${round.persp.ja}、対象: 設計）、埋め込み問題${round.problems.length}問`,
        `- **採点対象**: \`${prompt.name}-run1.md\`、\`${prompt.name}-run2.md\``,
        '- **採点基準**: ○=1.0、△=0.5、×=0.0。ボーナスは1件+0.5(上限5件)、ペナルティは1件-0.5', '');
    } else {
      doc.push(`# Scoring Report: ${prompt.name}`, '', '## Scoring Overview', '',
        `- **Answer key**: \`${keyFile}\` — perspective: ${round.persp.en}, target: design, ${round.problems.length} embedded problems`,
        `- **Reviews scored**: \`${prompt.name}-run1.md\`, \`${prompt.name}-run2.md\``,
        '- **Rubric**: ○ = 1.0, △ = 0.5, × = 0.0; bonus +0.5 per item (max 5); penalty -0.5 per item', '');
    }
  };
  const word = { '○': 'Detected', '△': 'Partial', '×': 'Missed' };
  const jaWord = { '○': '検出', '△': '部分検出', '×': '未検出' };
  const catOf = (p) => p.defect.cat[ja ? 1 : 0];
  const sevOf = (p) => (ja ? SEV_JA[p.defect.sev] : p.defect.sev);
  const titleOf = (p) => fill((ja ? p.defect.ja : p.defect.en).t, ctxOf(p));

  overview();
  switch (J.shape) {
    case 'en-per-run':
    case 'en-status': {
      runs.forEach((r, i) => {
        const run = i + 1;
        if (J.shape === 'en-per-run') {
          doc.push(`## Run ${run} Scoring`, '', '| ID | Problem | Detection | Score | Justification |', '|----|---------|-----------|-------|---------------|');
          for (const p of round.problems) doc.push(`| ${p.id} | ${titleOf(p)} | ${r.judged[p.id]} | ${SCORE[r.judged[p.id]].toFixed(1)} | ${justify(i, p, r.judged[p.id])} |`);
          doc.push('', `**Detection Subtotal**: ${fmt(r.statedDetection)}`, '');
        } else {
          doc.push(`## Run ${run} Detection Matrix`, '', '| Problem ID | Status | Score | Evidence |', '|------------|--------|-------|----------|');
          for (const p of round.problems) {
            const f = findingFor(i, p.id);
            doc.push(`| ${p.id} | ${word[r.judged[p.id]]} | ${SCORE[r.judged[p.id]].toFixed(1)} | ${f && r.judged[p.id] !== '×' ? `${f.ref} "${findingTitle(f, 'en')}"` : '—'} |`);
          }
          doc.push('', `Detection: ${fmt(r.statedDetection)}`, '');
        }
        if (has(run, 'issues-count-line')) issuesLine(i);
        enExtras(i, 3);
        if (J.shape === 'en-per-run') {
          const [d, b, p, s] = scoreWords(r);
          doc.push(`**Run${run} Score**: ${s} (${d} + ${b} - ${p})`, '');
        } else {
          doc.push(`#### Run${run}: ${fmt(r.statedScore)}`, '');
        }
      });
      doc.push('## Summary', '');
      if (J.shape === 'en-per-run') {
        doc.push('| Run | Detection | Bonus | Penalty | Total |', '|-----|-----------|-------|---------|-------|');
        for (const r of runs) {
          const [d, b, p, s] = scoreWords(r);
          doc.push(`| Run${r.run} | ${d} | +${b} | -${p} | ${s} |`);
        }
        doc.push('');
      }
      summaryExtras();
      const stab = stabilityOf(prompt.stated.sd);
      doc.push(`**Mean**: ${fmt(prompt.stated.mean)}`, `**SD**: ${fmt(prompt.stated.sd)}`, `**Stability**: ${STAB[stab][0]}`, '');
      closing();
      break;
    }
    case 'en-h3': {
      runs.forEach((r, i) => {
        const run = i + 1;
        doc.push(J.index % 2 ? `#### Run ${run}` : `### Run${run}`, '', '| Problem ID | Category | Severity | Detection | Score | Notes |', '|------------|----------|----------|-----------|-------|-------|');
        for (const p of round.problems) doc.push(`| ${p.id} | ${catOf(p)} | ${sevOf(p)} | ${r.judged[p.id]} | ${SCORE[r.judged[p.id]].toFixed(1)} | ${justify(i, p, r.judged[p.id])} |`);
        doc.push('', `**Detection Subtotal**: ${fmt(r.statedDetection)}`, '');
        if (has(run, 'issues-count-line')) issuesLine(i);
        doc.push('**Bonus Analysis**:');
        if (r.bonus.length) doc.push(...bonusLines(i), '');
        else doc.push('- None.', '');
        doc.push('**Penalty Analysis**:');
        const lines = penaltyLines(i);
        if (has(run, 'no-scope-violations')) {
          doc.mark('no-scope-violations', run, '- No scope violations detected.', 'no penalty items');
        } else if (has(run, 'no-penalty-within-scope')) {
          doc.push(...lines);
          consideredPenaltyLines(i, 'within').forEach((s, k) => doc.mark('no-penalty-within-scope', run, `${lines.length + k + 1}. ${s}`, 'considered and not penalised'));
        } else if (lines.length) doc.push(...lines);
        else doc.push('- None.');
        doc.push('');
        const [d, b, p, s] = scoreWords(r);
        doc.push(`**Run${run} Score**: ${s} (Detection ${d} + Bonus ${b} - Penalty ${p})`, '');
      });
      doc.push('### Summary', '');
      summaryExtras();
      doc.push(`- Mean: ${fmt(prompt.stated.mean)}`, `- SD: ${fmt(prompt.stated.sd)}`, `- Stability: ${STAB[stabilityOf(prompt.stated.sd)][0].toLowerCase()}`, '');
      closing();
      break;
    }
    case 'en-columns':
    case 'en-combined': {
      const combined = J.shape === 'en-combined';
      const first = combined && runs[0].firstPass ? runs[0].firstPass : runs[0].judged;
      doc.push('## Detection Matrix', '');
      if (combined) {
        doc.push('| Problem ID | Category | Run1/Run2 | Notes |', '|------------|----------|-----------|-------|');
        for (const p of round.problems) {
          const refs = [0, 1].map((k) => (first === runs[0].judged || k === 1 ? runs[k].judged : first)[p.id] === '×' ? '—' : fref(k, findingFor(k, p.id)));
          doc.push(`| ${p.id} | ${catOf(p)} | ${first[p.id]}/${runs[1].judged[p.id]} | Run1 ${refs[0]}, Run2 ${refs[1]} |`);
        }
        const firstDet = round.problems.reduce((a, p) => a + SCORE[first[p.id]], 0);
        doc.push('', `Run1 detection: ${fmt(firstDet)} / Run2 detection: ${fmt(runs[1].statedDetection)}`, '');
        if (runs[0].firstPass) {
          const p = round.problems.find((q) => q.id === runs[0].revisedId);
          doc.push('## Note on Run 1', '', `On re-reading Run 1 against the ○ criterion of ${p.id}, the first verdict does not stand; ${p.id} is ${runs[0].judged[p.id]}. The table below replaces the Run1 column of the table above (再評価). Run 2 is unchanged.`, '',
            '### Revised Run 1 Scoring (再評価)', '', '| Problem ID | Status | Score | Evidence |', '|------------|--------|-------|----------|');
          for (const q of round.problems) doc.push(`| ${q.id} | ${runs[0].judged[q.id]} | ${SCORE[runs[0].judged[q.id]].toFixed(1)} | ${justify(0, q, runs[0].judged[q.id])} |`);
          doc.push('', `**Revised Run1 Detection Subtotal**: ${fmt(runs[0].statedDetection)}`, '');
        }
      } else {
        doc.push('| Problem ID | Run1 | Run2 | Notes |', '|------------|------|------|-------|');
        for (const p of round.problems) {
          const a = runs[0].judged[p.id];
          const b = runs[1].judged[p.id];
          doc.push(`| ${p.id} | ${a} (${SCORE[a].toFixed(1)}) | ${b} (${SCORE[b].toFixed(1)}) | ${justify(0, p, a)} |`);
        }
        doc.push(`| **Total** | **${fmt(runs[0].statedDetection)}** | **${fmt(runs[1].statedDetection)}** | |`, '');
      }
      for (const t of J.tricks) if (t.kind === 'issues-count-line') issuesLine(t.run - 1);
      doc.push('## Bonus / Penalty', '');
      runs.forEach((r, i) => {
        const run = i + 1;
        doc.push(`### Run ${run}`, '', 'Bonus Analysis:');
        if (r.bonus.length) doc.push(...bonusLines(i).map((s) => s.replace(/\*\*/g, '')), '');
        else doc.push('', 'None.', '');
        doc.push('Penalty Analysis:');
        const lines = penaltyLines(i).map((s) => s.replace(/\*\*/g, ''));
        if (has(run, 'no-scope-violations')) {
          doc.mark('no-scope-violations', run, '- No scope violations detected.', 'no penalty items');
          doc.push('');
        } else if (has(run, 'no-penalty-within-scope')) {
          doc.push(...lines);
          consideredPenaltyLines(i, 'within').forEach((s, k) => doc.mark('no-penalty-within-scope', run, `${lines.length + k + 1}. ${s.replace(/\*\*/g, '')}`, 'considered and not penalised'));
          doc.push('');
        } else if (lines.length) doc.push(...lines, '');
        else doc.push('', 'None.', '');
      });
      doc.push('## Totals', '');
      summaryExtras();
      for (const r of runs) {
        const [d, b, p, s] = scoreWords(r);
        doc.push(`#### Run${r.run}: ${s}`, `detection ${d} + bonus ${b} - penalty ${p}.`, '');
      }
      doc.push(`- Mean: ${fmt(prompt.stated.mean)}`, `- SD: ${fmt(prompt.stated.sd)}`, '');
      closing();
      break;
    }
    case 'ja-per-run': {
      runs.forEach((r, i) => {
        const run = i + 1;
        const words = (i + J.index) % 2 === 0;
        doc.push(`## Run${run} 詳細`, '');
        if (run === 1) doc.push('| 問題ID | カテゴリ | 深刻度 | 判定 | スコア | 根拠 |', '|--------|----------|--------|------|--------|------|');
        else doc.push('| 問題ID | カテゴリ | 検出判定 | スコア | 対応する指摘 |', '|--------|----------|----------|--------|--------------|');
        for (const p of round.problems) {
          const v = r.judged[p.id];
          const cell = words ? jaWord[v] : v;
          if (run === 1) doc.push(`| ${p.id} | ${catOf(p)} | ${sevOf(p)} | ${cell} | ${SCORE[v].toFixed(1)} | ${justify(i, p, v)} |`);
          else doc.push(`| ${p.id} | ${catOf(p)} | ${cell} | ${SCORE[v].toFixed(1)} | ${fref(i, findingFor(i, p.id))} |`);
        }
        doc.push('', `検出小計: ${fmt(r.statedDetection)}`, '');
        if (has(run, 'issues-count-line')) issuesLine(i);
        if (has(run, 'ja-bonus-none')) {
          doc.mark('ja-bonus-none', run, 'ボーナス: なし', 'no bonus items');
          doc.push('');
        } else if (has(run, 'bonus-zero-heading')) {
          doc.mark('bonus-zero-heading', run, '### ボーナス（0件）', 'no bonus items; the listed finding restates a key problem and was not counted');
          doc.push(...runs[i].consideredBonus.map((p) => {
            const f = reviews[i].findings.find((x) => x.restates === p.id);
            return `- ${fref(i, f)}: ${p.id}と同じ指摘の補足（加点しない）`;
          }), '');
        } else {
          doc.push('### ボーナス');
          if (r.bonus.length) doc.push(...bonusLines(i), '');
          else doc.push('なし', '');
        }
        if (has(run, 'ja-penalty-none-reason')) {
          doc.push('### ペナルティ');
          doc.mark('ja-penalty-none-reason', run, `- ペナルティ対象なし（${consideredPenaltyLines(i)[0]}）`, 'no penalty items; the finding named in the reason was judged within scope');
          doc.push('');
        } else if (has(run, 'penalties-zero-heading')) {
          doc.mark('penalties-zero-heading', run, '### ペナルティ（0件）', 'no penalty items; the findings listed under it were judged within scope and not penalised');
          doc.push(...consideredPenaltyLines(i).map((s) => `- ${s}`), '');
        } else {
          doc.push('### ペナルティ');
          const lines = penaltyLines(i);
          if (lines.length) doc.push(...lines, '');
          else doc.push('なし', '');
        }
      });
      doc.push('## 合計', '');
      summaryExtras();
      const f = (r) => `Run${r.run}=${fmt(r.statedScore)}(検出${fmt(r.statedDetection)}+bonus${fmt(0.5 * Math.min(5, r.bonus.length))}-penalty${fmt(0.5 * r.penalties.length)})`;
      doc.push(`${f(runs[0])}, ${f(runs[1])}`, `${prompt.name}: Mean=${fmt(prompt.stated.mean)}, SD=${fmt(prompt.stated.sd)}`);
      break;
    }
    case 'ja-columns': {
      doc.push('## 検出マトリクス', '', '| 問題ID | カテゴリ | 深刻度 | Run1 | Run2 |', '|--------|----------|--------|------|------|');
      for (const p of round.problems) {
        const a = runs[0].judged[p.id];
        const b = runs[1].judged[p.id];
        doc.push(`| ${p.id} | ${catOf(p)} | ${sevOf(p)} | ${a} (${SCORE[a].toFixed(1)}) | ${b} (${SCORE[b].toFixed(1)}) |`);
      }
      doc.push(`| **検出スコア合計** | | | **${fmt(runs[0].statedDetection)}** | **${fmt(runs[1].statedDetection)}** |`, '');
      for (const t of J.tricks) if (t.kind === 'issues-count-line') issuesLine(t.run - 1);
      doc.push('## 判定根拠', '');
      runs.forEach((r, i) => {
        doc.push(`### Run${i + 1}`, '');
        for (const p of round.problems) doc.push(`- **${p.id} ${r.judged[p.id]}**: ${justify(i, p, r.judged[p.id])}。`);
        doc.push('');
      });
      doc.push('## ボーナス・ペナルティ分析', '');
      runs.forEach((r, i) => {
        const run = i + 1;
        doc.push(`### Run${run}`, '');
        if (has(run, 'ja-bonus-none')) {
          doc.mark('ja-bonus-none', run, 'ボーナス: なし', 'no bonus items');
          doc.push('');
        } else {
          doc.push(`**ボーナス**(${r.bonus.length}件):`);
          if (r.bonus.length) doc.push(...bonusLines(i), '');
          else doc.push('- なし', '');
        }
        if (has(run, 'ja-penalty-none-reason')) {
          doc.push('**ペナルティ**(0件):');
          doc.mark('ja-penalty-none-reason', run, `- ペナルティ対象なし（${consideredPenaltyLines(i)[0]}）`, 'no penalty items; the finding named in the reason was judged within scope');
          doc.push('');
        } else {
          doc.push(`**ペナルティ**(${r.penalties.length}件):`);
          const lines = penaltyLines(i);
          if (lines.length) doc.push(...lines, '');
          else doc.push('- なし', '');
        }
      });
      doc.push('## スコア集計', '', '| Run | 検出 | ボーナス | ペナルティ | 合計 |', '|-----|------|----------|------------|------|');
      for (const r of runs) {
        const [d, b, p, s] = scoreWords(r);
        doc.push(`| Run${r.run} | ${d} | +${b} | -${p} | ${s} |`);
      }
      doc.push('');
      summaryExtras();
      const f = (r) => `- Run${r.run}=${fmt(r.statedScore)}(検出${fmt(r.statedDetection)}+bonus${fmt(0.5 * Math.min(5, r.bonus.length))}-penalty${fmt(0.5 * r.penalties.length)})`;
      doc.push(f(runs[0]), f(runs[1]), `- 平均: ${fmt(prompt.stated.mean)}、標準偏差: ${fmt(prompt.stated.sd)}`, `- 安定性: ${STAB[stabilityOf(prompt.stated.sd)][1]}`, '',
        `${prompt.name}: Mean=${fmt(prompt.stated.mean)}, SD=${fmt(prompt.stated.sd)}`);
      break;
    }
    default:
      throw new Error(`unknown judge shape ${J.shape}`);
  }
  return doc;
}

// ---- prompts, comparison reports, perspective and knowledge files ---------------------------

function writePrompt(round, prompt, lang) {
  const role = round.persp.role[lang === 'ja' ? 1 : 0];
  const scope = round.persp.scope[lang === 'ja' ? 1 : 0];
  const variant = prompt.short.replace(/^variant-/, '');
  const L = [];
  if (lang === 'ja') {
    L.push(`# ${prompt.name}`, '', `あなたは${role}です。与えられた設計書を${round.persp.ja}の観点でレビューし、問題点を指摘してください。`, '',
      '## 観点', '', ...scope.map((s) => `- ${s}`), '', '## 指示', '',
      '1. 設計書を最初から最後まで読み、各章の前提を整理する。', '2. 障害や異常系のシナリオを具体的に想定し、設計がどう振る舞うかを確認する。',
      '3. 指摘ごとに参照箇所（章番号）、問題、障害シナリオ、影響、対策を書く。', '4. 観点外の指摘（UIの見た目など）はしない。');
    if (prompt.short !== 'baseline') L.push(`5. （${variant}）${variantInstruction(variant, 'ja')}`);
    L.push('', '## 出力形式', '', '- 深刻度ごとに見出しを分ける（重大 / 中 / 軽微）。', '- 各指摘は `### 1. タイトル` の形式で番号を振る。', '- 最後に良い点とまとめを書く。', '');
  } else {
    L.push(`# ${prompt.name}`, '', `You are a ${role}. Review the design document below from the ${round.persp.en} perspective and report its problems.`, '',
      '## Scope', '', ...scope.map((s) => `- ${s}`), '', '## Instructions', '',
      '1. Read the whole document and note the assumptions of each section.', '2. For every component, imagine concrete failure and abuse scenarios and check what the design says.',
      '3. For each finding give the section it refers to, the problem, a failure scenario, the impact and countermeasures.', `4. Stay within the ${round.persp.en} perspective; do not report UI or style issues.`);
    if (prompt.short !== 'baseline') L.push(`5. (${variant}) ${variantInstruction(variant, 'en')}`);
    L.push('', '## Output Format', '', '- Group findings by severity: Critical, Significant, Moderate.', '- Number findings `C1`, `S1`, `M1` ... as headings: `### C1. Title`.', '- End with positive aspects and a short conclusion.', '');
  }
  return L.join('\n');
}

function variantInstruction(v, lang) {
  const en = {
    redteam: 'Think like an attacker of the system\'s assumptions: for each component, ask how it fails worst.',
    checklist: 'Walk through the scope checklist item by item before writing findings.',
    'severity-first': 'Write the critical findings first and justify each severity.',
    scenario: 'Start every finding with a concrete failure scenario.',
    'strict-scope': 'Before reporting, check that each finding is within scope; drop the rest.',
    fewshot: 'Follow the style of the two example findings given below.',
    decompose: 'Review each section separately, then merge duplicate findings.',
    evidence: 'Quote the sentence of the design each finding is based on.',
    persona: 'Review as the on-call engineer who will run this system.',
    minimal: 'Report only findings you would block a release for.',
  };
  const ja = {
    redteam: 'システムの前提を攻撃する立場で、各コンポーネントが最悪どう壊れるかを考える。',
    checklist: '指摘を書く前に観点のチェックリストを1項目ずつ確認する。',
    'severity-first': '重大な指摘から書き、深刻度の根拠を示す。',
    scenario: '各指摘を具体的な障害シナリオから書き始める。',
    'strict-scope': '報告前に各指摘が観点内かを確認し、観点外は削除する。',
    fewshot: '以下の2つの指摘例の書き方に従う。',
    decompose: '章ごとに個別にレビューし、重複する指摘をまとめる。',
    evidence: '各指摘の根拠となる設計書の文を引用する。',
    persona: 'このシステムを運用するオンコール担当者としてレビューする。',
    minimal: 'リリースを止めるべき指摘だけを報告する。',
  };
  return (lang === 'ja' ? ja : en)[v] || (lang === 'ja' ? '追加の指示に従う。' : 'Follow the additional instruction.');
}

function recommend(prompts) {
  const base = prompts[0];
  const better = prompts.slice(1).filter((p) => p.stated.mean - base.stated.mean >= 0.5);
  if (!better.length) return { name: base.name, why: 'no variant improves the baseline by 0.5 or more' };
  better.sort((a, b) => b.stated.mean - a.stated.mean);
  const best = better[0];
  const d = best.stated.mean - base.stated.mean;
  if (d > 1.0) return { name: best.name, why: `d = +${fmt(d)} > 1.0` };
  const pick = best.stated.sd < base.stated.sd ? best : base;
  return { name: pick.name, why: `0.5 ≤ d = +${fmt(d)} ≤ 1.0; the smaller SD wins` };
}

function writeComparison(pp, ri) {
  const round = pp.rounds[ri];
  const ja = round.lang === 'ja';
  const rec = recommend(round.prompts);
  round.recommended = rec.name;
  const best = Math.max(...round.prompts.map((p) => p.stated.mean));
  round.best = best;
  const L = [`# Round ${round.nnn} Comparison Report (${pp.folder})`, '',
    ja ? `- 観点: ${round.persp.ja} / 対象: 設計書 / 埋め込み問題: ${round.problems.length}` : `- Perspective: ${round.persp.en} / Target: design / Embedded problems: ${round.problems.length}`,
    `- Answer key: \`answer-key-round-${round.nnn}.md\``, '', '## Scores', '',
    '| Prompt | Run1 | Run2 | Mean | SD | Stability |', '|--------|------|------|------|----|-----------|'];
  for (const p of round.prompts) {
    L.push(`| ${p.name} | ${fmt(p.runs[0].statedScore)} | ${fmt(p.runs[1].statedScore)} | ${fmt(p.stated.mean)} | ${fmt(p.stated.sd)} | ${STAB[stabilityOf(p.stated.sd)][0]} |`);
  }
  L.push('', '## Detection Matrix', '', `| Problem | ${round.prompts.map((p) => `${p.name} (Run1/Run2)`).join(' | ')} |`, `|---------|${round.prompts.map(() => '------').join('|')}|`);
  for (const pr of round.problems) L.push(`| ${pr.id} | ${round.prompts.map((p) => `${p.runs[0].judged[pr.id]}/${p.runs[1].judged[pr.id]}`).join(' | ')} |`);
  L.push('', '## Bonus and Penalty', '', '| Prompt | Bonus (Run1/Run2) | Penalty (Run1/Run2) |', '|--------|-------------------|---------------------|');
  for (const p of round.prompts) L.push(`| ${p.name} | ${p.runs[0].bonus.length}/${p.runs[1].bonus.length} | ${p.runs[0].penalties.length}/${p.runs[1].penalties.length} |`);
  L.push('', '## Recommendation', '', `Recommended prompt: **${rec.name}** (${rec.why}).`, '');
  L.push('## Convergence', '');
  if (ri === 0) {
    L.push('First round of this perspective: no previous round to compare with.');
    round.converged = false;
  } else {
    const prev = pp.rounds[ri - 1];
    const imp = best - prev.best;
    const prevImp = ri >= 2 ? prev.best - pp.rounds[ri - 2].best : null;
    round.converged = prevImp !== null && imp < 0.5 && prevImp < 0.5;
    L.push(`Best mean ${fmt(best)} vs ${fmt(prev.best)} in round ${prev.nnn}: improvement ${imp >= 0 ? '+' : ''}${fmt(imp)}.`);
    L.push(round.converged ? 'Improvement below 0.5 in two consecutive rounds: the prompt may have converged.' : 'Not converged.');
  }
  L.push('');
  return L.join('\n');
}

function writePerspective(pp) {
  const p = pp.persp;
  return [`# Perspective: ${cap(p.en)} (design review)`, '', `The ${p.en} perspective (${p.ja}) asks whether the design keeps working as intended under failures, load and change, within the following scope.`, '',
    '## In scope', '', ...p.scope[0].map((s) => `- ${s}`), '', '## 評価項目', '', ...p.scope[1].map((s) => `- ${s}`), '',
    '## Out of scope', '', `- Problems that belong to other perspectives (${PERSPECTIVES.filter((o) => o !== p).slice(0, 4).map((o) => o.en).join(', ')}, ...) are out of scope and are penalised.`,
    '- UI design, wording and code style.', ''].join('\n');
}

function writeKnowledge(pp) {
  const L = [`# Knowledge: ${pp.folder}`, '', 'A running log of the prompt-tuning rounds of this perspective: scores per prompt, what each round taught, and what to try next.', '',
    '## Round History', '', '| Round | Prompt | Mean | SD | Stability | Recommended |', '|-------|--------|------|----|-----------|-------------|'];
  for (const r of pp.rounds) {
    for (const p of r.prompts) L.push(`| ${r.nnn} | ${p.name} | ${fmt(p.stated.mean)} | ${fmt(p.stated.sd)} | ${STAB[stabilityOf(p.stated.sd)][0]} | ${r.recommended === p.name ? 'yes' : ''} |`);
  }
  L.push('', '## Learnings', '');
  for (const r of pp.rounds) {
    const base = r.prompts[0];
    const missed = r.problems.filter((p) => base.runs[0].judged[p.id] === '×');
    const flaky = r.problems.filter((p) => base.runs[0].judged[p.id] !== base.runs[1].judged[p.id]);
    const parts = [`Round ${r.nnn} (${r.sys.en}):`];
    if (missed.length) parts.push(`${missed.map((p) => p.id).join(', ')} ${missed.length === 1 ? 'was' : 'were'} missed by Run1 of ${base.name}.`);
    if (flaky.length) parts.push(`${flaky[0].id} differed between Run1 and Run2 of the baseline (${base.runs[0].judged[flaky[0].id]} vs ${base.runs[1].judged[flaky[0].id]}), a sign of instability.`);
    parts.push(`${r.recommended} was recommended${r.converged ? '; the scores may have converged' : ''}.`);
    L.push(`- ${parts.join(' ')}`);
  }
  L.push('', '## Next', '', '- Keep the baseline fixed for one more round and vary only the instructions of the best variant.', '');
  return L.join('\n');
}

// ---- writing everything -----------------------------------------------------------------------

function main() {
  const opts = parseArgs(process.argv.slice(2));
  SEED = opts.seed;
  const plan = makePlan(opts);
  const files = [];      // manifest entries
  const contents = [];   // [relative path, text]
  const add = (entry, text) => {
    files.push(entry);
    contents.push([entry.path, text]);
  };
  const base = (folder, kind, extra) => ({ path: '', kind, folder, round: null, prompt: null, run: null, key: null, ...extra });

  for (const pp of plan.perspectives) {
    const folder = pp.folder;
    pp.rounds.forEach((round, ri) => {
      const keyPath = `${folder}/answer-key-round-${round.nnn}.md`;
      add(base(folder, 'key', {
        path: keyPath, round: round.n, language: round.lang, layout: round.layout,
        title_has_round: !(round.lang === 'ja' && round.title === 'bare'),
        problems: round.problems.length, problem_ids: round.problems.map((p) => p.id), bonus_ids: round.bonus.map((b) => b.id),
      }), writeKey(round));
      add(base(folder, 'reference', { path: `${folder}/test-document-round-${round.nnn}.md`, round: round.n, language: round.lang, role: 'test-document' }), writeDocument(round));
      for (const prompt of round.prompts) {
        const plang = round.lang === 'ja' && prompt.short === 'baseline' ? 'ja' : 'en';
        add(base(folder, 'prompt', { path: `${folder}/prompts/${prompt.name}.md`, round: round.n, prompt: prompt.name, language: plang }), writePrompt(round, prompt, plang));
        const reviews = [0, 1].map((i) => writeReview(round, prompt, i));
        reviews.forEach((rv, i) => {
          const r = prompt.runs[i];
          add(base(folder, 'review', {
            path: `${folder}/results/${prompt.name}-run${i + 1}.md`, round: round.n, prompt: prompt.name, run: i + 1, key: keyPath,
            language: prompt.reviewLang[i], shape: prompt.reviewShape[i], bytes: Buffer.byteLength(rv.text, 'utf8'),
            expected_verdicts: Object.fromEntries(round.problems.map((p) => [p.id, r.truth[p.id]])),
            findings: rv.findings.map((f) => ({ id: f.fid, problem: f.problem || null, bonus: f.bonus || null, penalty: !!f.penalty, considered: !!f.considered || !!f.restates })),
          }), rv.text);
        });
        const jdoc = writeJudge(round, prompt, reviews);
        const J = prompt.judge;
        const slips = [];
        if (J.slip) {
          const r = prompt.runs[1];
          slips.push({ run: 2, kind: 'detection', stated: r.statedDetection, recomputed: r.detection },
            { run: 2, kind: 'score', stated: r.statedScore, recomputed: r.score },
            { run: 0, kind: 'mean', stated: prompt.stated.mean, recomputed: prompt.recomputed.mean });
        }
        add(base(folder, 'judge', {
          path: `${folder}/results/${prompt.name}-scoring.md`, round: round.n, prompt: prompt.name, key: keyPath,
          reviews: [1, 2].map((k) => `${folder}/results/${prompt.name}-run${k}.md`),
          language: J.shape.startsWith('ja') ? 'ja' : 'en', shape: J.shape,
          runs: prompt.runs.map((r) => ({
            run: r.run,
            verdicts: Object.fromEntries(round.problems.map((p) => [p.id, r.judged[p.id]])),
            bonus: r.bonus.length, penalty: r.penalties.length,
            stated: { detection: r.statedDetection, score: r.statedScore },
            recomputed: { detection: r.detection, score: r.score },
            arithmetic_ok: r.statedDetection === r.detection && r.statedScore === r.score,
            revised_from: r.firstPass ? Object.fromEntries(round.problems.map((p) => [p.id, r.firstPass[p.id]])) : null,
            disagrees_with_review: r.disagreements,
          })),
          stated_mean: prompt.stated.mean, stated_sd: prompt.stated.sd,
          recomputed_mean: prompt.recomputed.mean, recomputed_sd: prompt.recomputed.sd,
          summary_line: `${prompt.name}: Mean=${fmt(prompt.stated.mean)}, SD=${fmt(prompt.stated.sd)}`,
          tricky: jdoc.marks, slips,
        }), jdoc.text());
      }
      add(base(folder, 'comparison', {
        path: `${folder}/reports/round-${round.nnn}-comparison.md`, round: round.n, key: keyPath,
        prompts: round.prompts.map((p) => p.name),
      }), writeComparison(pp, ri));
      files[files.length - 1].recommended = round.recommended;
      files[files.length - 1].converged = round.converged;
    });
    add(base(folder, 'reference', { path: `${folder}/perspective.md`, role: 'perspective' }), writePerspective(pp));
    add(base(folder, 'reference', { path: `${folder}/knowledge.md`, role: 'knowledge' }), writeKnowledge(pp));
  }

  fs.mkdirSync(opts.out, { recursive: true });
  for (const [rel, text] of contents) {
    const full = path.join(opts.out, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest = {
    generator: 'tests/gen/make-benchmark.mjs', version: 1, seed: opts.seed,
    perspectives: plan.perspectives.map((p) => p.folder), rounds: opts.rounds,
    kinds: ['key', 'review', 'judge', 'comparison', 'prompt', 'reference'], files,
  };
  fs.writeFileSync(path.join(opts.out, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  process.stdout.write(`wrote ${files.length} files to ${opts.out}\n`);
}

main();
