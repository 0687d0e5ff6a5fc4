import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
  ChatCompletionTokenLogprob,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import {
  type Choice,
  type FinishReason,
  type GenerateRequest,
  type GenerateResult,
  type Message,
  type TokenLogprob,
  type ToolCall,
  requestMessages,
} from '../core/backend.js';
import { BackendError, InvalidInputError } from '../core/errors.js';
import { type Usage, emptyUsage } from '../core/usage.js';

/** The chat completions body for a request, without `stream`. */
export function toRequestBody(
  model: string,
  request: GenerateRequest,
): ChatCompletionCreateParamsNonStreaming {
  // Undefined fields vanish when the SDK serialises the body.
  return {
    model,
    messages: requestMessages(request).map(toMessageParam),
    temperature: request.temperature,
    top_p: request.topP,
    // max_completion_tokens is newer, but vLLM, Ollama and llama.cpp read max_tokens.
    max_tokens: request.maxTokens,
    stop: request.stop && request.stop.length > 0 ? request.stop : undefined,
    n: request.n,
    seed: request.seed,
    tools: request.tools?.map((tool) => ({
      type: 'function' as const,
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    })),
    logprobs: request.logprobs ? true : undefined,
  };
}

function toMessageParam(message: Message): ChatCompletionMessageParam {
  if (message.role === 'assistant' && message.toolCalls && message.toolCalls.length > 0) {
    return {
      role: 'assistant',
      content: message.content || null,
      tool_calls: message.toolCalls.map((call) => ({
        id: call.id,
        type: 'function' as const,
        function: { name: call.name, arguments: call.arguments },
      })),
    };
  }
  if (message.role !== 'tool') return { role: message.role, content: message.content };

  if (message.toolCallId === undefined) {
    throw new InvalidInputError(
      'A tool message needs toolCallId: the id of the tool call it answers.',
    );
  }
  return { role: 'tool', content: message.content, tool_call_id: message.toolCallId };
}

export function mapFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'unknown';
  }
}

export function mapUsage(usage: CompletionUsage | null | undefined): Usage {
  if (!usage) return emptyUsage();
  const promptTokens = usage.prompt_tokens ?? 0;
  const completionTokens = usage.completion_tokens ?? 0;
  return {
    promptTokens,
    completionTokens,
    totalTokens: usage.total_tokens ?? promptTokens + completionTokens,
  };
}

function mapLogprobs(tokens: ChatCompletionTokenLogprob[]): TokenLogprob[] {
  return tokens.map((token) => ({ token: token.token, logprob: token.logprob }));
}

function mapToolCalls(calls: ChatCompletionMessageToolCall[]): ToolCall[] {
  const toolCalls: ToolCall[] = [];
  for (const call of calls) {
    if (call.type !== 'function') continue;
    toolCalls.push({ id: call.id, name: call.function.name, arguments: call.function.arguments });
  }
  return toolCalls;
}

export function fromCompletion(completion: ChatCompletion, model: string): GenerateResult {
  // A wrong base URL often answers 200 with an HTML page: not a reply at all.
  if (typeof completion !== 'object' || completion === null || !Array.isArray(completion.choices)) {
    throw new BackendError(
      'The server did not answer like an OpenAI-compatible API (no "choices"); check the base URL.',
    );
  }
  if (completion.choices.length === 0) {
    throw new BackendError('The server answered with no choices; the reply is empty.');
  }
  const choices = [...completion.choices]
    .sort((a, b) => a.index - b.index)
    .map((choice): Choice => {
      const toolCalls = mapToolCalls(choice.message?.tool_calls ?? []);
      const logprobs = choice.logprobs?.content;
      return {
        text: choice.message?.content ?? '',
        finishReason: mapFinishReason(choice.finish_reason),
        ...(toolCalls.length > 0 && { toolCalls }),
        ...(logprobs && { logprobs: mapLogprobs(logprobs) }),
      };
    });
  return { choices, usage: mapUsage(completion.usage), model: completion.model || model };
}

interface ChoiceState {
  text: string;
  finishReason: FinishReason;
  toolCalls: Map<number, ToolCall>;
  logprobs: TokenLogprob[] | undefined;
}

/**
 * Folds stream chunks into a result. Tolerates chunks with no choices (a
 * role-only opener, the usage-only closer) and choices with no delta.
 */
export class StreamAccumulator {
  readonly #choices = new Map<number, ChoiceState>();
  readonly #expected: number;
  #usage: Usage = emptyUsage();
  #model: string | undefined;

  /** `expected`: how many choices were asked for, so none go missing. */
  constructor(expected = 1) {
    this.#expected = expected;
  }

  /** Adds one chunk; returns its text deltas, by choice. */
  add(chunk: ChatCompletionChunk): { choice: number; text: string }[] {
    if (chunk.model) this.#model = chunk.model;
    if (chunk.usage) this.#usage = mapUsage(chunk.usage);

    const deltas: { choice: number; text: string }[] = [];
    for (const choice of chunk.choices ?? []) {
      const state = this.#state(choice.index);
      const text = choice.delta?.content;
      if (text) {
        state.text += text;
        deltas.push({ choice: choice.index, text });
      }

      for (const [position, call] of (choice.delta?.tool_calls ?? []).entries()) {
        // Some servers leave out `index` when each chunk holds whole calls.
        const index = call.index ?? position;
        const toolCall = state.toolCalls.get(index) ?? { id: '', name: '', arguments: '' };
        if (call.id) toolCall.id = call.id;
        if (call.function?.name) toolCall.name = call.function.name;
        toolCall.arguments += call.function?.arguments ?? '';
        state.toolCalls.set(index, toolCall);
      }

      const logprobs = choice.logprobs?.content;
      if (logprobs) state.logprobs = [...(state.logprobs ?? []), ...mapLogprobs(logprobs)];
      if (choice.finish_reason) state.finishReason = mapFinishReason(choice.finish_reason);
    }
    return deltas;
  }

  result(model: string): GenerateResult {
    // A stream cut off early carries no finish reason at all.
    const finished = [...this.#choices.values()].some((state) => state.finishReason !== 'unknown');
    if (!finished) {
      throw new BackendError(
        this.#choices.size === 0
          ? 'The stream ended without a reply; check the base URL and the server.'
          : 'The stream ended before the reply finished (no finish reason).',
      );
    }
    const count = Math.max(this.#expected, ...[...this.#choices.keys()].map((index) => index + 1));
    const choices = Array.from({ length: count }, (_, index): Choice => {
      const state = this.#choices.get(index);
      if (!state) return { text: '', finishReason: 'unknown' };

      const toolCalls = [...state.toolCalls.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, call]) => ({ ...call, id: call.id || `call_${index}` }));
      return {
        text: state.text,
        finishReason: state.finishReason,
        ...(toolCalls.length > 0 && { toolCalls }),
        ...(state.logprobs && { logprobs: state.logprobs }),
      };
    });
    return { choices, usage: this.#usage, model: this.#model ?? model };
  }

  #state(index: number): ChoiceState {
    let state = this.#choices.get(index);
    if (!state) {
      state = { text: '', finishReason: 'unknown', toolCalls: new Map(), logprobs: undefined };
      this.#choices.set(index, state);
    }
    return state;
  }
}
