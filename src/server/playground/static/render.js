// @ts-check

/**
 * DOM for steps and traces. Every text from a model or a file goes in
 * through textContent, never as HTML.
 *
 * @typedef {{ promptTokens: number, completionTokens: number, totalTokens: number }} Usage
 * @typedef {{
 *   id: string, type: string, parentId: string | null, depth: number, reasoner: string,
 *   usage: Usage, raw: string | null, timing: { startedAt: number, endedAt: number },
 *   text?: string, tool?: string | null, input?: unknown, isError?: boolean, kind?: string,
 *   targetId?: string | null, score?: number | null, label?: string | null, trial?: number,
 *   answer?: string | null, method?: string
 * }} Step
 * @typedef {{
 *   answer: string | null, stopReason: string, calls: number, usage: Usage, latencyMs: number,
 *   error: { code: string, message: string } | null
 * }} Result
 * @typedef {{
 *   reasoner: string, backend: string,
 *   task: { question: string, context: string | null, format: string, options: string[] | null },
 *   steps: Step[], result: Result
 * }} Trace
 */

/**
 * @param {string} tag
 * @param {string} [className]
 * @param {string | null} [text]
 * @returns {HTMLElement}
 */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** @param {Step} step */
function title(step) {
  switch (step.type) {
    case 'action':
      return `Action · ${step.tool ?? ''}`;
    case 'observation':
      return step.isError
        ? `Observation · ${step.tool ?? ''} (error)`
        : `Observation · ${step.tool ?? ''}`;
    case 'evaluation':
      return `Evaluation · ${step.kind ?? ''}`;
    case 'reflection':
      return `Reflection · after trial ${step.trial ?? ''}`;
    case 'answer':
      return 'Answer';
    default:
      return 'Thought';
  }
}

/**
 * One step as a card.
 *
 * @param {Step} step
 * @returns {HTMLElement}
 */
export function stepCard(step) {
  const card = el('li', `step step-${step.type}`);
  card.dataset.stepId = step.id;
  card.dataset.type = step.type;
  if (step.type === 'observation' && step.isError) card.classList.add('is-error');
  const head = el('div', 'step-head');
  head.append(el('span', 'step-title', title(step)));
  if (step.usage.totalTokens > 0)
    head.append(el('span', 'step-meta', `${step.usage.totalTokens} tokens`));
  card.append(head);

  if (step.type === 'action') {
    card.append(el('pre', 'step-body code', JSON.stringify(step.input, null, 2)));
  } else if (step.type === 'evaluation') {
    const verdict = [
      step.label,
      step.score === null || step.score === undefined ? null : `score ${formatScore(step.score)}`,
    ]
      .filter(Boolean)
      .join(' · ');
    if (verdict) card.append(el('div', 'step-verdict', verdict));
    if (step.text && step.text !== step.label) card.append(el('pre', 'step-body', step.text));
  } else if (step.type === 'answer') {
    card.append(el('div', 'answer-value', step.answer ?? '(no answer)'));
    card.append(el('div', 'step-meta', `read ${step.method ?? ''}`));
  } else {
    card.append(el('pre', 'step-body', step.text ?? ''));
  }
  return card;
}

/** @param {number} score */
export function formatScore(score) {
  return String(Math.round(score * 100) / 100);
}

/**
 * Tokens, calls and time of a finished run, as one line.
 *
 * @param {Result} result
 */
export function resultLine(result) {
  const seconds = (result.latencyMs / 1000).toFixed(result.latencyMs < 10_000 ? 2 : 1);
  return `${result.usage.totalTokens} tokens · ${result.calls} ${result.calls === 1 ? 'call' : 'calls'} · ${seconds} s · ${result.stopReason}`;
}

/**
 * Whether the steps branch (Tree of Thoughts): some step has two children.
 *
 * @param {Step[]} steps
 */
export function isTree(steps) {
  const seen = new Set();
  for (const step of steps) {
    if (step.type !== 'thought' || step.parentId === null) continue;
    if (seen.has(step.parentId)) return true;
    seen.add(step.parentId);
  }
  return false;
}

/**
 * The search tree of a Tree of Thoughts run: each thought with the scores
 * given to it, the path to the answer highlighted.
 *
 * @param {Step[]} steps
 * @returns {HTMLElement}
 */
export function treeView(steps) {
  /** @type {Map<string, Step>} */
  const byId = new Map(steps.map((step) => [step.id, step]));
  /** @type {Map<string | null, Step[]>} */
  const children = new Map();
  /** @type {Map<string, string[]>} */
  const scores = new Map();
  for (const step of steps) {
    if (step.type === 'thought') {
      const siblings = children.get(step.parentId) ?? [];
      siblings.push(step);
      children.set(step.parentId, siblings);
    } else if (step.type === 'evaluation' && step.targetId) {
      const list = scores.get(step.targetId) ?? [];
      list.push(
        `${step.kind} ${step.score === null || step.score === undefined ? (step.label ?? '') : formatScore(step.score)}`,
      );
      scores.set(step.targetId, list);
    }
  }

  // The chosen path: the answer's ancestors.
  const chosen = new Set();
  const answer = steps.findLast((step) => step.type === 'answer');
  for (let id = answer?.parentId ?? null; id !== null; id = byId.get(id)?.parentId ?? null) {
    if (chosen.has(id)) break;
    chosen.add(id);
  }
  const solved = answer?.answer !== null && answer?.answer !== undefined;

  // Each thought is drawn once, so a hostile trace whose ids loop cannot recurse forever.
  const drawn = new Set();
  /** @param {string | null} parentId */
  const branch = (parentId) => {
    const list = el('ul', 'tree-level');
    for (const node of children.get(parentId) ?? []) {
      if (drawn.has(node.id)) continue;
      drawn.add(node.id);
      const item = el('li', 'tree-node');
      item.dataset.stepId = node.id;
      if (chosen.has(node.id)) item.classList.add(solved ? 'chosen' : 'best');
      const label = el('div', 'tree-label');
      label.append(el('span', 'tree-text', summaryLine(node.text ?? '')));
      for (const score of scores.get(node.id) ?? []) label.append(el('span', 'tree-score', score));
      item.append(label);
      if (children.has(node.id)) item.append(branch(node.id));
      list.append(item);
    }
    return list;
  };
  const view = el('div', 'tree');
  view.append(branch(null));
  return view;
}

/**
 * A thought's newest line (a state's latest move), shortened.
 *
 * @param {string} text
 */
function summaryLine(text) {
  const line = text.trim().split('\n').at(-1) ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
