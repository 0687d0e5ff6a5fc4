import { InvalidInputError } from '../../core/errors.js';
import type { Reasoner, ReasonerContext, ReasonerOutcome, Task } from '../../core/reasoner.js';
import {
  checkChoice,
  checkRange,
  checkWholeNumbers,
  optionsObject,
} from '../../util/check-options.js';
import type { GenerateMode, ThoughtTask } from './task.js';
import { resolveThoughtTask, type ThoughtTaskName, thoughtTaskNames } from './thought-tasks.js';
import { type SearchSettings, searchTree } from './tree-search.js';

export interface TreeOfThoughtsOptions {
  /**
   * `bfs` keeps the best `breadth` states of each level; `dfs` follows the
   * best child first, prunes children scored below `threshold` and backs
   * up from dead ends. Default: `bfs`.
   */
  search?: 'bfs' | 'dfs';
  /** States kept per level (bfs), or children tried per state (dfs). Default: 3. */
  breadth?: number;
  /**
   * Most thoughts from the root state (depth 0) to a final one. Default:
   * the task's: 4 generic, 3 game24 (four numbers, three operations), 8
   * deductive.
   */
  depth?: number;
  /**
   * `sample` asks `samples` times for one next thought; `propose` asks once
   * for up to `samples` different ones (keeping every valid one). Default:
   * the task's: `sample` generic, `propose` game24 and deductive.
   */
  generate?: GenerateMode;
  /** Thoughts asked for per state. Default: 3. */
  samples?: number;
  /**
   * `value` scores each state on its own (`sure` 1, `likely` 0.5,
   * `impossible` 0, or JSON `{"value": 0.9}`); `vote` asks which of the
   * candidates is best and scores each by its share of the votes.
   * Default: `value`.
   */
  evaluate?: 'value' | 'vote';
  /** Evaluation calls per state (value, averaged) or per level (vote). Default: 1. */
  evaluations?: number;
  /** Lowest score a child may have to be explored by dfs. Default: 0.5. */
  threshold?: number;
  /**
   * Temperature for sampled thoughts and repeated evaluations, when the
   * run sets none. Default: 0.7.
   */
  temperature?: number;
  /** What to search: a task by name or your own. Default: `generic`. */
  task?: ThoughtTask<unknown> | ThoughtTaskName;
}

/**
 * Tree of Thoughts (Yao et al., 2023): a search over partial solutions.
 * The model proposes or samples next thoughts and scores the states they
 * lead to; the search keeps the promising ones. A final state is checked
 * by the task, and the first that solves it is the answer. Every state,
 * score and check is a step, linked to its parent by `parentId`.
 */
export class TreeOfThoughts implements Reasoner {
  readonly name = 'tot';

  private readonly options: TreeOfThoughtsOptions;

  constructor(options?: TreeOfThoughtsOptions) {
    this.options = optionsObject('TreeOfThoughts', options, TREE_OF_THOUGHTS_OPTIONS);
    validate(this.options);
  }

  async run(task: Task, context: ReasonerContext): Promise<ReasonerOutcome> {
    const thoughtTask = resolveThoughtTask(this.options.task ?? 'generic');
    const { options } = this;
    const settings: SearchSettings = {
      search: options.search ?? 'bfs',
      breadth: options.breadth ?? 3,
      depth: options.depth ?? thoughtTask.hints.depth,
      generate: options.generate ?? thoughtTask.hints.generate,
      samples: options.samples ?? 3,
      evaluate: options.evaluate ?? 'value',
      evaluations: options.evaluations ?? 1,
      threshold: options.threshold ?? 0.5,
      temperature: context.defaults.temperature ?? options.temperature ?? 0.7,
    };
    return searchTree(context, task, thoughtTask, settings);
  }
}

/** The methods and hints a custom ThoughtTask must have. */
const THOUGHT_TASK_METHODS = [
  'initial',
  'render',
  'childrenPrompt',
  'parseChildren',
  'valuePrompt',
  'isFinal',
  'check',
] as const;

function checkThoughtTask(task: object): void {
  const candidate = task as Record<string, unknown>;
  const hints = candidate.hints as Partial<ThoughtTask<unknown>['hints']> | undefined;
  const missing: string[] = [
    ...(typeof candidate.name === 'string' ? [] : ['name']),
    ...(typeof hints?.depth === 'number' && typeof hints.generate === 'string' ? [] : ['hints']),
    ...THOUGHT_TASK_METHODS.filter((name) => typeof candidate[name] !== 'function'),
  ];
  if (missing.length > 0) {
    throw new InvalidInputError(
      `TreeOfThoughts option task is missing ${missing.join(', ')}; give a task name ` +
        `(${thoughtTaskNames.join(', ')}) or a whole ThoughtTask (see genericTask).`,
    );
  }
}

const TREE_OF_THOUGHTS_OPTIONS = [
  'search',
  'breadth',
  'depth',
  'generate',
  'samples',
  'evaluate',
  'evaluations',
  'threshold',
  'temperature',
  'task',
] as const;

function validate(options: TreeOfThoughtsOptions): void {
  const { breadth, depth, samples, evaluations, threshold, temperature, task } = options;
  checkWholeNumbers('TreeOfThoughts', { breadth, depth, samples, evaluations }, 1);
  checkChoice('TreeOfThoughts', 'search', options.search, ['bfs', 'dfs']);
  checkChoice('TreeOfThoughts', 'generate', options.generate, ['propose', 'sample']);
  checkChoice('TreeOfThoughts', 'evaluate', options.evaluate, ['value', 'vote']);
  if (typeof task !== 'object' || task === null) {
    checkChoice('TreeOfThoughts', 'task', task, thoughtTaskNames);
  } else {
    checkThoughtTask(task);
  }
  checkRange('TreeOfThoughts', 'threshold', threshold, 0, 1);
  checkRange('TreeOfThoughts', 'temperature', temperature, 0);
}
