import { z } from 'zod';
import type {
  Backend,
  GenerateRequest,
  GenerateResult,
  LoglikelihoodRequest,
  LoglikelihoodResult,
} from './backend.js';
import type { Step, StepType } from './step.js';
import type { Usage } from './usage.js';

export const AnswerFormat = z.enum(['letter', 'truth', 'yes-no', 'number', 'text', 'list']);
export type AnswerFormat = z.infer<typeof AnswerFormat>;

/** What a reasoner is asked to solve. */
export const Task = z.object({
  question: z.string().trim().min(1, 'must not be empty'),
  /** Premises or a passage the question is about. */
  context: z.string().nullable().default(null),
  format: AnswerFormat.default('text'),
  /** Choices for multiple-choice items, e.g. `["A) True", "B) False"]`. */
  options: z.array(z.string()).nullable().default(null),
  /**
   * A reference answer, for evaluators that check against one (Reflexion's
   * exact evaluator). Reasoners never show it to the model.
   */
  gold: z.string().nullable().default(null),
});
export type Task = z.infer<typeof Task>;
export type TaskInput = z.input<typeof Task>;

export interface Budget {
  /** Most backend calls a run may make. Default: unlimited. */
  maxCalls?: number;
  /** Most tokens (prompt + completion) a run may spend. Default: unlimited. */
  maxTokens?: number;
}

/** The fields a reasoner supplies for a step; the context fills the rest. */
export type StepDraft<T extends StepType = StepType> = T extends StepType
  ? Omit<
      Extract<Step, { type: T }>,
      'id' | 'reasoner' | 'timing' | 'usage' | 'raw' | 'parentId' | 'depth'
    > &
      Partial<Pick<Step, 'usage' | 'raw' | 'parentId' | 'depth'>> & {
        startedAt?: number;
      }
  : never;

export interface CallOptions {
  /** Stream the reply, emitting `text-delta` events. Default: false. */
  stream?: boolean;
}

/** What a reasoner sees while it runs: metered backend calls and a step sink. */
export interface ReasonerContext {
  readonly backend: Backend;
  readonly signal: AbortSignal | undefined;
  /** The run's seed; derive per-call seeds from it. */
  readonly seed: number;
  /** Reasoner-specific parameters (`--param key=value`). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Defaults applied to every request that does not set them. */
  readonly defaults: Readonly<Pick<GenerateRequest, 'temperature' | 'maxTokens'>>;
  /** Calls a backend, counting calls and tokens against the budget. */
  generate(request: GenerateRequest, options?: CallOptions): Promise<GenerateResult>;
  /**
   * Scores continuations by log-likelihood, metered like generate.
   * Throws InvalidInputError when the backend has no token scores.
   */
  loglikelihood(request: LoglikelihoodRequest): Promise<LoglikelihoodResult>;
  /** Validates a step, fills id, timing and reasoner, and emits it. */
  emit<D extends StepDraft>(draft: D): Extract<Step, { type: D['type'] }>;
  now(): number;
  readonly spent: { readonly calls: number; readonly usage: Usage };
}

export interface ReasonerOutcome {
  /** Canonical answer, or null when the reasoner found none. */
  answer: string | null;
}

/**
 * A reasoning strategy. It asks its backend for text, emits each parsed
 * step through the context as it happens, and returns the final answer.
 */
export interface Reasoner {
  readonly name: string;
  run(task: Task, context: ReasonerContext): Promise<ReasonerOutcome>;
}
