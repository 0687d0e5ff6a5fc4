/**
 * A LangChain chat model for tests: replies from a list, streams them in
 * small chunks (tool calls as tool_call_chunks), reports usage, and records
 * the messages and call options of every call. `bindTools` records the
 * tools and binds them as a call option, as real providers do.
 */
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';

export interface RecordedReply {
  text?: string;
  toolCalls?: { id: string; name: string; args: Record<string, unknown> }[];
  /** Prompt and completion tokens. Default: none reported. */
  usage?: [number, number];
  finishReason?: string;
  /** Waits this long (or until aborted) before replying. Default: 0. */
  delayMs?: number;
}

export interface RecordedCall {
  messages: BaseMessage[];
  options: Record<string, unknown>;
}

export class RecordingChatModel extends BaseChatModel {
  readonly calls: RecordedCall[] = [];
  readonly boundTools: BindToolsInput[][] = [];
  readonly #replies: RecordedReply[];
  #next = 0;

  constructor(replies: RecordedReply[]) {
    super({});
    this.#replies = replies;
  }

  _llmType(): string {
    return 'recording';
  }

  override _identifyingParams(): Record<string, unknown> {
    return {
      model: 'recorder-1',
      temperature: 0.5,
      apiKey: 'sk-secret',
      configuration: { baseURL: 'http://x', fetch: () => 0 },
    };
  }

  override bindTools(tools: BindToolsInput[]) {
    this.boundTools.push(tools);
    return this.withConfig({ tools } as Partial<BaseChatModelCallOptions>);
  }

  async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
  ): Promise<ChatResult> {
    const reply = await this.#take(messages, options);
    const message = new AIMessage({
      content: reply.text ?? '',
      tool_calls: reply.toolCalls ?? [],
      ...(reply.usage && { usage_metadata: usageMetadata(reply.usage) }),
      response_metadata: reply.finishReason ? { finish_reason: reply.finishReason } : {},
    });
    return { generations: [{ text: reply.text ?? '', message }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const reply = await this.#take(messages, options);
    const text = reply.text ?? '';
    for (let at = 0; at < text.length; at += 3) {
      const piece = text.slice(at, at + 3);
      yield new ChatGenerationChunk({
        text: piece,
        message: new AIMessageChunk({ content: piece }),
      });
      await runManager?.handleLLMNewToken(piece);
    }

    // Arguments arrive split in two, as providers stream them.
    for (const [index, call] of (reply.toolCalls ?? []).entries()) {
      const args = JSON.stringify(call.args);
      const half = Math.floor(args.length / 2);
      const first = { index, id: call.id, name: call.name, args: args.slice(0, half) };
      yield toolChunk({ ...first, type: 'tool_call_chunk' });
      yield toolChunk({ index, args: args.slice(half), type: 'tool_call_chunk' });
    }

    yield new ChatGenerationChunk({
      text: '',
      message: new AIMessageChunk({
        content: '',
        ...(reply.usage && { usage_metadata: usageMetadata(reply.usage) }),
        response_metadata: reply.finishReason ? { finish_reason: reply.finishReason } : {},
      }),
    });
  }

  async #take(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<RecordedReply> {
    this.calls.push({ messages, options: { ...options } });
    const reply = this.#replies[Math.min(this.#next++, this.#replies.length - 1)] ?? {};
    if (reply.delayMs) await sleep(reply.delayMs, options.signal);
    return reply;
  }
}

function toolChunk(chunk: NonNullable<AIMessageChunk['tool_call_chunks']>[number]) {
  return new ChatGenerationChunk({
    text: '',
    message: new AIMessageChunk({ content: '', tool_call_chunks: [chunk] }),
  });
}

function usageMetadata([input, output]: [number, number]) {
  return { input_tokens: input, output_tokens: output, total_tokens: input + output };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted while waiting'));
    });
  });
}
