import { once } from 'node:events';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequestBody {
  model: string;
  stream?: boolean;
  tools?: unknown[];
  messages: { role: string; content: string | null; tool_calls?: unknown[] }[];
}

export interface ScriptedReply {
  content?: string;
  toolCalls?: { name: string; arguments: string }[];
}

export interface OpenAIHttpServer {
  baseURL: string;
  requests: ChatRequestBody[];
  close(): Promise<void>;
}

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 whose replies come
 * from a function of the request: streaming (SSE with usage) or not, and
 * native tool calls.
 */
export async function startOpenAIServer(
  reply: (body: ChatRequestBody) => ScriptedReply,
): Promise<OpenAIHttpServer> {
  const requests: ChatRequestBody[] = [];
  const server: Server = createServer(async (request, response) => {
    const body = JSON.parse(await readBody(request)) as ChatRequestBody;
    requests.push(body);
    const { content = '', toolCalls = [] } = reply(body);
    const calls = toolCalls.map((call, index) => ({
      index,
      id: `call_${requests.length}_${index}`,
      type: 'function',
      function: call,
    }));
    const finish = calls.length > 0 ? 'tool_calls' : 'stop';
    const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
    const base = { id: 'x', created: 0, model: body.model };

    if (!body.stream) {
      response.writeHead(200, { 'content-type': 'application/json' });
      const message = { role: 'assistant', content, ...(calls.length && { tool_calls: calls }) };
      response.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message, finish_reason: finish }],
          usage,
        }),
      );
      return;
    }

    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const send = (data: unknown) => response.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: unknown, finishReason: string | null) =>
      send({
        ...base,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta, finish_reason: finishReason }],
      });
    for (const piece of content.match(/[\s\S]{1,8}/g) ?? []) chunk({ content: piece }, null);
    if (calls.length > 0) chunk({ tool_calls: calls }, null);
    chunk({}, finish);
    send({ ...base, object: 'chat.completion.chunk', choices: [], usage });
    response.end('data: [DONE]\n\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
