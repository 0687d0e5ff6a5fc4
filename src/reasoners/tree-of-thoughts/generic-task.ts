import { type Extraction, extractAnswer } from '../../answers/extract.js';
import type { Task } from '../../core/reasoner.js';
import { formatInstruction, readPrompt, renderTask, renderTemplate } from '../prompts.js';
import type { ThoughtTask } from './task.js';

export interface GenericState {
  /** The reasoning so far, one line each. */
  lines: readonly string[];
}

/** A bullet or number in front of a proposed step: `-`, `*`, `2.`, `(3)`, `Step 2:`. */
const LIST_MARKER = /^\s*(?:[-*•]\s+|\(?\d+[.):]\s+|step\s*\d+\s*[:.)-]\s*)/i;

/**
 * Any question: a state is the reasoning so far, and a thought adds the
 * next step. A state is final once it states an answer explicitly (a
 * box, or a declaration such as `Answer: 4`) in the task's format; that
 * answer is its answer. Nothing checks that it is right.
 */
export const genericTask: ThoughtTask<GenericState> = {
  name: 'generic',
  hints: { generate: 'sample', depth: 4 },

  initial() {
    return { lines: [] };
  },

  render(state) {
    return state.lines.length > 0 ? state.lines.join('\n') : 'No reasoning yet.';
  },

  childrenPrompt({ task, state, mode, count }) {
    const file = mode === 'propose' ? 'tot-propose.txt' : 'tot-sample.txt';
    return renderTemplate(readPrompt(file), {
      task: renderTask(task),
      steps: state.lines.join('\n'),
      count: String(count),
      instruction: formatInstruction(task.format),
    }).trim();
  },

  parseChildren(reply, { state, mode }) {
    const lines = reply
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');

    // A sampled reply is one step, however many lines; a proposal has one a line.
    const steps = mode === 'propose' ? lines.map((line) => [stripMarker(line)]) : [lines];
    return steps
      .filter((step) => step.join('') !== '')
      .map((step) => ({ state: { lines: [...state.lines, ...step] }, thought: step.join('\n') }));
  },

  valuePrompt(state, task) {
    return renderTemplate(readPrompt('tot-value.txt'), {
      task: renderTask(task),
      state: genericTask.render(state),
    }).trim();
  },

  isFinal(state, task) {
    return explicitAnswer(state, task) !== null;
  },

  check(state, task) {
    const answer = explicitAnswer(state, task);
    return { solved: answer !== null, answer };
  },
};

function stripMarker(line: string): string {
  return line.replace(LIST_MARKER, '').trim();
}

function explicitAnswer(state: GenericState, task: Task): string | null {
  const extraction = extractAnswer(state.lines.join('\n'), {
    format: task.format,
    options: task.options,
  });
  return isExplicit(extraction) ? extraction.answer : null;
}

// A bare line such as "Two plus two is four." is a text answer to
// extractAnswer; only a stated answer ends the reasoning.
function isExplicit(extraction: Extraction): boolean {
  if (extraction.method === 'boxed' || extraction.method === 'declared') return true;
  return (
    extraction.method === 'option-text' && /answer|\\boxed|\\fbox/i.test(extraction.span ?? '')
  );
}
