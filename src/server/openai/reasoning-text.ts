import type { Step } from '../../core/step.js';

/**
 * A step as a paragraph of `reasoning_content`, or null for the answer
 * step, whose answer is the reply's content instead.
 */
export function reasoningText(step: Step): string | null {
  switch (step.type) {
    case 'thought':
      return step.text.trim() || null;
    case 'action':
      return `Action: ${step.tool} ${JSON.stringify(step.input) ?? 'null'}`;
    case 'observation': {
      const source = step.tool ? ` from ${step.tool}` : '';
      return `Observation${source}${step.isError ? ' (error)' : ''}: ${step.text}`;
    }
    case 'evaluation': {
      const label = step.label !== null ? `: ${step.label}` : '';
      const score = step.score !== null ? ` (score ${step.score})` : '';
      const text = step.text.trim() ? `\n${step.text.trim()}` : '';
      return `Evaluation, ${step.kind}${label}${score}${text}`;
    }
    case 'reflection':
      return `Reflection after trial ${step.trial}: ${step.text}`;
    case 'answer':
      return null;
  }
}
