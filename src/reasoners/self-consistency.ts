import type { Reasoner, ReasonerContext, ReasonerOutcome, Task } from '../core/reasoner.js';
import { deriveSeed } from '../util/hash.js';
import { runChain } from './chain.js';
import {
  checkBoolean,
  checkRange,
  checkWholeNumbers,
  optionsObject,
} from '../util/check-options.js';

export interface SelfConsistencyOptions {
  /** Chains to sample. Default: 5. */
  samples?: number;
  /** Sampling temperature when the run sets none. Default: 0.7. */
  temperature?: number;
  /** Worked exemplars per chain. Default: 0. */
  shots?: number;
  /** Stop once the leader cannot be overtaken. Default: true. */
  earlyStop?: boolean;
}

export interface Tally {
  /** The winning answer, or null when no chain answered. */
  winner: string | null;
  counts: Map<string, number>;
}

/**
 * Majority vote over answers in arrival order; null answers are not
 * counted. Tie rule: among tied answers, the one that reached the top
 * count first wins.
 */
export function tallyVotes(answers: (string | null)[]): Tally {
  const counts = new Map<string, number>();
  let winner: string | null = null;
  let best = 0;
  for (const answer of answers) {
    if (answer === null) continue;
    const count = (counts.get(answer) ?? 0) + 1;
    counts.set(answer, count);

    // Strictly greater: a later tie never displaces the earlier leader.
    if (count > best) {
      best = count;
      winner = answer;
    }
  }
  return { winner, counts };
}

/** True when no answer can catch the leader with the chains left. */
export function leaderIsSafe(counts: Map<string, number>, leader: string, remaining: number) {
  const lead = counts.get(leader) ?? 0;
  let runnerUp = 0;
  for (const [answer, count] of counts) {
    if (answer !== leader) runnerUp = Math.max(runnerUp, count);
  }
  return lead > runnerUp + remaining;
}

/**
 * Self-consistency: samples several chains of thought and returns the
 * majority answer. Each chain's vote is an evaluation step.
 */
export class SelfConsistency implements Reasoner {
  readonly name = 'self-consistency';

  private readonly options: SelfConsistencyOptions;

  constructor(options?: SelfConsistencyOptions) {
    this.options = optionsObject('SelfConsistency', options, [
      'samples',
      'temperature',
      'shots',
      'earlyStop',
    ]);
    const { samples, shots, temperature, earlyStop } = this.options;
    checkWholeNumbers('SelfConsistency', { samples }, 1);
    checkWholeNumbers('SelfConsistency', { shots }, 0);
    checkRange('SelfConsistency', 'temperature', temperature, 0);
    checkBoolean('SelfConsistency', 'earlyStop', earlyStop);
  }

  async run(task: Task, context: ReasonerContext): Promise<ReasonerOutcome> {
    const samples = this.options.samples ?? 5;
    const temperature = context.defaults.temperature ?? this.options.temperature ?? 0.7;
    const answers: (string | null)[] = [];

    for (let sample = 0; sample < samples; sample++) {
      const chain = await runChain(context, task, {
        prompt: 'cot.txt',
        reasoning: true,
        shots: this.options.shots ?? 0,
        temperature,
        seed: deriveSeed(context.seed, 'sample', sample),
        sample,
        parentId: null,
      });
      const answer = chain.answer.answer;
      answers.push(answer);
      context.emit({
        type: 'evaluation',
        kind: 'vote',
        targetId: chain.answer.id,
        score: answer === null ? 0 : 1,
        label: answer,
        text:
          answer === null
            ? `Chain ${sample + 1} gave no answer.`
            : `Chain ${sample + 1} votes ${answer}.`,
        parentId: chain.answer.id,
      });

      const { winner, counts } = tallyVotes(answers);
      const remaining = samples - sample - 1;
      if (this.options.earlyStop !== false && remaining > 0 && winner !== null) {
        if (leaderIsSafe(counts, winner, remaining)) break;
      }
    }

    const { winner, counts } = tallyVotes(answers);
    const summary = [...counts].map(([answer, count]) => `${answer}: ${count}`).join(', ');
    context.emit({
      type: 'answer',
      answer: winner,
      text: summary ? `Votes: ${summary}` : 'No chain gave an answer.',
      method: 'majority-vote',
      parentId: null,
    });
    return { answer: winner };
  }
}
