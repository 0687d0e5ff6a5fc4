import type {
  BaseChatModel,
  BaseChatModelCallOptions,
} from '@langchain/core/language_models/chat_models';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import type { RunnableConfig, RunnableInterface } from '@langchain/core/runnables';
import {
  type Backend,
  type BackendCapabilities,
  type Choice,
  type GenerateRequest,
  type GenerateResult,
  type StreamEvent,
  type ToolDefinition,
  requestMessages,
} from '../core/backend.js';
import { InvalidInputError, throwIfAborted } from '../core/errors.js';
import { type Usage, addUsage, emptyUsage } from '../core/usage.js';
import { stableStringify } from '../util/hash.js';
import { toStepwiseError } from './chat-model-errors.js';
import { modelNameOf, toChoice, toLangChainMessages, usageOf } from './chat-model-mapping.js';
import { StopSequenceCutter, cutAtStop } from './stop-sequences.js';

/** Call options as a LangChain model takes them, including provider-specific ones. */
export type ChatModelCallOptions = Partial<BaseChatModelCallOptions> & Record<string, unknown>;

export interface LangChainBackendOptions {
  /** Any LangChain chat model, e.g. `new ChatOpenAI({ model: 'gpt-4o-mini' })`. */
  model: BaseChatModel;
  /** Spec string reported as the backend id. Default: `langchain:<llm type>[:<model name>]`. */
  id?: string;
  /**
   * Extra call options for each request, for what a model takes per call
   * beyond `stop` and `signal`: e.g. `(request) => ({ seed: request.seed })`
   * for ChatOpenAI, or `({ temperature }) => ({ configurable: { temperature } })`
   * for a model from `initChatModel` with configurable fields. Default: none.
   */
  callOptions?: (request: GenerateRequest) => ChatModelCallOptions;
  /** Runnable config for every call: callbacks, tags, metadata (e.g. for LangSmith). Default: none. */
  config?: RunnableConfig;
  /** Retries per call, overriding the model's own `maxRetries`. Default: the model's. */
  maxRetries?: number;
  /** Use the model's `bindTools` for native tool calls. Default: true where it has one. */
  nativeTools?: boolean;
}

type ChatRunnable = RunnableInterface<BaseLanguageModelInput, AIMessageChunk>;

/**
 * A stepwise backend over any LangChain chat model.
 *
 * Forwarded per call: messages, `stop` (as the standard call option, and
 * also applied to the reply, since some models ignore it), `signal`, tools
 * (through `bindTools`) and `maxRetries`. Not forwarded, because LangChain
 * has no standard per-call option for them: `temperature`, `topP`,
 * `maxTokens`, `seed` and `logprobs`; set them on the model, or map them
 * with `callOptions`. `n > 1` is served by one call per choice.
 */
export class LangChainBackend implements Backend {
  readonly id: string;
  readonly capabilities: BackendCapabilities;
  readonly model: BaseChatModel;
  readonly #options: LangChainBackendOptions;
  #bound: { key: string; runnable: ChatRunnable } | undefined;

  constructor(options: LangChainBackendOptions) {
    const given = options?.model as Partial<BaseChatModel> | undefined;
    if (typeof given?.invoke !== 'function' || typeof given._llmType !== 'function') {
      throw new InvalidInputError(
        'fromChatModel needs a LangChain chat model, ' +
          'e.g. new ChatOpenAI({ model: "gpt-4o-mini" }).',
      );
    }
    const model = options.model;
    const name = stringField(model, 'model') ?? stringField(model, 'modelName');
    this.model = model;
    this.#options = options;
    this.id = options.id ?? `langchain:${model._llmType()}${name ? `:${name}` : ''}`;
    this.capabilities = {
      streaming: true,
      tools: options.nativeTools !== false && typeof model.bindTools === 'function',
      logprobs: false,
      n: false,
      seed: false,
      chat: true,
    };
  }

  /** `langchain|<llm type>|<identifying params as JSON>`, with secrets left out. */
  async identity(): Promise<string> {
    const params = publicParams(this.model._identifyingParams());
    return `langchain|${this.model._llmType()}|${stableStringify(params)}`;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    throwIfAborted(request.signal);
    const { runnable, messages, callOptions, stops } = this.#prepare(request);

    const choices: Choice[] = [];
    let usage = emptyUsage();
    let modelName: string | undefined;
    for (let index = 0; index < (request.n ?? 1); index++) {
      const message = await this.#call(request, () => runnable.invoke(messages, callOptions));
      const { text, cut } = cutAtStop(message.text, stops);
      choices.push(toChoice(message, text, cut));
      usage = addUsage(usage, usageOf(message));
      modelName ??= modelNameOf(message);
    }
    return { choices, usage, model: modelName ?? this.#modelName() };
  }

  async *stream(request: GenerateRequest): AsyncIterable<StreamEvent> {
    throwIfAborted(request.signal);
    const { runnable, messages, callOptions, stops } = this.#prepare(request);

    const choices: Choice[] = [];
    let usage: Usage = emptyUsage();
    let modelName: string | undefined;
    for (let index = 0; index < (request.n ?? 1); index++) {
      const cutter = new StopSequenceCutter(stops);
      let aggregate: AIMessageChunk | undefined;
      let text = '';
      try {
        for await (const chunk of await runnable.stream(messages, callOptions)) {
          aggregate = aggregate === undefined ? chunk : aggregate.concat(chunk);

          // Keep reading past a stop sequence: usage arrives with the last chunk.
          const delta = cutter.push(chunk.text);
          if (delta) {
            text += delta;
            yield { type: 'text-delta', choice: index, text: delta };
          }
        }
      } catch (thrown) {
        throw toStepwiseError(thrown, { id: this.id, signal: request.signal });
      }
      throwIfAborted(request.signal);

      const rest = cutter.end();
      if (rest) {
        text += rest;
        yield { type: 'text-delta', choice: index, text: rest };
      }
      if (aggregate === undefined) {
        choices.push({ text, finishReason: cutter.stopped ? 'stop' : 'unknown' });
        continue;
      }
      choices.push(toChoice(aggregate, text, cutter.stopped));
      usage = addUsage(usage, usageOf(aggregate));
      modelName ??= modelNameOf(aggregate);
    }
    yield { type: 'finish', result: { choices, usage, model: modelName ?? this.#modelName() } };
  }

  #prepare(request: GenerateRequest): {
    runnable: ChatRunnable;
    messages: BaseMessage[];
    callOptions: Partial<BaseChatModelCallOptions>;
    stops: string[];
  } {
    const stops = request.stop?.filter((stop) => stop !== '') ?? [];
    const callOptions: ChatModelCallOptions = {
      ...this.#options.config,
      ...(this.#options.maxRetries !== undefined && { maxRetries: this.#options.maxRetries }),
      ...(stops.length > 0 && { stop: stops }),
      ...this.#options.callOptions?.(request),
      ...(request.signal && { signal: request.signal }),
    };
    return {
      runnable: this.#runnableFor(request.tools),
      messages: toLangChainMessages(requestMessages(request)),
      callOptions,
      stops,
    };
  }

  /** The model, with the request's tools bound; the last binding is reused. */
  #runnableFor(tools: ToolDefinition[] | undefined): ChatRunnable {
    if (!tools || tools.length === 0) return this.model;
    if (!this.capabilities.tools || !this.model.bindTools) {
      throw new InvalidInputError(
        `${this.id} cannot call tools natively (the model has no bindTools); use a text-based tool format.`,
      );
    }

    const key = stableStringify(tools);
    if (this.#bound?.key !== key) {
      // LangChain's tool-params shape is accepted by every provider's bindTools.
      const specs = tools.map((tool) => ({
        name: tool.name,
        description: tool.description,
        schema: tool.parameters,
      }));
      this.#bound = { key, runnable: this.model.bindTools(specs) };
    }
    return this.#bound.runnable;
  }

  async #call(
    request: GenerateRequest,
    call: () => Promise<AIMessageChunk>,
  ): Promise<AIMessageChunk> {
    try {
      return await call();
    } catch (thrown) {
      throw toStepwiseError(thrown, { id: this.id, signal: request.signal });
    }
  }

  #modelName(): string {
    return (
      stringField(this.model, 'model') ??
      stringField(this.model, 'modelName') ??
      this.model._llmType()
    );
  }
}

/** A backend over a LangChain chat model; see LangChainBackendOptions. */
export function fromChatModel(
  model: BaseChatModel,
  options: Omit<LangChainBackendOptions, 'model'> = {},
): LangChainBackend {
  return new LangChainBackend({ ...options, model });
}

// Identifying params include client config, API keys among it.
const SECRET_KEY =
  /api_?key|secret|password|passwd|credential|authorization|cookie|bearer|access_?token|auth_?token|session_?token|private_?key|^token$/i;

/** JSON-safe params with secrets, functions and class instances left out. */
function publicParams(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (depth > 6) return undefined;
  if (Array.isArray(value)) return value.map((item) => publicParams(item, depth + 1) ?? null);
  if (!isPlainObject(value)) return undefined;

  const entries = Object.entries(value)
    .filter(([key]) => !SECRET_KEY.test(key))
    .map(([key, item]) => [key, publicParams(item, depth + 1)] as const)
    .filter(([, item]) => item !== undefined);
  return Object.fromEntries(entries);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function stringField(value: object, key: string): string | undefined {
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'string' && field !== '' ? field : undefined;
}
