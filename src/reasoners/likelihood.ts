import { InvalidInputError } from '../core/errors.js';
import type { Reasoner, ReasonerContext, ReasonerOutcome, Task } from '../core/reasoner.js';
import { renderPrompt } from './prompts.js';
import { checkChoice, optionsObject } from '../util/check-options.js';

export interface LikelihoodOptions {
  /** `tokens` divides each option's log-probability by its token count. Default: none. */
  normalize?: 'none' | 'tokens';
}

interface Choice {
  /** The canonical answer the option stands for. */
  answer: string;
  /** The text scored after the prompt. */
  continuation: string;
}

const OPTION_LABEL = /^\(?([A-Z])[).:]\s*/;

/** The options a task is scored over, with the answer each one means. */
function choicesOf(task: Task): Choice[] {
  if (task.options && task.options.length > 0) {
    return task.options.map((option, index) => {
      const letter = OPTION_LABEL.exec(option)?.[1] ?? String.fromCharCode(65 + index);
      return { answer: letter, continuation: ` ${option.replace(OPTION_LABEL, '').trim()}` };
    });
  }
  if (task.format === 'truth') {
    return ['true', 'false', 'unknown'].map((word) => ({
      answer: word,
      continuation: ` ${word[0]?.toUpperCase()}${word.slice(1)}`,
    }));
  }
  if (task.format === 'yes-no') {
    return [
      { answer: 'yes', continuation: ' Yes' },
      { answer: 'no', continuation: ' No' },
    ];
  }
  throw new InvalidInputError(
    'The likelihood reasoner needs multiple-choice options (or a truth or yes-no format).',
  );
}

/**
 * Scores multiple-choice items as lm-evaluation-harness does: no text is
 * generated; the option whose text is most likely after the prompt wins.
 * Needs a backend with log-likelihoods (the local one).
 */
export class Likelihood implements Reasoner {
  readonly name = 'likelihood';

  private readonly options: LikelihoodOptions;

  constructor(options?: LikelihoodOptions) {
    this.options = optionsObject('Likelihood', options, ['normalize']);
    checkChoice('Likelihood', 'normalize', this.options.normalize, ['none', 'tokens']);
  }

  async run(task: Task, context: ReasonerContext): Promise<ReasonerOutcome> {
    const choices = choicesOf(task);
    const startedAt = context.now();
    const result = await context.loglikelihood({
      messages: [{ role: 'user', content: renderPrompt('likelihood.txt', task) }],
      continuations: choices.map((choice) => choice.continuation),
    });

    let best: { answer: string; score: number } | null = null;
    for (const [index, choice] of choices.entries()) {
      const logprob = result.logprobs[index] ?? Number.NEGATIVE_INFINITY;
      const tokens = Math.max(1, result.tokens[index] ?? 1);
      const score = this.options.normalize === 'tokens' ? logprob / tokens : logprob;
      context.emit({
        type: 'evaluation',
        kind: 'likelihood',
        targetId: null,
        score,
        label: choice.answer,
        text: `log P("${choice.continuation.trim()}") = ${logprob.toFixed(4)} over ${tokens} tokens`,
        parentId: null,
        ...(index === 0 && { usage: result.usage, startedAt }),
      });
      if (best === null || score > best.score) best = { answer: choice.answer, score };
    }

    context.emit({
      type: 'answer',
      answer: best?.answer ?? null,
      text: best ? `Most likely option: ${best.answer}` : 'No options to score.',
      method: 'likelihood',
      parentId: null,
    });
    return { answer: best?.answer ?? null };
  }
}
