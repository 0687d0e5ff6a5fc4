import type { Reasoner, ReasonerContext, ReasonerOutcome, Task } from '../core/reasoner.js';
import { runChain } from './chain.js';
import { checkWholeNumbers, optionsObject } from '../util/check-options.js';

export interface ChainOfThoughtOptions {
  /** Worked exemplars from prompts/cot-exemplars.json. Default: 0 (zero-shot). */
  shots?: number;
}

/** Chain-of-thought: one call that reasons step by step, then answers. */
export class ChainOfThought implements Reasoner {
  readonly name = 'cot';

  private readonly options: ChainOfThoughtOptions;

  constructor(options?: ChainOfThoughtOptions) {
    this.options = optionsObject('ChainOfThought', options, ['shots']);
    checkWholeNumbers('ChainOfThought', { shots: this.options.shots }, 0);
  }

  async run(task: Task, context: ReasonerContext): Promise<ReasonerOutcome> {
    const chain = await runChain(context, task, {
      prompt: 'cot.txt',
      reasoning: true,
      shots: this.options.shots ?? 0,
    });
    return { answer: chain.answer.answer };
  }
}
