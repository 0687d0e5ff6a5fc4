import type { Reasoner, ReasonerContext, ReasonerOutcome, Task } from '../core/reasoner.js';
import { runChain } from './chain.js';
import { checkWholeNumbers, optionsObject } from '../util/check-options.js';

export interface DirectOptions {
  /** Worked exemplars (answers only) before the question. Default: 0. */
  shots?: number;
}

/** Asks for the answer alone, with no reasoning: the baseline. */
export class Direct implements Reasoner {
  readonly name = 'direct';

  private readonly options: DirectOptions;

  constructor(options?: DirectOptions) {
    this.options = optionsObject('Direct', options, ['shots']);
    checkWholeNumbers('Direct', { shots: this.options.shots }, 0);
  }

  async run(task: Task, context: ReasonerContext): Promise<ReasonerOutcome> {
    const chain = await runChain(context, task, {
      prompt: 'direct.txt',
      reasoning: false,
      shots: this.options.shots ?? 0,
    });
    return { answer: chain.answer.answer };
  }
}
