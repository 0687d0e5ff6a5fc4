import type { FinishReason, ToolCall } from '../../core/backend.js';
import type { Usage } from '../../core/usage.js';

/** OpenAI's finish reasons. */
export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** One finished choice of a reply, in the server's terms. */
export interface ReplyChoice {
  content: string;
  /** The reasoning steps as text, for reasoner models. */
  reasoning: string | null;
  finishReason: OpenAIFinishReason;
  toolCalls?: ToolCall[];
}

/** What every completion and chunk of one request shares. */
export interface ReplyHeader {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
}

export function toOpenAIFinishReason(reason: FinishReason): OpenAIFinishReason {
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    // A backend that could not say why it stopped still stopped.
    default:
      return 'stop';
  }
}

export function toOpenAIUsage(usage: Usage) {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
  };
}

function toolCallsField(calls: ToolCall[] | undefined) {
  if (!calls || calls.length === 0) return {};
  return {
    tool_calls: calls.map((call, index) => ({
      index,
      id: call.id,
      type: 'function' as const,
      function: { name: call.name, arguments: call.arguments },
    })),
  };
}

/** A whole `chat.completion` object. */
export function completionObject(header: ReplyHeader, choices: ReplyChoice[], usage: Usage) {
  return {
    id: header.id,
    object: 'chat.completion' as const,
    created: header.created,
    model: header.model,
    choices: choices.map((choice, index) => ({
      index,
      message: {
        role: 'assistant' as const,
        content: choice.content,
        ...(choice.reasoning !== null && { reasoning_content: choice.reasoning }),
        ...toolCallsField(choice.toolCalls),
      },
      logprobs: null,
      finish_reason: choice.finishReason,
    })),
    usage: toOpenAIUsage(usage),
  };
}

/** What one streamed choice delta carries. */
export interface ChunkDelta {
  role?: 'assistant';
  content?: string;
  reasoning_content?: string;
  toolCalls?: ToolCall[];
}

/**
 * A `chat.completion.chunk` with one choice. With `include_usage`, OpenAI
 * sends `usage: null` on every chunk but the last, usage-only one.
 */
export function chunkObject(
  header: ReplyHeader,
  choice: number,
  delta: ChunkDelta,
  finishReason: OpenAIFinishReason | null,
  includeUsage: boolean,
) {
  const { toolCalls, ...text } = delta;
  return {
    id: header.id,
    object: 'chat.completion.chunk' as const,
    created: header.created,
    model: header.model,
    choices: [
      {
        index: choice,
        delta: { ...text, ...toolCallsField(toolCalls) },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    ...(includeUsage && { usage: null }),
  };
}

/** The last chunk of a stream with `include_usage`: no choices, the request's usage. */
export function usageChunkObject(header: ReplyHeader, usage: Usage) {
  return {
    id: header.id,
    object: 'chat.completion.chunk' as const,
    created: header.created,
    model: header.model,
    choices: [],
    usage: toOpenAIUsage(usage),
  };
}
