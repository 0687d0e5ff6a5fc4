import type { Task } from '../../core/reasoner.js';

/**
 * How children of a state are asked for: `propose` asks once for several
 * different next thoughts; `sample` asks several times for one each.
 */
export type GenerateMode = 'propose' | 'sample';

/** What checking a final state found. */
export interface ThoughtCheck {
  /** Whether the state solves the task. */
  solved: boolean;
  /** The state's answer, or null when it has none. */
  answer: string | null;
}

/** A state the model's reply led to, with the thought that made it. */
export interface ThoughtChild<State> {
  state: State;
  /** The new thought alone, as the trace shows it. */
  thought: string;
}

export interface ChildrenPromptInput<State> {
  task: Task;
  state: State;
  mode: GenerateMode;
  /** Thoughts to ask for in one reply: the sample count when proposing, else 1. */
  count: number;
}

/** Settings a task works best with, used where the reasoner's options are unset. */
export interface ThoughtTaskHints {
  generate: GenerateMode;
  /** Most thoughts from the root state to a final one. */
  depth: number;
}

/**
 * A problem Tree of Thoughts can search: what a state is, how the model
 * is asked to extend and judge one, and when one is solved. Prompts are
 * whole user messages; the reasoner adds nothing to them.
 */
export interface ThoughtTask<State> {
  readonly name: string;
  readonly hints: ThoughtTaskHints;
  /** The root state: nothing thought yet. */
  initial(task: Task): State;
  /** The state as the model sees it, in vote prompts and the trace. */
  render(state: State): string;
  /** The message asking for children of a state. */
  childrenPrompt(input: ChildrenPromptInput<State>): string;
  /**
   * Reads a reply to `childrenPrompt(input)` into children. Thoughts that
   * cannot be read, or that break the task's rules, are left out.
   */
  parseChildren(reply: string, input: ChildrenPromptInput<State>): ThoughtChild<State>[];
  /**
   * The message asking how promising a state is. Equal prompts get one
   * evaluation per run, so leave out what the value does not depend on.
   */
  valuePrompt(state: State, task: Task): string;
  /** Whether the state cannot be extended: it is checked instead of valued. */
  isFinal(state: State, task: Task): boolean;
  /** Whether a final state solves the task, and its answer. */
  check(state: State, task: Task): ThoughtCheck;
}
