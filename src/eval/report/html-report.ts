import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportModel } from './build-report.js';
import { escapeHtml } from './escape-html.js';
import { formatNumber } from './format.js';
import { itemsTableHtml, tracesHtml } from './html-items.js';
import { type RenderPlotsOptions, type ReportPlot, renderPlots } from './plots.js';
import { type TextTable, reportTables } from './report-tables.js';

export interface HtmlReportOptions {
  /** Folder report.html is written to; created when missing. */
  outDir: string;
  /** Charts already rendered; default: rendered here. */
  plots?: ReportPlot[];
  /** How charts are rendered when `plots` is not given. Default: their defaults. */
  plotOptions?: RenderPlotsOptions;
}

/** Writes one self-contained report.html and returns its path. */
export async function writeHtmlReport(
  model: ReportModel,
  options: HtmlReportOptions,
): Promise<string> {
  const file = join(options.outDir, 'report.html');
  await mkdir(options.outDir, { recursive: true });
  await writeFile(
    file,
    renderHtmlReport(model, options.plots ?? renderPlots(model, options.plotOptions)),
  );
  return file;
}

/**
 * The report as one HTML page: inline CSS, charts as inline SVG and
 * traces as `<details>`, so it works offline and without JavaScript.
 */
export function renderHtmlReport(model: ReportModel, plots: readonly ReportPlot[]): string {
  const tables = reportTables(model);
  const first = tables.filter((table) => table.key === 'overview' || table.key === 'comparisons');
  const rest = tables.filter((table) => !first.includes(table));
  const sections = [...first.map(tableHtml), plotsHtml(plots), ...rest.map(tableHtml)];
  const links = [
    ...first.map((table) => [table.key, table.title]),
    ['plots', 'Charts'],
    ...rest.map((table) => [table.key, table.title]),
    ['items', 'Items'],
  ];
  const navigation = links
    .map(([key = '', title = '']) => `<a href="#${key}">${escapeHtml(title)}</a>`)
    .join(' · ');

  const runs = model.runs.length;
  const counts = `${runs} run${runs === 1 ? '' : 's'}, ${formatNumber(model.items.length)} items`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<style>
${CSS.join('\n')}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(model.title)}</h1>
<p class="note">${counts}. Created ${escapeHtml(model.createdAt)}.</p>
<nav>${navigation}</nav>
${sections.join('\n')}
${itemsHtml(model)}
</main>
</body>
</html>
`;
}

function tableHtml(table: TextTable): string {
  const numeric = new Set(table.numeric);
  const cell = (tag: string, text: string, index: number) =>
    `<${tag}${numeric.has(index) ? ' class="number"' : ''}>${escapeHtml(text)}</${tag}>`;
  const head = table.head.map((text, index) => cell('th', text, index)).join('');
  const rows = table.rows
    .map((row) => `<tr>${row.map((text, index) => cell('td', text, index)).join('')}</tr>`)
    .join('\n');
  const note = table.note ? `<p class="note">${escapeHtml(table.note)}</p>` : '';
  return (
    `<section id="${table.key}"><h2>${escapeHtml(table.title)}</h2>${note}<div class="scroll">` +
    `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div></section>`
  );
}

function plotsHtml(plots: readonly ReportPlot[]): string {
  const figures = plots.map(
    (plot) =>
      `<figure id="plot-${plot.name}">${plot.svg}` +
      `<figcaption>${escapeHtml(plot.title)}</figcaption></figure>`,
  );
  return (
    `<section id="plots"><h2>Charts</h2>` +
    `<div class="plots">${figures.join('\n')}</div></section>`
  );
}

function itemsHtml(model: ReportModel): string {
  const embedded = Math.min(model.traceLimit, model.items.length);
  const omitted = model.tracesOmitted
    ? ` Traces are embedded for the first ${formatNumber(embedded)} items only; ` +
      `${formatNumber(model.tracesOmitted)} later items with traces are left out ` +
      'to keep this page light.'
    : '';
  return (
    `<section id="items"><h2>Items</h2><p class="note">Each answer links to its trace below ` +
    `(✓ correct, ✗ wrong); ▶ replays it step by step in the playground, started with ` +
    `<code>stepwise playground --traces &lt;run folders&gt;</code> ` +
    `(at ${escapeHtml(model.playgroundUrl)}).${omitted}</p>${itemsTableHtml(model)}</section>\n` +
    `<section id="traces"><h2>Traces</h2>${tracesHtml(model)}</section>`
  );
}

/** System fonts only: a remote font would break the page offline. */
const CSS = [
  ':root { color-scheme: light; --muted: #666; --line: #ddd; --good: #1a7f37; --bad: #c62828; }',
  '* { box-sizing: border-box; }',
  'body { margin: 0; color: #222; background: #fff;',
  '  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }',
  'main { max-width: 1200px; margin: 0 auto; padding: 24px; }',
  'h1 { font-size: 24px; margin: 0 0 4px; }',
  'h2 { font-size: 18px; margin: 32px 0 6px; border-bottom: 1px solid var(--line); }',
  'h3 { font-size: 14px; margin: 18px 0 6px; }',
  'nav { margin: 8px 0 16px; font-size: 13px; }',
  'a { color: #0b5cad; text-decoration: none; }',
  'a:hover { text-decoration: underline; }',
  '.note { color: var(--muted); font-size: 13px; margin: 4px 0 8px; }',
  '.scroll { overflow-x: auto; }',
  'table { border-collapse: collapse; font-size: 13px; margin: 4px 0; }',
  'th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left;',
  '  vertical-align: top; }',
  'th { background: #f6f6f6; position: sticky; top: 0; }',
  '.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }',
  '.correct { color: var(--good); }',
  '.wrong { color: var(--bad); }',
  '.missing { color: var(--muted); }',
  'table.items td { max-width: 260px; overflow-wrap: anywhere; }',
  'tr:target { background: #fff6d5; }',
  '.plots { display: flex; flex-wrap: wrap; gap: 16px; }',
  'figure { margin: 0; max-width: 660px; }',
  'figcaption { color: var(--muted); font-size: 13px; text-align: center; }',
  'details { border: 1px solid var(--line); border-radius: 4px;',
  '  margin: 6px 0; padding: 4px 10px; }',
  'details:target { outline: 2px solid #f28e2b; }',
  'summary { cursor: pointer; }',
  '.question { white-space: pre-wrap; margin: 6px 0; }',
  'ol.steps { margin: 4px 0; padding-left: 24px; }',
  'li.step { margin: 6px 0; }',
  '.type { font-weight: 600; text-transform: uppercase; font-size: 11px; }',
  '.meta { color: var(--muted); }',
  '.back { font-weight: normal; font-size: 12px; margin-left: 8px; }',
  'pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f7f7f7;',
  '  padding: 6px 8px; margin: 4px 0; font-size: 12px; }',
  'code { font-size: 12px; }',
];
