import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { ReportModel } from './build-report.js';

/** One chart of a report as an SVG string. */
export interface ReportPlot {
  /** File-safe name, e.g. `accuracy` or `difficulty-hops`. */
  name: string;
  title: string;
  /** Inline SVG markup (no XML namespace; see standaloneSvg). */
  svg: string;
}

export interface RenderPlotsOptions {
  /** Width of each chart in pixels. Default: 640. */
  width?: number;
  /** x scale of the tokens chart; `auto` goes log past a tenfold spread. Default: `auto`. */
  tokensScale?: 'auto' | 'linear' | 'log';
}

/** Tableau 10: distinct on white and for common colour blindness. */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/** The colour of the run at this index, the same in every chart. */
export function runColor(index: number): string {
  return PALETTE[index % PALETTE.length] ?? '#333333';
}

/**
 * Renders the report's charts on the server with Observable Plot and a
 * DOM shim, so they show as plain SVG without JavaScript.
 */
export function renderPlots(model: ReportModel, options: RenderPlotsOptions = {}): ReportPlot[] {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const context = { document: document as unknown as Document, width: options.width ?? 640 };
  const plots = [accuracyPlot(model, context)];

  for (const knob of model.knobs) plots.push(difficultyPlot(model, knob, context));

  plots.push(tokensPlot(model, context, options.tokensScale ?? 'auto'));
  return plots;
}

/** Adds the SVG namespace so the markup works as a file of its own. */
export function standaloneSvg(svg: string): string {
  return svg.replace(/^<svg\b/, '<svg xmlns="http://www.w3.org/2000/svg"');
}

interface PlotContext {
  document: Document;
  width: number;
}

interface Point {
  label: string;
  color: string;
  accuracy: number;
  low: number;
  high: number;
}

/** With `percent`, Plot scales proportions to 0-100 before the domain applies. */
const ACCURACY = 'accuracy, % (95% Wilson interval)';

const STYLE = { background: 'white', color: '#222', fontSize: '11px' };

const shorten = (text: string, length = 40) =>
  text.length > length ? `${text.slice(0, length - 1)}…` : text;

function render(figure: Element): string {
  return figure.outerHTML;
}

function accuracyPlot(model: ReportModel, context: PlotContext): ReportPlot {
  const points: Point[] = model.runs.map((run, index) => ({
    label: run.label,
    color: runColor(index),
    accuracy: run.summary.accuracy,
    low: run.summary.ci95[0],
    high: run.summary.ci95[1],
  }));
  const longest = Math.max(...points.map((point) => shorten(point.label).length), 4);

  const figure = Plot.plot({
    ...context,
    style: STYLE,
    height: 50 + 32 * points.length,
    marginLeft: Math.min(280, 12 + 6 * longest),
    marginRight: 50,
    x: { domain: [0, 100], grid: true, label: ACCURACY, percent: true },
    y: {
      domain: points.map((point) => point.label),
      label: null,
      tickFormat: (label: string) => shorten(label),
    },
    marks: [
      Plot.ruleY(points, { y: 'label', x1: 'low', x2: 'high', stroke: 'color', strokeWidth: 2 }),
      Plot.tickX(points, { y: 'label', x: 'low', stroke: 'color' }),
      Plot.tickX(points, { y: 'label', x: 'high', stroke: 'color' }),
      Plot.dot(points, { y: 'label', x: 'accuracy', fill: 'color', r: 4 }),
      Plot.text(points, {
        y: 'label',
        x: 'high',
        text: (point: Point) => `${(100 * point.accuracy).toFixed(1)}%`,
        dx: 6,
        textAnchor: 'start',
      }),
    ],
  });
  return { name: 'accuracy', title: 'Accuracy per run', svg: render(figure) };
}

function difficultyPlot(model: ReportModel, knob: string, context: PlotContext): ReportPlot {
  const series = model.runs.map((run, index) => {
    const levels = run.summary.byDifficulty[knob] ?? {};
    return Object.entries(levels).map(([level, part]) => ({
      label: run.label,
      color: runColor(index),
      level,
      accuracy: part.accuracy,
      low: part.ci95[0],
      high: part.ci95[1],
    }));
  });
  const levels = [...new Set(series.flat().map((point) => point.level))];
  const numeric = levels.every((level) => Number.isFinite(Number(level)));
  const x = (point: { level: string }) => (numeric ? Number(point.level) : point.level);
  const marginTop = 34 + 14 * model.runs.length;

  // Runs side by side at each level, so their interval bars do not hide each other.
  const spread = (index: number) => (index - (model.runs.length - 1) / 2) * 5;
  const marks = series.flatMap((points, index) => {
    const color = runColor(index);
    const dx = spread(index);
    return [
      Plot.line(points, { x, y: 'accuracy', stroke: color, dx, strokeWidth: 1.5 }),
      Plot.ruleX(points, { x, y1: 'low', y2: 'high', stroke: color, dx, strokeOpacity: 0.7 }),
      Plot.dot(points, { x, y: 'accuracy', fill: color, dx, r: 3 }),
    ];
  });

  const figure = Plot.plot({
    ...context,
    style: STYLE,
    height: 260 + marginTop,
    marginTop,
    marginBottom: 40,
    x: numeric
      ? {
          label: knob,
          ticks: levels.map(Number),
          tickFormat: (value: number) => String(value),
          inset: 16,
        }
      : { type: 'point', domain: levels, label: knob, padding: 0.3 },
    y: { domain: [0, 100], grid: true, percent: true, label: ACCURACY },
    marks: [...marks, ...legend(model, marginTop)],
  });
  return {
    name: `difficulty-${knob.replace(/[^A-Za-z0-9-]+/g, '_')}`,
    title: `Accuracy by ${knob}`,
    svg: render(figure),
  };
}

function tokensPlot(
  model: ReportModel,
  context: PlotContext,
  scale: 'auto' | 'linear' | 'log',
): ReportPlot {
  const points = model.runs.map((run, index) => ({
    label: run.label,
    color: runColor(index),
    tokens: run.summary.tokensPerItem.total,
    accuracy: run.summary.accuracy,
    low: run.summary.ci95[0],
    high: run.summary.ci95[1],
  }));
  const tokens = points.map((point) => point.tokens);
  const smallest = Math.min(...tokens);
  const largest = Math.max(...tokens);
  const log = scale === 'log' || (scale === 'auto' && smallest > 0 && largest / smallest >= 10);

  const figure = Plot.plot({
    ...context,
    style: STYLE,
    height: 320,
    marginRight: 180,
    marginBottom: 40,
    x: log
      ? { type: 'log', label: 'mean tokens per item (log scale)', grid: true }
      : { domain: [0, largest * 1.1 || 1], label: 'mean tokens per item', grid: true, inset: 8 },
    y: { domain: [0, 100], grid: true, percent: true, label: ACCURACY },
    marks: [
      Plot.ruleX(points, { x: 'tokens', y1: 'low', y2: 'high', stroke: 'color', strokeWidth: 2 }),
      Plot.dot(points, { x: 'tokens', y: 'accuracy', fill: 'color', r: 4 }),
      Plot.text(points, {
        x: 'tokens',
        y: 'accuracy',
        text: (point: { label: string }) => shorten(point.label, 30),
        dx: 8,
        textAnchor: 'start',
      }),
    ],
  });
  return { name: 'compute', title: 'Accuracy against tokens per item', svg: render(figure) };
}

/** A key in the top margin, drawn as SVG text so the file stands alone. */
function legend(model: ReportModel, marginTop: number) {
  return model.runs.map((run, index) =>
    Plot.text([run.label], {
      frameAnchor: 'top-left',
      // Below the y-axis label, above the frame.
      dy: -marginTop + 26 + 14 * index,
      text: (label: string) => `● ${shorten(label, 80)}`,
      fill: runColor(index),
      textAnchor: 'start',
    }),
  );
}
