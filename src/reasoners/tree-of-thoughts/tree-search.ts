import type { ReasonerContext, ReasonerOutcome, Task } from '../../core/reasoner.js';
import { deriveSeed } from '../../util/hash.js';
import { below, type SearchNode, StateEvaluator } from './state-evaluator.js';
import type { ChildrenPromptInput, GenerateMode, ThoughtTask } from './task.js';

/** The reasoner's options with every default filled in. */
export interface SearchSettings {
  search: 'bfs' | 'dfs';
  breadth: number;
  depth: number;
  generate: GenerateMode;
  samples: number;
  evaluate: 'value' | 'vote';
  evaluations: number;
  threshold: number;
  temperature: number;
}

interface Found<State> {
  node: SearchNode<State>;
  answer: string;
}

interface Expansion<State> {
  /** A child that solves the task, when one came up. */
  found: Found<State> | null;
  /** Children that are not final, in the order they came. */
  open: SearchNode<State>[];
}

type Settled = { kind: 'solved'; answer: string } | { kind: 'dead' } | { kind: 'open' };

/**
 * One Tree of Thoughts search over a task: emits every state as a thought
 * step, every score as an evaluation step, and ends with an answer step.
 */
export async function searchTree<State>(
  context: ReasonerContext,
  task: Task,
  thoughtTask: ThoughtTask<State>,
  settings: SearchSettings,
): Promise<ReasonerOutcome> {
  return new TreeSearch(context, task, thoughtTask, settings).run();
}

class TreeSearch<State> {
  private readonly evaluator: StateEvaluator<State>;
  private explored = 0;

  constructor(
    private readonly context: ReasonerContext,
    private readonly task: Task,
    private readonly thoughtTask: ThoughtTask<State>,
    private readonly settings: SearchSettings,
  ) {
    this.evaluator = new StateEvaluator({ context, task, thoughtTask, ...settings });
  }

  async run(): Promise<ReasonerOutcome> {
    const state = this.thoughtTask.initial(this.task);
    const step = this.context.emit({
      type: 'thought',
      text: this.thoughtTask.render(state),
      parentId: null,
      depth: 0,
    });
    const root: SearchNode<State> = { state, step, score: 0 };
    this.explored = 1;

    const settled = this.settle(root);
    if (settled.kind === 'solved') return this.finish({ node: root, answer: settled.answer }, root);
    if (settled.kind === 'dead') return this.finish(null, root);

    if (this.settings.search === 'dfs') return this.finish(await this.dfs(root), root);
    const { found, best } = await this.bfs(root);
    return this.finish(found, best);
  }

  /** Level by level: expand every state kept, score the children, keep the best `breadth`. */
  private async bfs(root: SearchNode<State>) {
    let frontier = [root];
    let best = root;
    for (let level = 0; level < this.settings.depth && frontier.length > 0; level++) {
      const open: SearchNode<State>[] = [];
      for (const node of frontier) {
        const expansion = await this.expand(node);
        if (expansion.found) return { found: expansion.found, best };
        open.push(...expansion.open);
      }

      // Children at the depth limit cannot be extended, so no choice is left to score.
      if (level + 1 >= this.settings.depth) break;
      await this.score(open);
      frontier = this.select(open);
      best = frontier[0] ?? best;
    }
    return { found: null, best };
  }

  /** Deepest first: children best first, none below the threshold, back up on a dead end. */
  private async dfs(node: SearchNode<State>): Promise<Found<State> | null> {
    const expansion = await this.expand(node);
    if (expansion.found) return expansion.found;
    if (node.step.depth + 1 >= this.settings.depth) return null;

    await this.score(expansion.open);
    for (const child of this.select(expansion.open)) {
      // Ranked best first, so every later child is pruned too.
      if (child.score < this.settings.threshold) break;
      const found = await this.dfs(child);
      if (found) return found;
    }
    return null;
  }

  /** Asks for children of a state, stopping at once when one solves the task. */
  private async expand(node: SearchNode<State>): Promise<Expansion<State>> {
    const { context, settings } = this;
    const proposing = settings.generate === 'propose';
    const input: ChildrenPromptInput<State> = {
      task: this.task,
      state: node.state,
      mode: settings.generate,
      count: proposing ? settings.samples : 1,
    };
    const prompt = this.thoughtTask.childrenPrompt(input);
    const open: SearchNode<State>[] = [];

    for (let sample = 0; sample < (proposing ? 1 : settings.samples); sample++) {
      const startedAt = context.now();
      const result = await context.generate({
        messages: [{ role: 'user', content: prompt }],
        seed: deriveSeed(context.seed, 'tot-children', prompt, sample),
        sample,
        ...(!proposing && { temperature: settings.temperature }),
      });
      const reply = result.choices[0]?.text ?? '';

      for (const [index, child] of this.thoughtTask.parseChildren(reply, input).entries()) {
        const step = context.emit({
          type: 'thought',
          text: child.thought,
          raw: reply,
          ...below(node.step),
          // The call's tokens go to the first thought read from it.
          ...(index === 0 && { usage: result.usage, startedAt }),
        });
        const created: SearchNode<State> = { state: child.state, step, score: 0 };
        this.explored++;

        const settled = this.settle(created);
        if (settled.kind === 'solved') {
          return { found: { node: created, answer: settled.answer }, open };
        }
        if (settled.kind === 'open') open.push(created);
      }
    }
    return { found: null, open };
  }

  /** Final states are checked by the task, never valued by the model. */
  private settle(node: SearchNode<State>): Settled {
    if (!this.thoughtTask.isFinal(node.state, this.task)) return { kind: 'open' };
    const { solved, answer } = this.thoughtTask.check(node.state, this.task);
    const solves = solved && answer !== null;
    this.context.emit({
      type: 'evaluation',
      kind: 'check',
      targetId: node.step.id,
      score: solves ? 1 : 0,
      label: solves ? 'solved' : 'unsolved',
      text:
        answer === null
          ? 'A final state with no answer.'
          : `${solves ? 'Solves' : 'Does not solve'} the task: ${answer}`,
      ...below(node.step),
    });
    return solves ? { kind: 'solved', answer } : { kind: 'dead' };
  }

  private async score(nodes: SearchNode<State>[]): Promise<void> {
    if (nodes.length === 0) return;
    if (this.settings.evaluate === 'vote') await this.evaluator.vote(nodes);
    else await this.evaluator.value(nodes);
  }

  /** The best `breadth` states, highest score first (earlier first on ties), no state twice. */
  private select(nodes: SearchNode<State>[]): SearchNode<State>[] {
    const ranked = [...nodes].sort((a, b) => b.score - a.score);
    const seen = new Set<string>();
    const kept: SearchNode<State>[] = [];
    for (const node of ranked) {
      const rendered = this.thoughtTask.render(node.state);
      if (seen.has(rendered)) continue;
      seen.add(rendered);
      kept.push(node);
      if (kept.length === this.settings.breadth) break;
    }
    return kept;
  }

  private finish(found: Found<State> | null, best: SearchNode<State>): ReasonerOutcome {
    if (found) {
      this.context.emit({
        type: 'answer',
        answer: found.answer,
        text: this.thoughtTask.render(found.node.state),
        method: 'solved',
        ...below(found.node.step),
      });
      return { answer: found.answer };
    }
    this.context.emit({
      type: 'answer',
      answer: null,
      text:
        `Not solved: no state of the ${this.explored} explored solved the task ` +
        `within depth ${this.settings.depth}.`,
      method: 'unsolved',
      ...below(best.step),
    });
    return { answer: null };
  }
}
