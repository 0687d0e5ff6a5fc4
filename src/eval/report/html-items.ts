import { type ItemCell, type ReportModel, escapeId } from './build-report.js';
import { escapeHtml } from './escape-html.js';
import { formatDifficulty, formatNumber } from './format.js';
import type { SlimStep, SlimTrace } from './slim-trace.js';

/** The per-item table: each run's answer links to its embedded trace. */
export function itemsTableHtml(model: ReportModel): string {
  const head = [
    '<th>id</th><th>suite</th><th>difficulty</th><th>gold</th>',
    ...model.runs.map((run) => `<th>${escapeHtml(run.label)}</th><th class="number">tokens</th>`),
  ].join('');

  const rows = model.items.map((item) => {
    const cells = item.cells.map((cell) => answerCell(cell)).join('');
    const difficulty = escapeHtml(formatDifficulty(item.difficulty));
    return (
      `<tr id="row-${escapeId(item.name)}"><td><code>${escapeHtml(item.name)}</code></td>` +
      `<td>${escapeHtml(item.suite)}</td><td>${difficulty}</td>` +
      `<td>${escapeHtml(item.gold)}</td>${cells}</tr>`
    );
  });

  return (
    `<div class="scroll"><table class="items"><thead><tr>${head}</tr></thead>` +
    `<tbody>\n${rows.join('\n')}\n</tbody></table></div>`
  );
}

function answerCell(cell: ItemCell | null): string {
  if (!cell) return '<td class="missing">-</td><td></td>';

  const mark = cell.correct ? '✓' : '✗';
  const answer = cell.error ? `error: ${cell.error.code}` : (cell.answer ?? 'no answer');
  const content = `${mark} ${escapeHtml(answer)}`;
  const linked = cell.anchor ? `<a href="#${cell.anchor}">${content}</a>` : content;
  const title = cell.error ? ` title="${escapeHtml(cell.error.message)}"` : '';
  const tokens = `<td class="number">${formatNumber(cell.tokens)}</td>`;
  const replay = cell.playground
    ? ` <a class="replay" href="${escapeHtml(cell.playground)}" title="replay in the playground">▶</a>`
    : '';
  return `<td class="${cell.correct ? 'correct' : 'wrong'}"${title}>${linked}${replay}</td>${tokens}`;
}

/** Every embedded trace, grouped by item, as closed `<details>` elements. */
export function tracesHtml(model: ReportModel): string {
  const sections: string[] = [];
  for (const item of model.items) {
    const traces = item.cells.flatMap((cell, index) => {
      if (!cell?.trace || !cell.anchor) return [];
      const label = model.runs[index]?.label ?? '';
      return [traceHtml(cell, cell.trace, label, cell.anchor, item.gold)];
    });
    if (traces.length === 0) continue;

    const back = `<a class="back" href="#row-${escapeId(item.name)}">back to table</a>`;
    sections.push(
      `<section class="item-traces"><h3><code>${escapeHtml(item.name)}</code> ${back}</h3>` +
        `${traces.join('\n')}</section>`,
    );
  }
  return sections.join('\n');
}

function traceHtml(cell: ItemCell, trace: SlimTrace, label: string, anchor: string, gold: string) {
  const verdict = cell.correct ? '✓' : '✗';
  const answer = cell.answer ?? 'no answer';
  const summary =
    `<summary><span class="${cell.correct ? 'correct' : 'wrong'}">${verdict}</span> ` +
    `${escapeHtml(label)}: <b>${escapeHtml(answer)}</b> (gold ${escapeHtml(gold)}, ` +
    `${trace.steps.length + trace.omittedSteps} steps)</summary>`;
  const omitted = trace.omittedSteps
    ? `<p class="note">${trace.omittedSteps} more steps left out.</p>`
    : '';
  const error = cell.error
    ? `<p class="wrong">error ${escapeHtml(cell.error.code)}: ${escapeHtml(cell.error.message)}</p>`
    : '';
  return (
    `<details id="${anchor}">${summary}<p class="question">${escapeHtml(trace.question)}</p>` +
    `<ol class="steps">${trace.steps.map(stepHtml).join('')}</ol>${omitted}${error}</details>`
  );
}

function stepHtml(step: SlimStep): string {
  const parts = [`<span class="type">${step.type}</span>`];
  if (step.tool) parts.push(`<code>${escapeHtml(step.tool)}</code>`);
  if (step.isError) parts.push('<span class="wrong">error</span>');
  if (step.kind) parts.push(`<span class="meta">${escapeHtml(step.kind)}</span>`);
  if (step.score !== null) parts.push(`<span class="meta">score ${step.score}</span>`);
  if (step.label) parts.push(`<span class="meta">${escapeHtml(step.label)}</span>`);
  if (step.type === 'answer') {
    parts.push(`answer <b>${escapeHtml(step.answer ?? 'none')}</b>`);
    if (step.method) parts.push(`<span class="meta">via ${escapeHtml(step.method)}</span>`);
  }

  const body = step.input ?? step.text;
  const text = body ? `<pre>${escapeHtml(body)}</pre>` : '';
  return `<li class="step step-${step.type}">${parts.join(' ')}${text}</li>`;
}
