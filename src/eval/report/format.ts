/** How numbers read in reports, shared by the Markdown, HTML and terminal views. */

/** 0.4567 -> `45.7%`. */
export function formatPercent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

/** [0.41, 0.59] -> `41.0–59.0%`. */
export function formatInterval([low, high]: readonly [number, number]): string {
  return `${(100 * low).toFixed(1)}–${(100 * high).toFixed(1)}%`;
}

/** A difference of proportions in percentage points: 0.2 -> `+20.0 pp`. */
export function formatPoints(value: number): string {
  const points = 100 * value;
  const sign = points > 0.05 ? '+' : points < -0.05 ? '−' : '±';
  return `${sign}${Math.abs(points).toFixed(1)} pp`;
}

/** An interval of differences: `[−3.1, +12.0] pp`. */
export function formatPointsInterval([low, high]: readonly [number, number]): string {
  const signed = (value: number) => formatPoints(value).replace(' pp', '');
  return `[${signed(low)}, ${signed(high)}] pp`;
}

/** A p-value to three significant digits; tiny ones in exponent form. */
export function formatP(value: number): string {
  if (value >= 1) return '1';
  if (value < 1e-4) return value.toExponential(2);
  return value.toPrecision(3);
}

/** US dollars; `-` when there is no price. */
export function formatUsd(value: number | null): string {
  if (value === null) return '-';
  if (value === 0) return '$0';
  if (value >= 1) return `$${value.toFixed(2)}`;
  return `$${value.toPrecision(3)}`;
}

// Made once: Intl formatters are slow to create and a report formats thousands of cells.
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** A count or mean with thousands separators and at most one decimal. */
export function formatNumber(value: number): string {
  const whole = Number.isInteger(value) || Math.abs(value) >= 100;
  return (whole ? WHOLE : ONE_DECIMAL).format(value);
}

/** Milliseconds, switching to seconds past ten of them. */
export function formatMs(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

/** A difficulty record: `{ hops: 3, distractors: 1 }` -> `hops=3 distractors=1`. */
export function formatDifficulty(difficulty: Record<string, number>): string {
  return Object.entries(difficulty)
    .map(([knob, value]) => `${knob}=${value}`)
    .join(' ');
}
