import type { GenerateRequest } from '../../core/backend.js';
import type { ReasonerContext, Task } from '../../core/reasoner.js';
import type { ThoughtStep } from '../../core/step.js';
import { addUsage, emptyUsage } from '../../core/usage.js';
import { deriveSeed } from '../../util/hash.js';
import { readPrompt, renderTask, renderTemplate } from '../prompts.js';
import { readValue, readVote } from './read-evaluation.js';
import type { ThoughtTask } from './task.js';

/** A state in the search tree, with its thought step and its latest score. */
export interface SearchNode<State> {
  state: State;
  step: ThoughtStep;
  /** From 0 to 1; 0 until evaluated, and for replies that could not be read. */
  score: number;
}

export interface StateEvaluatorOptions<State> {
  context: ReasonerContext;
  task: Task;
  thoughtTask: ThoughtTask<State>;
  /** Evaluation calls per state (value) or per choice (vote). */
  evaluations: number;
  /** Sampling temperature for repeated evaluations. */
  temperature: number;
}

interface CachedValue {
  score: number | null;
  label: string | null;
  stepId: string;
}

/**
 * Scores states with the model and records each score as an evaluation
 * step. Values are cached by prompt for the whole run, so a state that
 * comes up again costs no call.
 */
export class StateEvaluator<State> {
  private readonly values = new Map<string, CachedValue>();

  constructor(private readonly options: StateEvaluatorOptions<State>) {}

  /** Values each state on its own: the mean of `evaluations` readings. */
  async value(nodes: SearchNode<State>[]): Promise<void> {
    const { context, task, thoughtTask, evaluations } = this.options;
    for (const node of nodes) {
      const prompt = thoughtTask.valuePrompt(node.state, task);
      const cached = this.values.get(prompt);
      if (cached) {
        node.score = cached.score ?? 0;
        context.emit({
          type: 'evaluation',
          kind: 'value',
          targetId: node.step.id,
          score: cached.score,
          label: cached.label,
          text: `Evaluated before (step ${cached.stepId}); the score is reused.`,
          ...below(node.step),
        });
        continue;
      }

      const startedAt = context.now();
      const texts: string[] = [];
      let usage = emptyUsage();
      for (let sample = 0; sample < evaluations; sample++) {
        const reply = await this.call(prompt, 'tot-value', sample);
        texts.push(reply.text);
        usage = addUsage(usage, reply.usage);
      }

      const readings = texts.map(readValue).flatMap((reading) => (reading.ok ? [reading] : []));
      const score =
        readings.length > 0
          ? readings.reduce((sum, reading) => sum + reading.score, 0) / readings.length
          : null;
      const label = readings.map((reading) => reading.label).join(', ') || null;
      const step = context.emit({
        type: 'evaluation',
        kind: 'value',
        targetId: node.step.id,
        score,
        label,
        text: texts.map((text) => text.trim()).join('\n\n'),
        raw: texts.join('\n\n'),
        usage,
        startedAt,
        ...below(node.step),
      });
      node.score = score ?? 0;
      this.values.set(prompt, { score, label, stepId: step.id });
    }
  }

  /**
   * Asks `evaluations` times which state is most promising; a state's
   * score is its share of the votes. Equal states are listed once, and a
   * single one wins without a vote.
   */
  async vote(nodes: SearchNode<State>[]): Promise<void> {
    const { context, thoughtTask, evaluations } = this.options;
    const choices = [...new Set(nodes.map((node) => thoughtTask.render(node.state)))];
    const single = choices.length === 1;
    const votes = single ? [1] : await this.ballots(nodes, choices);

    const total = single ? 1 : evaluations;
    for (const node of nodes) {
      const count = votes[choices.indexOf(thoughtTask.render(node.state))] ?? 0;
      node.score = count / total;
      context.emit({
        type: 'evaluation',
        kind: 'vote',
        targetId: node.step.id,
        score: node.score,
        label: `${count}/${total}`,
        text: single
          ? 'The only candidate; no vote was needed.'
          : `Chosen in ${count} of ${total} votes.`,
        ...below(node.step),
      });
    }
  }

  /** Casts the votes, each a `ballot` step below the state it chose; returns counts per choice. */
  private async ballots(nodes: SearchNode<State>[], choices: string[]): Promise<number[]> {
    const { context, task, thoughtTask, evaluations } = this.options;
    const prompt = renderTemplate(readPrompt('tot-vote.txt'), {
      task: renderTask(task),
      count: String(choices.length),
      choices: choices.map((choice, index) => `Choice ${index + 1}:\n${choice}`).join('\n\n'),
    }).trim();
    const votes = choices.map(() => 0);

    for (let sample = 0; sample < evaluations; sample++) {
      const startedAt = context.now();
      const { text, usage } = await this.call(prompt, 'tot-vote', sample);
      const reading = readVote(text, choices.length);
      const chosen = reading.ok
        ? nodes.find((node) => thoughtTask.render(node.state) === choices[reading.choice])
        : undefined;
      if (reading.ok) votes[reading.choice] = (votes[reading.choice] ?? 0) + 1;

      // An unreadable ballot hangs beside the candidates, below their parent.
      const place = chosen
        ? below(chosen.step)
        : { parentId: nodes[0]?.step.parentId ?? null, depth: nodes[0]?.step.depth ?? 0 };
      context.emit({
        type: 'evaluation',
        kind: 'ballot',
        targetId: chosen?.step.id ?? null,
        score: null,
        label: reading.ok ? `choice ${reading.choice + 1}` : null,
        text: text.trim(),
        raw: text,
        usage,
        startedAt,
        ...place,
      });
    }
    return votes;
  }

  private async call(prompt: string, purpose: string, sample: number) {
    const { context, evaluations, temperature } = this.options;
    const request: GenerateRequest = {
      messages: [{ role: 'user', content: prompt }],
      seed: deriveSeed(context.seed, purpose, prompt, sample),
      sample,
      // Repeated evaluations of one prompt must be able to differ.
      ...(evaluations > 1 && { temperature }),
    };
    const result = await context.generate(request);
    return { text: result.choices[0]?.text ?? '', usage: result.usage };
  }
}

/** Where a step about `step` goes in the tree: just below it. */
export function below(step: ThoughtStep): { parentId: string; depth: number } {
  return { parentId: step.id, depth: step.depth + 1 };
}
