import { z } from 'zod';
import type { Message, ToolDefinition } from '../../core/backend.js';
import { type ApiFailure, invalidRequest } from './errors.js';

const TextPart = z.object({ type: z.literal('text'), text: z.string() });
const Content = z.union([z.string(), z.array(TextPart)], {
  error: 'expected a string or an array of {"type": "text", "text": ...} parts',
});

const ToolCallParam = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

// z.object drops keys it does not list: `name`, `top_p`, `user` and the like pass unread.
const MessageParam = z.discriminatedUnion('role', [
  z.object({ role: z.enum(['system', 'developer']), content: Content }),
  z.object({ role: z.literal('user'), content: Content }),
  z.object({
    role: z.literal('assistant'),
    content: Content.nullish(),
    tool_calls: z.array(ToolCallParam).nullish(),
  }),
  z.object({ role: z.literal('tool'), content: Content, tool_call_id: z.string() }),
]);

const ToolParam = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
  }),
});

const positive = z.number().int().min(1);

/** The fields of a chat completions body this server reads; clients send null for "unset". */
export const ChatCompletionBody = z.object({
  model: z.string().min(1),
  messages: z.array(MessageParam).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: positive.nullish(),
  max_completion_tokens: positive.nullish(),
  stop: z
    .union([z.string(), z.array(z.string()).max(4)], {
      error: 'expected a string or an array of at most 4 strings',
    })
    .nullish(),
  seed: z.number().int().nullish(),
  n: positive.max(16).nullish(),
  tools: z.array(ToolParam).nullish(),
});
export type ChatCompletionBody = z.infer<typeof ChatCompletionBody>;

/** A validated request in stepwise's own terms. */
export interface ChatRequest {
  model: string;
  messages: Message[];
  stream: boolean;
  /** Send a usage chunk before `[DONE]` (`stream_options.include_usage`). */
  includeUsage: boolean;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  stop?: string[];
  seed?: number;
  n: number;
  tools?: ToolDefinition[];
}

export type ParsedChatRequest =
  { success: true; request: ChatRequest } | { success: false; failure: ApiFailure };

/** Validates a parsed JSON body; a failure names the first bad field and what it expects. */
export function parseChatRequest(body: unknown): ParsedChatRequest {
  const parsed = ChatCompletionBody.safeParse(body);
  if (!parsed.success) {
    return { success: false, failure: describeIssue(parsed.error.issues[0], body) };
  }
  const data = parsed.data;
  const stop = typeof data.stop === 'string' ? [data.stop] : data.stop;
  const request: ChatRequest = {
    model: data.model,
    messages: data.messages.map(toMessage),
    stream: data.stream ?? false,
    includeUsage: data.stream_options?.include_usage ?? false,
    n: data.n ?? 1,
  };

  // Set only what the client set, so backends keep their own defaults; but
  // several choices must be samples, so they get OpenAI's default of 1.
  if (data.temperature != null) request.temperature = data.temperature;
  else if (request.n > 1) request.temperature = 1;
  if (data.top_p != null) request.topP = data.top_p;
  const maxTokens = data.max_completion_tokens ?? data.max_tokens;
  if (maxTokens != null) request.maxTokens = maxTokens;
  if (stop && stop.length > 0) request.stop = stop;
  if (data.seed != null) request.seed = data.seed;
  if (data.tools && data.tools.length > 0) request.tools = data.tools.map(toToolDefinition);
  return { success: true, request };
}

function toMessage(message: z.infer<typeof MessageParam>): Message {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: contentText(message.content) };
    case 'user':
      return { role: 'user', content: contentText(message.content) };
    case 'tool':
      return {
        role: 'tool',
        content: contentText(message.content),
        toolCallId: message.tool_call_id,
      };
    case 'assistant': {
      const calls = message.tool_calls ?? [];
      return {
        role: 'assistant',
        content: message.content == null ? '' : contentText(message.content),
        ...(calls.length > 0 && {
          toolCalls: calls.map((call) => ({
            id: call.id,
            name: call.function.name,
            arguments: call.function.arguments,
          })),
        }),
      };
    }
  }
}

function contentText(content: z.infer<typeof Content>): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('\n');
}

function toToolDefinition(tool: z.infer<typeof ToolParam>): ToolDefinition {
  return {
    name: tool.function.name,
    description: tool.function.description ?? '',
    parameters: tool.function.parameters ?? { type: 'object', properties: {} },
  };
}

function describeIssue(issue: z.core.$ZodIssue | undefined, body: unknown): ApiFailure {
  if (!issue) return invalidRequest('The request body is invalid.');
  if (issue.path.length === 0) {
    return invalidRequest('The request body must be a JSON object with "model" and "messages".');
  }
  const param = paramName(issue.path);
  if (valueAt(body, issue.path) === undefined) {
    return invalidRequest(`Missing required parameter '${param}'.`, param);
  }
  const detail = issue.message.replace(/^Invalid input: /, '');
  return invalidRequest(`Invalid '${param}': ${detail}.`, param);
}

/** `messages[0].content`, as OpenAI names fields in its errors. */
function paramName(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('');
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
