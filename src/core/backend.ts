import { z } from 'zod';
import { Usage } from './usage.js';

export const ToolCall = z.object({
  id: z.string(),
  name: z.string(),
  /** Raw JSON arguments as the model produced them. */
  arguments: z.string(),
});
export type ToolCall = z.infer<typeof ToolCall>;

export const Message = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  /** For role `assistant`: native tool calls the model made. */
  toolCalls: z.array(ToolCall).optional(),
  /** For role `tool`: the id of the call this message answers. */
  toolCallId: z.string().optional(),
});
export type Message = z.infer<typeof Message>;

/** A tool the model may call natively (JSON Schema parameters). */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface GenerateRequest {
  /** Chat messages; use either `messages` or `prompt`. */
  messages?: Message[];
  /** A plain prompt, sent as one user message to chat models. */
  prompt?: string;
  /** Default: backend's own (0 for local greedy decoding). */
  temperature?: number;
  /** Nucleus sampling mass. Default: 1. */
  topP?: number;
  /** Most new tokens per choice. Default: backend's own. */
  maxTokens?: number;
  /** Generation stops before any of these strings. */
  stop?: string[];
  /** Number of choices. Default: 1. */
  n?: number;
  /** Sampling seed, where the backend honours one. */
  seed?: number;
  /**
   * Which of several independent samples of the same request this is.
   * Part of cache keys, so k samples are never one sample k times.
   * Default: 0.
   */
  sample?: number;
  /** Tools for native tool calling (only when capabilities.tools). */
  tools?: ToolDefinition[];
  /** Return per-token log-probabilities (only when capabilities.logprobs). */
  logprobs?: boolean;
  signal?: AbortSignal;
}

export type FinishReason =
  'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'unknown';

export interface TokenLogprob {
  token: string;
  logprob: number;
}

export interface Choice {
  text: string;
  finishReason: FinishReason;
  toolCalls?: ToolCall[];
  logprobs?: TokenLogprob[];
}

export interface GenerateResult {
  choices: Choice[];
  usage: Usage;
  /** The model that answered, as the backend reports it. */
  model: string;
  /** True when the result came from the cache rather than the backend. */
  cached?: boolean;
}

/** Events of a streamed generation, discriminated by `type`. */
export type StreamEvent =
  { type: 'text-delta'; choice: number; text: string } | { type: 'finish'; result: GenerateResult };

export interface BackendCapabilities {
  streaming: boolean;
  /** Native (structured) tool calls. */
  tools: boolean;
  logprobs: boolean;
  /** Several choices in one request. */
  n: boolean;
  /** Honours `seed` so that sampling is reproducible. */
  seed: boolean;
  /** Speaks chat messages natively (else they are rendered to a prompt). */
  chat: boolean;
}

/** Scores given continuations of a prompt, as lm-evaluation-harness does. */
export interface LoglikelihoodRequest {
  messages?: Message[];
  prompt?: string;
  /** Texts whose log-probability after the prompt is wanted. */
  continuations: string[];
  signal?: AbortSignal;
}

export interface LoglikelihoodResult {
  /** Sum of token log-probabilities of each continuation, in order. */
  logprobs: number[];
  /** Tokens of each continuation, for length-normalised scores. */
  tokens: number[];
  usage: Usage;
}

export interface Backend {
  /** The spec string that made it, e.g. `openai:gpt-4o-mini`. */
  readonly id: string;
  readonly capabilities: BackendCapabilities;
  /**
   * What identifies this backend's outputs for caching: model files' hash
   * for local models, script hash for scripted, base URL + model for HTTP.
   */
  identity(): Promise<string>;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** Streams text deltas, ending with one `finish` event. */
  stream(request: GenerateRequest): AsyncIterable<StreamEvent>;
  /** Log-likelihoods of continuations; only backends with token scores have it. */
  loglikelihood?(request: LoglikelihoodRequest): Promise<LoglikelihoodResult>;
  /** Releases resources (model sessions, sockets). */
  close?(): Promise<void>;
}

/** The messages of a request, whether given as messages or a prompt. */
export function requestMessages(request: GenerateRequest): Message[] {
  if (request.messages && request.messages.length > 0) return request.messages;
  return [{ role: 'user', content: request.prompt ?? '' }];
}

/**
 * Streams by calling generate once: for backends with no native
 * streaming, so every backend can be consumed the same way.
 */
export async function* streamFromGenerate(
  backend: Pick<Backend, 'generate'>,
  request: GenerateRequest,
): AsyncIterable<StreamEvent> {
  const result = await backend.generate(request);
  for (const [index, choice] of result.choices.entries()) {
    if (choice.text) yield { type: 'text-delta', choice: index, text: choice.text };
  }
  yield { type: 'finish', result };
}
