import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparePaired } from '../../../src/eval/paired.js';
import { buildReport, escapeId } from '../../../src/eval/report/build-report.js';
import { writeComparison } from '../../../src/eval/report/comparison.js';
import {
  formatInterval,
  formatP,
  formatPercent,
  formatPoints,
  formatPointsInterval,
} from '../../../src/eval/report/format.js';
import { renderHtmlReport, writeHtmlReport } from '../../../src/eval/report/html-report.js';
import { writeMarkdownReport } from '../../../src/eval/report/markdown-report.js';
import { type RunData, readRun } from '../../../src/eval/report/read-run.js';
import { wilsonInterval } from '../../../src/eval/statistics.js';
import { ODD_ID, writeFakeRun, writeTwoRuns } from './fake-runs.js';

const root = mkdtempSync(join(tmpdir(), 'stepwise-report-'));
const out = join(root, 'out');
const fixed = () => new Date('2026-02-03T04:05:06.000Z');
let runs: RunData[];
let markdown: string;
let html: string;

beforeAll(async () => {
  const { a, b } = writeTwoRuns(root);
  runs = [await readRun(a), await readRun(b)];
  const model = buildReport(runs, { now: fixed });
  await writeMarkdownReport(model, { outDir: out });
  await writeHtmlReport(model, { outDir: out });
  await writeComparison(model, { outDir: out });
  markdown = readFileSync(join(out, 'report.md'), 'utf8');
  html = readFileSync(join(out, 'report.html'), 'utf8');
});

describe('readRun', () => {
  it('keeps slim results, uses summary.json when it matches and recomputes it when absent', () => {
    const [a, b] = runs;
    expect(a?.results).toHaveLength(40);
    expect(a?.summarySource).toBe('file');
    expect(b?.summarySource).toBe('recomputed');
    expect(a?.summary).toMatchObject({ n: 40, correct: 20, accuracy: 0.5, errors: 1, noAnswer: 1 });
    expect(b?.summary).toMatchObject({ n: 40, correct: 32, accuracy: 0.8 });
    expect(JSON.stringify(a?.results)).not.toContain('RAW MODEL TEXT');
    expect(a?.results[0]?.trace?.steps.map((step) => step.type)).toEqual([
      'thought',
      'action',
      'observation',
      'evaluation',
      'answer',
    ]);
  });

  it('skips a torn last line and counts it', async () => {
    const dir = join(root, 'torn');
    writeFakeRun({ dir, items: 5, correct: () => true, reasoner: 'direct', backend: 'local' });
    const whole = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n');
    appendFileSync(join(dir, 'results.jsonl'), (whole[0] ?? '').slice(0, 40));
    appendFileSync(join(dir, 'results.jsonl'), '\n{"id": "not a result"}\n');

    const run = await readRun(dir);
    expect(run.results).toHaveLength(5);
    expect(run.tornLines).toBe(1);
    expect(run.invalidLines).toBe(1);
  });

  it('keeps the last line of a repeated item', async () => {
    const dir = join(root, 'repeated');
    const [first] = writeFakeRun({
      dir,
      items: 3,
      correct: () => false,
      reasoner: 'direct',
      backend: 'local',
    });
    appendFileSync(join(dir, 'results.jsonl'), `${JSON.stringify({ ...first, correct: true })}\n`);

    const run = await readRun(dir);
    expect(run.results.map((result) => [result.id, result.correct])).toEqual([
      ['item-2', false],
      ['item-3', false],
      ['item-1', true],
    ]);
    expect(run.summarySource).toBe('recomputed');
  });

  it('keeps traces of only the first items in report order when asked', async () => {
    const dir = join(root, 'limited');
    const results = writeFakeRun({
      dir,
      items: 30,
      correct: () => true,
      reasoner: 'direct',
      backend: 'local',
      traced: 30,
    });
    // Written out of order, as concurrent workers finish.
    const shuffled = [...results].reverse().map((result) => `${JSON.stringify(result)}\n`);
    writeFileSync(join(dir, 'results.jsonl'), shuffled.join(''));

    const run = await readRun(dir, { traceLimit: 3 });
    const kept = run.results.filter((result) => result.trace).map((result) => result.id);
    expect(kept.sort()).toEqual(['item-1', 'item-2', 'item-3']);
    expect(run.results.every((result) => result.hadTrace)).toBe(true);
    expect((await readRun(dir, { traceLimit: 0 })).results.some((result) => result.trace)).toBe(
      false,
    );
  });

  it('says clearly when a folder is missing or holds no results', async () => {
    await expect(readRun(join(root, 'nowhere'))).rejects.toThrow(/is not a folder/);
    const empty = mkdtempSync(join(root, 'empty-'));
    writeFileSync(join(empty, 'manifest.json'), '{}');
    await expect(readRun(empty)).rejects.toThrow(/has no results\.jsonl/);
  });
});

describe('report.md', () => {
  it('has each run with its accuracy and Wilson interval', () => {
    expect(markdown).toContain('| chain-of-thought · local | 40 | 20 | 50.0% | 35.2–64.8% |');
    expect(markdown).toContain(formatInterval(wilsonInterval(32, 40)));
    expect(markdown).toContain('| self-consistency · openai:gpt-4o-mini | 40 | 32 | 80.0% |');
  });

  it('has the paired comparison and links the charts written beside it', () => {
    const comparison = comparePaired(runs[0]?.results ?? [], runs[1]?.results ?? []);
    expect(markdown).toContain(formatPoints(comparison.difference));
    expect(markdown).toContain(formatPointsInterval(comparison.ci95));
    expect(markdown).toContain(formatP(comparison.mcnemarP));
    for (const plot of ['accuracy', 'difficulty-hops', 'difficulty-distractors', 'compute']) {
      expect(markdown).toContain(`](plots/${plot}.svg)`);
      const svg = readFileSync(join(out, 'plots', `${plot}.svg`), 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    }
  });

  it('has breakdowns, costs, failures and manifests', () => {
    expect(markdown).toContain('## By suite');
    expect(markdown).toContain('## By hops');
    expect(markdown).toMatch(
      /\| self-consistency · openai:gpt-4o-mini \| gpt-4o-mini \| 2 \| 500 \|/,
    );
    // 300 prompt and 200 completion tokens at $0.15 and $0.60 per 1M: $0.000165 an item.
    expect(markdown).toContain('$0.000165');
    expect(markdown).toContain('backend-error 1');
    expect(markdown).toContain('| backend | local | openai:gpt-4o-mini |');
    expect(markdown).toContain(`| ${ODD_ID} |`);
  });
});

describe('report.html', () => {
  it('is self-contained: no scripts, no remote links', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    // The only http links go to the local playground.
    const local = html.replaceAll('http://127.0.0.1:7860', '');
    expect(local).not.toContain('http://');
    expect(local).not.toContain('https://');
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('draws the charts as inline SVG', () => {
    expect(html.match(/<svg\b/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    expect(html).toContain('id="plot-accuracy"');
    expect(html).toContain('id="plot-difficulty-hops"');
    expect(html).toContain('id="plot-compute"');
  });

  it('shows the accuracy, difference, interval and McNemar p', () => {
    const comparison = comparePaired(runs[0]?.results ?? [], runs[1]?.results ?? []);
    expect(comparison.discordant).toEqual({ aOnly: 4, bOnly: 16 });
    expect(comparison.mcnemarP).toBe((2 * 6196) / 2 ** 20);
    expect(html).toContain(formatPercent(0.8));
    expect(html).toContain(`<td class="number">${formatPoints(comparison.difference)}</td>`);
    expect(html).toContain(formatPointsInterval(comparison.ci95));
    expect(html).toContain(`<td class="number">${formatP(comparison.mcnemarP)}</td>`);
  });

  it('links every traced answer to a trace that exists in the page', () => {
    const links = [...html.matchAll(/href="#(trace-[^"]+)"/g)].map((match) => match[1]);
    const ids = new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((match) => match[1]));
    expect(links.length).toBe(20);
    for (const link of links) expect(ids.has(link)).toBe(true);

    const odd = `trace-run-a--${escapeId(ODD_ID)}`;
    expect(links).toContain(odd);
    expect(html).toMatch(new RegExp(`<details id="${odd}">`));
    expect(html).toContain('Question 3: is &lt;it&gt; true?');
  });

  it('links every traced answer to its replay in the playground, by run folder and item key', () => {
    const links = [...html.matchAll(/href="(http:[^"]+)"/g)].map((match) => match[1]);
    expect(links).toHaveLength(20);
    expect(links).toContain(
      `http://127.0.0.1:7860/#trace=run-a/${encodeURIComponent(`${ODD_ID}#0`)}`,
    );
    expect(html).toContain('stepwise playground --traces &lt;run folders&gt;');
  });

  it('escapes what items contain', () => {
    expect(html).not.toContain('<it>');
    expect(html).toContain(`<code>${ODD_ID}</code>`);
  });
});

describe('comparison.json', () => {
  it('holds the numbers comparePaired gives', () => {
    const saved = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8'));
    const comparison = comparePaired(runs[0]?.results ?? [], runs[1]?.results ?? []);
    expect(saved.pairs).toHaveLength(1);
    expect(saved.pairs[0]).toEqual({
      a: 'run-a',
      b: 'run-b',
      labelA: 'chain-of-thought · local',
      labelB: 'self-consistency · openai:gpt-4o-mini',
      ...comparison,
    });
    expect(saved.createdAt).toBe('2026-02-03T04:05:06.000Z');
    expect(saved.method).toMatchObject({ resamples: 10000, seed: 0, level: 0.95 });
  });
});

describe('buildReport', () => {
  it('keeps labels and trace ids apart for runs of one setup in folders of one name', async () => {
    const dirs = ['x/run', 'y/run'].map((dir) => join(root, dir));
    for (const dir of dirs) {
      writeFakeRun({ dir, items: 3, correct: () => true, reasoner: 'direct', backend: 'local' });
    }
    const model = buildReport(await Promise.all(dirs.map((dir) => readRun(dir))));
    expect(model.runs.map((run) => run.label)).toEqual([
      'direct · local (run)',
      'direct · local (run 2)',
    ]);
    expect(model.runs.map((run) => run.slug)).toEqual(['run', 'run-2']);
  });
});

describe('epochs', () => {
  it('shows one row per item and epoch, pairs epochs and reports their spread', async () => {
    const dirs = ['epochs-a', 'epochs-b'].map((name) => join(root, name));
    for (const [index, dir] of dirs.entries()) {
      const first = writeFakeRun({
        dir,
        items: 6,
        correct: (item) => item % (2 + index) === 0,
        reasoner: 'direct',
        backend: 'local',
        summary: false,
      });
      const second = first.map((result) => ({ ...result, epoch: 1, correct: !result.correct }));
      appendFileSync(
        join(dir, 'results.jsonl'),
        second.map((result) => `${JSON.stringify(result)}\n`).join(''),
      );
    }
    const model = buildReport(await Promise.all(dirs.map((dir) => readRun(dir))));
    expect(model.items.map((item) => item.name).slice(0, 3)).toEqual([
      'item-1#0',
      'item-1#1',
      'item-2#0',
    ]);
    expect(model.comparisons[0]?.n).toBe(12);
    expect(model.runs[0]?.summary.epochs?.count).toBe(2);

    const page = renderHtmlReport(model, []);
    const anchors = model.items.flatMap((item) => item.cells.map((cell) => cell?.anchor ?? []));
    expect(new Set(anchors.flat()).size).toBe(anchors.flat().length);
    expect(page).toContain('<th>epochs</th>');
  });
});

describe('large runs', () => {
  it('renders a report of 5,000 items, embedding only the first traces', async () => {
    const dir = join(root, 'large');
    writeFakeRun({
      dir,
      items: 5000,
      correct: (index) => index % 3 !== 0,
      reasoner: 'direct',
      backend: 'local',
      traced: 5000,
    });
    const other = join(root, 'large-other');
    writeFakeRun({
      dir: other,
      items: 5000,
      correct: (index) => index % 4 !== 0,
      reasoner: 'chain-of-thought',
      backend: 'local',
      traced: 0,
    });
    const model = buildReport([await readRun(dir), await readRun(other)], { traceLimit: 500 });
    const large = join(root, 'large-out');
    const file = await writeHtmlReport(model, { outDir: large });
    await writeMarkdownReport(model, { outDir: large });

    const page = readFileSync(file, 'utf8');
    expect(page.match(/<details /g)).toHaveLength(500);
    expect(page).toContain('Traces are embedded for the first 500 items only');
    expect(model.tracesOmitted).toBe(4500);
    expect(readFileSync(join(large, 'report.md'), 'utf8')).toContain(
      'The first 500 of 5,000 items',
    );
  });
});
