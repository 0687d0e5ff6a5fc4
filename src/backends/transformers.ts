import { Tensor, type PreTrainedModel } from '@huggingface/transformers';
import {
  requestMessages,
  type Backend,
  type BackendCapabilities,
  type Choice,
  type FinishReason,
  type GenerateRequest,
  type GenerateResult,
  type LoglikelihoodRequest,
  type LoglikelihoodResult,
  type StreamEvent,
  type TokenLogprob,
} from '../core/backend.js';
import {
  AbortedError,
  BackendError,
  ContextLengthError,
  InvalidInputError,
  InvalidSpecError,
  throwIfAborted,
} from '../core/errors.js';
import { makeUsage } from '../core/usage.js';
import { GeneratedText } from './generated-text.js';
import { renderPrompt } from './local-prompt.js';
import {
  acquireModel,
  modelIdentity,
  releaseModel,
  resolveLocalModel,
  type LoadedModel,
} from './local-model.js';
import { deriveSeed } from '../util/hash.js';
import { createRandom } from '../util/random.js';
import { logprobOf, sampleToken } from './sampler.js';

export { resolveLocalModel, type LocalModelSource } from './local-model.js';

export interface LocalBackendOptions {
  /** `local` (the embedded model), `local:<folder>` or `local:<hub id>`. Default: `local`. */
  spec?: string;
  /** New tokens per choice when a request sets no maxTokens. Default: 256. */
  defaultMaxTokens?: number;
  /** Seed for sampled requests that set none. Default: a fresh random seed per request. */
  seed?: number;
}

/** Past key/values of every layer, named as the graph's inputs. */
type KeyValueCache = Record<string, Tensor>;

interface ForwardResult {
  /** Logits of the next token after the last input. */
  logits: Float32Array;
  /** Logits after every input token, row after row. */
  all: Float32Array;
  vocabulary: number;
  cache: KeyValueCache;
}

/**
 * Runs transformers.js models in-process with its own decode loop: greedy or
 * seeded sampling, n choices from one prefill, stop strings, logprobs and
 * streaming, none of which transformers.js's generate() offers together.
 *
 * Completion tokens count every sampled token, an end-of-text one included;
 * logprobs cover the tokens that became text (log-softmax of the raw logits,
 * before temperature). Tools in a request are ignored: capabilities.tools is false.
 */
export class LocalBackend implements Backend {
  readonly id: string;
  readonly capabilities: BackendCapabilities;
  private readonly defaultMaxTokens: number;
  private readonly seed: number | undefined;
  private held: Promise<LoadedModel> | undefined;
  private identityPromise: Promise<string> | undefined;
  /** Calls in progress, which close() ends before it frees the model. */
  private readonly active = new Set<Promise<void>>();
  private closing = new AbortController();

  constructor(options: LocalBackendOptions = {}) {
    this.id = options.spec ?? 'local';
    if (this.id !== 'local' && !/^local:./.test(this.id)) {
      throw new InvalidSpecError(
        `"${this.id}" is not a local model spec; use "local" or "local:<model>".`,
      );
    }
    this.defaultMaxTokens = options.defaultMaxTokens ?? 256;
    this.seed = options.seed;
    this.capabilities = {
      streaming: true,
      tools: false,
      logprobs: true,
      n: true,
      seed: true,
      chat: false,
    };
  }

  /** Loads the model now rather than on the first request; fills in `capabilities.chat`. */
  async load(): Promise<LoadedModel> {
    this.held ??= acquireModel(this.id).then(
      (loaded) => {
        this.capabilities.chat = loaded.chat;
        return loaded;
      },
      (error: unknown) => {
        this.held = undefined;
        throw error;
      },
    );
    return this.held;
  }

  identity(): Promise<string> {
    this.identityPromise ??= this.computeIdentity();
    return this.identityPromise;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    for await (const event of this.stream(request)) {
      if (event.type === 'finish') return event.result;
    }
    throw new BackendError('The local decode loop ended without a result.');
  }

  async *stream(request: GenerateRequest): AsyncGenerator<StreamEvent, void> {
    const ended = this.begin();
    try {
      yield* this.run(request, this.closing.signal);
    } finally {
      ended();
    }
  }

  /** Sum of log-probabilities of each continuation after the prompt (one pass each). */
  async loglikelihood(request: LoglikelihoodRequest): Promise<LoglikelihoodResult> {
    const ended = this.begin();
    try {
      return await this.score(request, this.closing.signal);
    } finally {
      ended();
    }
  }

  /**
   * Frees the model. Calls still running are stopped first (they fail with
   * an AbortedError at their next token), so none touches a session that is
   * gone; a stream its consumer abandoned without ending is waited for up to
   * CLOSE_WAIT_MS. A later call loads the model again.
   */
  async close(): Promise<void> {
    this.closing.abort();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(this.active),
      new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS))),
    ]);
    clearTimeout(timer);
    this.closing = new AbortController();
    const held = this.held;
    this.held = undefined;
    const loaded = await held?.catch(() => undefined);
    if (loaded) await releaseModel(loaded);
  }

  /** Registers a call in progress; the returned function ends it. */
  private begin(): () => void {
    let end = () => {};
    const done = new Promise<void>((resolve) => (end = resolve));
    this.active.add(done);
    return () => {
      this.active.delete(done);
      end();
    };
  }

  private async score(
    request: LoglikelihoodRequest,
    closing: AbortSignal,
  ): Promise<LoglikelihoodResult> {
    const check = () => {
      throwIfAborted(request.signal);
      throwIfClosed(closing);
    };
    check();
    const loaded = await this.load();
    const prompt = encodePrompt(loaded, request);
    const logprobs: number[] = [];
    const tokens: number[] = [];
    let scored = 0;
    for (const continuation of request.continuations) {
      check();
      const ids = loaded.tokenizer.encode(continuation, { add_special_tokens: false });
      const sequence = [...prompt, ...ids];
      if (sequence.length > loaded.contextLength) {
        throw new ContextLengthError(
          `The prompt and continuation are ${sequence.length} tokens; the context holds ${loaded.contextLength}.`,
          { promptTokens: sequence.length, contextLength: loaded.contextLength },
        );
      }

      // Row p of the logits predicts token p + 1.
      const { all, vocabulary } = await forward(loaded.model, sequence, undefined, 0);
      let sum = 0;
      for (const [offset, id] of ids.entries()) {
        const row = prompt.length - 1 + offset;
        sum += logprobOf(all.subarray(row * vocabulary, (row + 1) * vocabulary), id);
      }
      logprobs.push(sum);
      tokens.push(ids.length);
      scored += sequence.length;
    }
    return { logprobs, tokens, usage: makeUsage(scored, 0) };
  }

  private async computeIdentity(): Promise<string> {
    const source = resolveLocalModel(this.id);
    // A hub model's files are only on disk once it has been downloaded.
    if (source.kind === 'hub') await this.load();
    return modelIdentity(source);
  }

  private async *run(
    request: GenerateRequest,
    closing: AbortSignal,
  ): AsyncGenerator<StreamEvent, void> {
    const n = request.n ?? 1;
    if (!Number.isInteger(n) || n < 1) {
      throw new InvalidInputError(`n must be a whole number of at least 1, not ${n}.`);
    }
    const check = () => {
      throwIfAborted(request.signal);
      throwIfClosed(closing);
    };
    check();
    const loaded = await this.load();
    const { tokenizer, model } = loaded;

    const prompt = encodePrompt(loaded, request);
    const room = loaded.contextLength - prompt.length;
    if (room <= 0) {
      throw new ContextLengthError(
        `The prompt is ${prompt.length} tokens but the model's context holds ${loaded.contextLength}. ` +
          'Shorten the prompt or use a model with a longer context.',
        { promptTokens: prompt.length, contextLength: loaded.contextLength },
      );
    }
    const maxTokens = Math.max(
      0,
      Math.min(Math.floor(request.maxTokens ?? this.defaultMaxTokens), room),
    );
    const seed = request.seed ?? this.seed ?? Math.floor(Math.random() * 2 ** 32);
    const decode = (tokens: number[]): string =>
      tokenizer.decode(tokens, { skip_special_tokens: true, clean_up_tokenization_spaces: false });

    // Every choice continues from the same prompt cache, so the prompt runs once.
    const prefill = await forward(model, prompt, undefined, 0);

    const choices: Choice[] = [];
    let completionTokens = 0;

    for (let index = 0; index < n; index++) {
      // Choice i of sample s is sample s + i, the numbering the call cache keys on.
      const random = createRandom(deriveSeed(seed, (request.sample ?? 0) + index)).next;
      const text = new GeneratedText({ decode, stop: request.stop });
      const logprobs: TokenLogprob[] = [];
      let finishReason: FinishReason = 'length';
      let step = prefill;

      for (let count = 0; count < maxTokens; count++) {
        check();
        const token = sampleToken(step.logits, {
          temperature: request.temperature,
          topP: request.topP,
          random,
        });
        completionTokens++;
        if (loaded.eosTokens.has(token)) {
          finishReason = 'stop';
          break;
        }

        if (request.logprobs) {
          const piece = tokenizer.decode([token], { clean_up_tokenization_spaces: false });
          logprobs.push({ token: piece, logprob: logprobOf(step.logits, token) });
        }
        const { delta, stopped } = text.push(token);
        if (delta) yield { type: 'text-delta', choice: index, text: delta };
        if (stopped) {
          finishReason = 'stop';
          break;
        }

        if (count + 1 < maxTokens) {
          step = await forward(model, [token], step.cache, prompt.length + count);
        }
      }

      const rest = text.finish();
      if (rest) yield { type: 'text-delta', choice: index, text: rest };
      choices.push({ text: text.text, finishReason, ...(request.logprobs ? { logprobs } : {}) });
    }

    const usage = makeUsage(prompt.length, completionTokens);
    yield { type: 'finish', result: { choices, usage, model: loaded.source.name } };
  }
}

/** The longest close() waits for calls in progress to stop. */
const CLOSE_WAIT_MS = 10_000;

function throwIfClosed(closing: AbortSignal): void {
  if (closing.aborted) throw new AbortedError('The local backend was closed during the call.');
}

/** Makes a backend for the `local` spec family (see LocalBackendOptions). */
export function createLocalBackend(options: LocalBackendOptions = {}): LocalBackend {
  return new LocalBackend(options);
}

/** The prompt's token ids, through the chat template when there is one. */
function encodePrompt(loaded: LoadedModel, request: GenerateRequest): number[] {
  const { tokenizer } = loaded;
  const messages = requestMessages(request);
  let tokens: number[];
  if (loaded.chat) {
    const text = tokenizer.apply_chat_template(
      messages.map((message) => ({ role: message.role, content: message.content })),
      { tokenize: false, add_generation_prompt: messages.at(-1)?.role !== 'assistant' },
    );
    // The template writes its own special tokens.
    tokens = tokenizer.encode(text, { add_special_tokens: false });
  } else {
    tokens = tokenizer.encode(renderPrompt(messages));
  }

  // A model needs one token to predict from; an empty prompt starts a document.
  const start = tokenizer.bos_token_id ?? tokenizer.eos_token_id;
  return tokens.length === 0 && typeof start === 'number' ? [start] : tokens;
}

/** One forward pass over `tokens`, continuing `past` (which covers `pastLength` tokens). */
async function forward(
  model: PreTrainedModel,
  tokens: number[],
  past: KeyValueCache | undefined,
  pastLength: number,
): Promise<ForwardResult> {
  const total = pastLength + tokens.length;
  // position_ids are left to transformers.js, which derives them from the mask
  // as its own generate() does (and knows the models that count from 1).
  const outputs: unknown = await model.forward({
    input_ids: new Tensor('int64', BigInt64Array.from(tokens, BigInt), [1, tokens.length]),
    attention_mask: new Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]),
    past_key_values: past,
  });
  if (!isTensorRecord(outputs) || !outputs.logits) {
    throw new BackendError('The local model returned no logits; is it a causal language model?');
  }

  const logits = outputs.logits.type === 'float32' ? outputs.logits : outputs.logits.to('float32');
  const vocabulary = logits.dims.at(-1) ?? 0;
  const data = logits.data as Float32Array;
  const cache: KeyValueCache = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    if (name.startsWith('present.')) cache[name.replace('present.', 'past_key_values.')] = tensor;
    else if (name.startsWith('present_')) cache[name.replace('present_', 'past_')] = tensor;
  }
  return { logits: data.subarray(data.length - vocabulary), all: data, vocabulary, cache };
}

function isTensorRecord(value: unknown): value is Record<string, Tensor> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((item) => item instanceof Tensor)
  );
}
