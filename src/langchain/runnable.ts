import type { CallbackManagerForChainRun } from '@langchain/core/callbacks/manager';
import { type BaseMessage, isBaseMessage } from '@langchain/core/messages';
import { Runnable, type RunnableConfig } from '@langchain/core/runnables';
import { AbortedError, BackendError, InvalidInputError } from '../core/errors.js';
import { type Reasoner, Task, type TaskInput } from '../core/reasoner.js';
import { checkRunArguments } from '../core/run-arguments.js';
import { checkBoolean } from '../util/check-options.js';
import { type Run, type RunEvent, type RunOptions, runReasoner } from '../core/run.js';
import type { Trace } from '../core/trace.js';

/** A task as a runnable takes it: a question, a task object, or a message (its text). */
export type ReasonerInput = string | TaskInput | BaseMessage;

/** Name of the LangChain custom event each RunEvent is dispatched as. */
export const RUN_EVENT_NAME = 'stepwise-run-event';

export interface ToRunnableOptions<Output> extends RunOptions {
  /**
   * What `invoke` returns: `'answer'` (the answer text, or null), `'trace'`
   * (the whole Trace), or a function of the trace, e.g. `(trace) => ({
   * question: trace.task.question, answer: trace.result.answer })` to feed
   * a prompt template. Default: `'answer'`.
   */
  output?: 'answer' | 'trace' | ((trace: Trace) => Output);
  /**
   * Reject when the run ends in an error or is aborted, as other runnables
   * do, instead of returning an answer of null. Default: true.
   */
  throwOnError?: boolean;
}

/**
 * A reasoner as a LangChain Runnable. `invoke`, `batch` and `.pipe()`
 * work on the output chosen by `output`; `stream` yields that output once,
 * at the end, so the runnable streams correctly inside a sequence. Steps
 * as they happen: `streamRun`, or `streamEvents` anywhere in a pipeline,
 * where each RunEvent is an `on_custom_event` named RUN_EVENT_NAME.
 * The config's `signal` aborts the run.
 */
export class ReasonerRunnable<Output> extends Runnable<ReasonerInput, Output> {
  lc_namespace = ['stepwise', 'langchain'];
  readonly reasoner: Reasoner;
  readonly #options: ToRunnableOptions<Output>;

  static override lc_name(): string {
    return 'ReasonerRunnable';
  }

  constructor(reasoner: Reasoner, options: ToRunnableOptions<Output>) {
    super();
    checkRunnableOptions(reasoner, options);
    this.reasoner = reasoner;
    this.name = reasoner.name;
    this.#options = options;
  }

  override async invoke(input: ReasonerInput, config?: Partial<RunnableConfig>): Promise<Output> {
    return this._callWithConfig(
      (
        value: ReasonerInput,
        callConfig?: Partial<RunnableConfig>,
        runManager?: CallbackManagerForChainRun,
      ) => this.#invoke(value, callConfig, runManager),
      input,
      config,
    );
  }

  /** Starts a run and returns it: iterate its RunEvents, or await its trace. */
  streamRun(input: ReasonerInput, config?: Partial<RunnableConfig>): Run {
    return this.#start(input, config, () => undefined).run;
  }

  async #invoke(
    input: ReasonerInput,
    config: Partial<RunnableConfig> | undefined,
    runManager: CallbackManagerForChainRun | undefined,
  ): Promise<Output> {
    const dispatched: Promise<void>[] = [];
    const { run, failure } = this.#start(input, config, (event) => {
      if (runManager) dispatched.push(runManager.handleCustomEvent(RUN_EVENT_NAME, event));
    });
    const trace = await run.trace;
    await Promise.all(dispatched);

    if (this.#options.throwOnError !== false) {
      // The reasoner's own error says more than the trace's summary of it.
      if (trace.result.stopReason === 'error') {
        throw failure.error ?? new BackendError(trace.result.error?.message ?? 'The run failed.');
      }
      if (trace.result.stopReason === 'aborted') throw new AbortedError();
    }
    return this.#output(trace);
  }

  #start(
    input: ReasonerInput,
    config: Partial<RunnableConfig> | undefined,
    onEvent: (event: RunEvent) => void,
  ): { run: Run; failure: { error: unknown } } {
    const failure: { error: unknown } = { error: undefined };
    const reasoner = this.reasoner;

    // Wrapped only to keep what the reasoner threw; the trace keeps a summary.
    const watched: Reasoner = {
      name: reasoner.name,
      run: (task, context) =>
        reasoner.run(task, context).catch((error: unknown) => {
          failure.error = error;
          throw error;
        }),
    };

    const { output: _output, throwOnError: _throwOnError, ...options } = this.#options;
    const signal = combineSignals(options.signal, config?.signal);
    const run = runReasoner(watched, toTask(input), {
      ...options,
      ...(signal && { signal }),
      onEvent: (event) => {
        options.onEvent?.(event);
        onEvent(event);
      },
    });
    return { run, failure };
  }

  #output(trace: Trace): Output {
    const output = this.#options.output ?? 'answer';
    if (typeof output === 'function') return output(trace);

    // The overloads of toRunnable tie Output to the mode.
    return (output === 'trace' ? trace : trace.result.answer) as Output;
  }
}

/** Wraps a reasoner as a LangChain Runnable; see ToRunnableOptions. */
export function toRunnable(
  reasoner: Reasoner,
  options: ToRunnableOptions<never> & { output?: 'answer' },
): ReasonerRunnable<string | null>;
export function toRunnable(
  reasoner: Reasoner,
  options: ToRunnableOptions<never> & { output: 'trace' },
): ReasonerRunnable<Trace>;
export function toRunnable<Output>(
  reasoner: Reasoner,
  options: ToRunnableOptions<Output> & { output: (trace: Trace) => Output },
): ReasonerRunnable<Output>;
export function toRunnable<Output>(
  reasoner: Reasoner,
  options: ToRunnableOptions<Output>,
): ReasonerRunnable<Output> {
  return new ReasonerRunnable(reasoner, options);
}

function checkRunnableOptions(reasoner: unknown, options: unknown): void {
  if (options === undefined) {
    throw new InvalidInputError(
      'toRunnable needs options with a backend, ' +
        "e.g. toRunnable(reasoner, { backend: await createBackend('local') }).",
    );
  }
  const { output, throwOnError, ...run } = (options ?? {}) as ToRunnableOptions<unknown>;
  checkRunArguments(reasoner, run);
  if (
    output !== undefined &&
    output !== 'answer' &&
    output !== 'trace' &&
    typeof output !== 'function'
  ) {
    throw new InvalidInputError(
      "toRunnable option output must be 'answer', 'trace' or a function of the trace, " +
        `not ${JSON.stringify(output)}.`,
    );
  }
  checkBoolean('toRunnable', 'throwOnError', throwOnError);
}

function toTask(input: ReasonerInput): TaskInput {
  const candidate: unknown =
    typeof input === 'string'
      ? { question: input }
      : isBaseMessage(input)
        ? { question: input.text }
        : input;

  const parsed = Task.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new InvalidInputError(
    `The runnable's input is not a task${where}: ${issue?.message ?? 'invalid'}. ` +
      'Pass a question string, or { question, context?, format?, options? }.',
  );
}

function combineSignals(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal) => signal !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
