import {
  AIMessage,
  AIMessageChunk,
  type BaseMessage,
  HumanMessage,
  type InvalidToolCall,
  SystemMessage,
  type ToolCall as LangChainToolCall,
  ToolMessage,
} from '@langchain/core/messages';
import type { Choice, FinishReason, Message, ToolCall } from '../core/backend.js';
import { InvalidInputError } from '../core/errors.js';
import { type Usage, emptyUsage, makeUsage } from '../core/usage.js';

/** Stepwise chat messages as LangChain messages. */
export function toLangChainMessages(messages: Message[]): BaseMessage[] {
  return messages.map((message) => {
    if (message.role === 'system') return new SystemMessage(message.content);
    if (message.role === 'user') return new HumanMessage(message.content);
    if (message.role === 'assistant') return toAIMessage(message);

    if (message.toolCallId === undefined) {
      throw new InvalidInputError(
        'A tool message needs the toolCallId of the call it answers; set it, or send a user message.',
      );
    }
    return new ToolMessage({ content: message.content, tool_call_id: message.toolCallId });
  });
}

function toAIMessage(message: Message): AIMessage {
  const toolCalls: LangChainToolCall[] = [];
  const invalidToolCalls: InvalidToolCall[] = [];
  for (const call of message.toolCalls ?? []) {
    const args = parseArguments(call.arguments);

    // Arguments that are not a JSON object can only travel as an invalid call.
    if (args === undefined) {
      invalidToolCalls.push({
        type: 'invalid_tool_call',
        id: call.id,
        name: call.name,
        args: call.arguments,
        error: 'arguments are not a JSON object',
      });
    } else {
      toolCalls.push({ type: 'tool_call', id: call.id, name: call.name, args });
    }
  }
  if (toolCalls.length === 0 && invalidToolCalls.length === 0) {
    return new AIMessage(message.content);
  }
  return new AIMessage({
    content: message.content,
    tool_calls: toolCalls,
    invalid_tool_calls: invalidToolCalls,
  });
}

function parseArguments(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw === '' ? '{}' : raw);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The tool calls of a reply, with arguments as raw JSON text. */
export function toToolCalls(message: AIMessage): ToolCall[] {
  // Streamed chunks keep the model's own argument text; prefer it to re-serialising.
  if (AIMessageChunk.isInstance(message) && (message.tool_call_chunks?.length ?? 0) > 0) {
    return (message.tool_call_chunks ?? []).map((chunk, index) => ({
      id: chunk.id ?? `call_${index}`,
      name: chunk.name ?? '',
      arguments: chunk.args ?? '',
    }));
  }

  const valid = (message.tool_calls ?? []).map((call) => ({
    id: call.id,
    name: call.name,
    arguments: JSON.stringify(call.args),
  }));
  const invalid = (message.invalid_tool_calls ?? []).map((call) => ({
    id: call.id,
    name: call.name ?? '',
    arguments: call.args ?? '',
  }));
  return [...valid, ...invalid].map((call, index) => ({
    ...call,
    id: call.id ?? `call_${index}`,
  }));
}

// Providers name the reason differently; keys are compared lower-cased.
const FINISH_REASONS: Record<string, FinishReason> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  eos: 'stop',
  complete: 'stop',
  length: 'length',
  max_tokens: 'length',
  model_length: 'length',
  tool_calls: 'tool-calls',
  tool_use: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
  safety: 'content-filter',
  recitation: 'content-filter',
  refusal: 'content-filter',
  error: 'error',
};

const FINISH_KEYS = ['finish_reason', 'stop_reason', 'finishReason', 'done_reason'];

/** Why the model stopped, from whichever field its provider reports. */
export function finishReasonOf(message: AIMessage, toolCalls: ToolCall[]): FinishReason {
  if (toolCalls.length > 0) return 'tool-calls';

  const metadata: Record<string, unknown> = message.response_metadata ?? {};
  for (const key of FINISH_KEYS) {
    const value = metadata[key];
    if (typeof value === 'string') return FINISH_REASONS[value.toLowerCase()] ?? 'unknown';
  }
  return 'unknown';
}

/** A reply as a stepwise choice, its text already cut at stop sequences. */
export function toChoice(message: AIMessage, text: string, cutAtStop: boolean): Choice {
  const toolCalls = toToolCalls(message);
  const finishReason = cutAtStop ? 'stop' : finishReasonOf(message, toolCalls);
  return toolCalls.length > 0 ? { text, finishReason, toolCalls } : { text, finishReason };
}

/** Token usage from `usage_metadata`; zeros when the model reports none. */
export function usageOf(message: AIMessage): Usage {
  const usage = message.usage_metadata;
  if (!usage) return emptyUsage();
  const base = makeUsage(usage.input_tokens ?? 0, usage.output_tokens ?? 0);
  return { ...base, totalTokens: Math.max(base.totalTokens, usage.total_tokens ?? 0) };
}

/** The model that answered, where the provider reports it. */
export function modelNameOf(message: AIMessage): string | undefined {
  const metadata: Record<string, unknown> = message.response_metadata ?? {};
  const name = metadata['model_name'] ?? metadata['model'];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
