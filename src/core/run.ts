import type { z } from 'zod';
import type { Backend, GenerateRequest, GenerateResult } from './backend.js';
import {
  AbortedError,
  BudgetExceededError,
  InvalidInputError,
  isStepwiseError,
  throwIfAborted,
} from './errors.js';
import type {
  Budget,
  CallOptions,
  Reasoner,
  ReasonerContext,
  StepDraft,
  TaskInput,
} from './reasoner.js';
import { Task } from './reasoner.js';
import { checkOutcome, checkRunArguments } from './run-arguments.js';
import { Step } from './step.js';
import type { Result, StopReason, Trace } from './trace.js';
import { addUsage, emptyUsage, type Usage } from './usage.js';

/** Events of a run, in the order they happen. */
export type RunEvent =
  | { type: 'step'; step: Step }
  | { type: 'text-delta'; text: string; call: number; choice: number }
  | { type: 'call-end'; call: number; result: GenerateResult }
  | { type: 'result'; trace: Trace };

export interface RunOptions {
  backend: Backend;
  signal?: AbortSignal;
  budget?: Budget;
  /** Run seed. Default: 0. */
  seed?: number;
  /** Reasoner parameters (e.g. `samples`). Default: none. */
  params?: Record<string, unknown>;
  /** Sampling temperature for calls that do not set one. Default: backend's. */
  temperature?: number;
  /** Most new tokens per call that does not set it. Default: backend's. */
  maxTokens?: number;
  /** Stream model text as `text-delta` events. Default: false. */
  stream?: boolean;
  /** Clock in epoch ms. Default: Date.now. */
  now?: () => number;
  /** Step id generator. Default: `s1`, `s2`, ... per run. */
  newId?: () => string;
  /** Called with every event as it happens (in addition to iteration). */
  onEvent?: (event: RunEvent) => void;
}

/** A run in progress: iterate its events, or await its trace. */
export interface Run extends AsyncIterable<RunEvent> {
  readonly trace: Promise<Trace>;
}

/** Runs a reasoner on a task, streaming its steps and ending with a trace. */
export function runReasoner(reasoner: Reasoner, taskInput: TaskInput, options: RunOptions): Run {
  checkRunArguments(reasoner, options);
  const queue = new EventQueue<RunEvent>();
  const trace = execute(reasoner, parseTask(taskInput), options, (event) => {
    options.onEvent?.(event);
    queue.push(event);
  }).finally(() => queue.close());

  // The trace promise is also surfaced through iteration; avoid an unhandled rejection.
  trace.catch(() => undefined);
  return {
    trace,
    async *[Symbol.asyncIterator]() {
      yield* queue;
      await trace;
    },
  };
}

/** A step a reasoner emitted that is not a valid step, as one line that names the field. */
function invalidStep(reasoner: Reasoner, draft: StepDraft, error: z.ZodError): InvalidInputError {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || 'step';
  return new InvalidInputError(
    `The ${reasoner.name} reasoner emitted an invalid ${String(draft.type)} step: ` +
      `${field}: ${issue?.message ?? 'invalid'}.`,
  );
}

/** Validates a task, throwing an InvalidInputError that names the bad field. */
function parseTask(input: TaskInput): Task {
  const parsed = Task.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'task';
  throw new InvalidInputError(`Invalid task: ${field} ${issue?.message ?? 'is invalid'}.`);
}

/** Runs a reasoner to the end and returns its trace. */
export async function solve(
  reasoner: Reasoner,
  task: TaskInput,
  options: RunOptions,
): Promise<Trace> {
  checkRunArguments(reasoner, options);
  // Nobody iterates the events here, so none are queued.
  const publish = options.onEvent ?? (() => {});
  return execute(reasoner, parseTask(task), options, publish);
}

async function execute(
  reasoner: Reasoner,
  task: Task,
  options: RunOptions,
  publish: (event: RunEvent) => void,
): Promise<Trace> {
  const now = options.now ?? Date.now;
  let counter = 0;
  const newId = options.newId ?? (() => `s${++counter}`);
  const steps: Step[] = [];
  const spent = { calls: 0, usage: emptyUsage() as Usage };
  const budget = options.budget ?? {};
  const startedAt = now();

  const context: ReasonerContext = {
    backend: options.backend,
    signal: options.signal,
    seed: options.seed ?? 0,
    params: options.params ?? {},
    defaults: { temperature: options.temperature, maxTokens: options.maxTokens },
    spent,
    now,
    emit<D extends StepDraft>(draft: D) {
      const { startedAt: stepStart, ...fields } = draft;
      const endedAt = now();
      const previous = steps.at(-1);
      const parsed = Step.safeParse({
        usage: emptyUsage(),
        raw: null,
        parentId: previous?.id ?? null,
        depth: 0,
        ...fields,
        id: newId(),
        reasoner: reasoner.name,
        timing: { startedAt: stepStart ?? endedAt, endedAt },
      });
      if (!parsed.success) throw invalidStep(reasoner, draft, parsed.error);
      const step = parsed.data;
      steps.push(step);
      publish({ type: 'step', step });
      return step as Extract<Step, { type: D['type'] }>;
    },
    async loglikelihood(request) {
      throwIfAborted(options.signal);
      const score = options.backend.loglikelihood?.bind(options.backend);
      if (!score) {
        throw new InvalidInputError(
          `The ${options.backend.id} backend gives no log-likelihoods; use a local model.`,
        );
      }
      checkBudget(budget, spent);
      spent.calls++;
      const result = await score({ ...request, signal: request.signal ?? options.signal });
      spent.usage = addUsage(spent.usage, result.usage);
      return result;
    },
    async generate(request: GenerateRequest, callOptions: CallOptions = {}) {
      throwIfAborted(options.signal);
      checkBudget(budget, spent);
      const call = ++spent.calls;
      const full: GenerateRequest = {
        temperature: options.temperature,
        maxTokens: options.maxTokens,
        ...stripUndefined(request),
        signal: request.signal ?? options.signal,
      };
      const streaming =
        (callOptions.stream ?? options.stream ?? false) && options.backend.capabilities.streaming;
      const result = streaming
        ? await streamCall(options.backend, full, (choice, text) =>
            publish({ type: 'text-delta', text, call, choice }),
          )
        : await options.backend.generate(full);
      spent.usage = addUsage(spent.usage, result.usage);
      publish({ type: 'call-end', call, result });
      return result;
    },
  };

  let answer: string | null = null;
  let stopReason: StopReason = 'no-answer';
  let error: Result['error'] = null;
  try {
    const outcome = checkOutcome(reasoner, await reasoner.run(task, context));
    answer = outcome.answer;
    stopReason = answer === null ? 'no-answer' : 'answer';
  } catch (caught) {
    if (caught instanceof BudgetExceededError) {
      stopReason = caught.limit === 'calls' ? 'budget-calls' : 'budget-tokens';
      answer = lastAnswer(steps);
    } else if (caught instanceof AbortedError || options.signal?.aborted) {
      stopReason = 'aborted';
    } else {
      stopReason = 'error';
      error = {
        code: isStepwiseError(caught) ? caught.code : 'internal',
        message: caught instanceof Error ? caught.message : String(caught),
      };
    }
  }

  // Every step was validated as it was emitted; the rest is built here, typed.
  const trace: Trace = {
    version: 1,
    reasoner: reasoner.name,
    backend: options.backend.id,
    task,
    steps,
    result: {
      answer,
      stopReason,
      calls: spent.calls,
      usage: spent.usage,
      latencyMs: Math.max(0, now() - startedAt),
      error,
    },
  };
  publish({ type: 'result', trace });
  return trace;
}

function checkBudget(budget: Budget, spent: { calls: number; usage: Usage }): void {
  if (budget.maxCalls !== undefined && spent.calls >= budget.maxCalls) {
    throw new BudgetExceededError(`The call budget of ${budget.maxCalls} is spent.`, {
      limit: 'calls',
    });
  }
  if (budget.maxTokens !== undefined && spent.usage.totalTokens >= budget.maxTokens) {
    throw new BudgetExceededError(`The token budget of ${budget.maxTokens} is spent.`, {
      limit: 'tokens',
    });
  }
}

async function streamCall(
  backend: Backend,
  request: GenerateRequest,
  onDelta: (choice: number, text: string) => void,
): Promise<GenerateResult> {
  for await (const event of backend.stream(request)) {
    if (event.type === 'text-delta') onDelta(event.choice, event.text);
    else return event.result;
  }
  throw new Error(`Backend ${backend.id} ended a stream without a finish event.`);
}

function lastAnswer(steps: Step[]): string | null {
  for (let index = steps.length - 1; index >= 0; index--) {
    const step = steps[index];
    if (step?.type === 'answer') return step.answer;
  }
  return null;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const kept: Record<string, unknown> = {};
  for (const key in value) {
    if (value[key] !== undefined) kept[key] = value[key];
  }
  return kept as Partial<T>;
}

/** An unbounded async queue: producers push, one consumer iterates. */
class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: (() => void) | undefined;
  private closed = false;

  push(item: T): void {
    this.items.push(item);
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}
