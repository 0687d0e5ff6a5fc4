import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { InvalidInputError } from '../../core/errors.js';
import type { Usage } from '../../core/usage.js';
import { type ReplyChoice, type ReplyHeader, completionObject } from './chunks.js';
import { loopbackOnly, sentAsJson } from '../local-only.js';
import { type ApiFailure, errorBody, failureFromError, invalidRequest } from './errors.js';
import type { ServedModel } from './models.js';
import { type ReplyEvent, prepareReply } from './reply.js';
import { parseChatRequest } from './schema.js';
import { sseStream } from './sse.js';

export interface OpenAIAppOptions {
  /** The models to serve, from servedModels(); fixed for the app's life. */
  models: readonly ServedModel[];
  /** Largest request body in bytes; larger ones get 413. Default: 4 MiB. */
  maxBodyBytes?: number;
  /** Clock in epoch ms, for `created`. Default: Date.now. */
  now?: () => number;
  /** Makes the part of completion ids after `chatcmpl-`. Default: a random UUID's hex. */
  newId?: () => string;
  /** Called with errors answered as 500, which are the server's own bugs. Default: none. */
  onError?: (error: unknown) => void;
  /**
   * Answer requests whatever their Host header says, for a server bound to
   * a non-loopback interface. Default: false: loopback names only, so a web
   * page that rebinds its DNS name to 127.0.0.1 cannot use the backends.
   */
  anyHost?: boolean;
}

const ROUTES = 'GET /v1/models, GET /v1/models/{id} and POST /v1/chat/completions';

/**
 * An OpenAI-compatible HTTP API over stepwise backends and reasoners:
 * `/v1/models` and `/v1/chat/completions`, streaming or not. Serve its
 * `fetch` with listen().
 */
export function createOpenAIApp(options: OpenAIAppOptions): Hono {
  if (!Array.isArray(options?.models)) {
    throw new InvalidInputError(
      'createOpenAIApp needs { models }: the served models, e.g. servedModels([{ id, backend }]).',
    );
  }
  const models = new Map(options.models.map((model) => [model.id, model]));
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => randomUUID().replaceAll('-', ''));
  const created = Math.floor(now() / 1000);
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const modelObject = (id: string) => ({ id, object: 'model', created, owned_by: 'stepwise' });
  const app = new Hono();
  if (!options.anyHost) {
    app.use(
      loopbackOnly((c, message) =>
        fail(c, { status: 403, type: 'invalid_request_error', message, param: null, code: null }),
      ),
    );
  }

  app.get('/v1/models', (c) =>
    c.json({ object: 'list', data: options.models.map((model) => modelObject(model.id)) }),
  );

  // Ids hold colons and slashes (`openai:Qwen/Qwen2.5-7B`), so the rest of the path is the id.
  app.get('/v1/models/*', (c) => {
    const id = decodeId(new URL(c.req.url).pathname.slice('/v1/models/'.length));
    if (id === null || !models.has(id)) return fail(c, unknownModel(id ?? '', options.models));
    return c.json(modelObject(id));
  });

  app.post(
    '/v1/chat/completions',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        fail(c, {
          ...invalidRequest(
            `The request body is over ${maxBodyBytes} bytes; send a shorter conversation.`,
          ),
          status: 413,
          code: 'request_too_large',
        }),
    }),
    async (c) => {
      if (!sentAsJson(c)) {
        return fail(
          c,
          invalidRequest('Send the body as JSON, with the header content-type: application/json.'),
        );
      }
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        return fail(c, invalidRequest('The request body is not valid JSON; send a JSON object.'));
      }
      const parsed = parseChatRequest(body);
      if (!parsed.success) return fail(c, parsed.failure);
      const { request } = parsed;

      const model = models.get(request.model);
      if (!model) return fail(c, unknownModel(request.model, options.models));
      const reply = prepareReply(model, request);
      if (!reply.success) return fail(c, reply.failure);

      const header: ReplyHeader = {
        id: `chatcmpl-${newId()}`,
        created: Math.floor(now() / 1000),
        model: model.id,
      };
      // Aborts when the client goes away (@hono/node-server) or the stream is cancelled.
      const abort = new AbortController();
      const signal = AbortSignal.any([c.req.raw.signal, abort.signal]);
      const events = reply.events(signal);

      if (!request.stream) {
        try {
          return await whole(c, header, events);
        } catch (error) {
          return fail(c, report(error, options));
        }
      }

      // Until the first event, a failure can still be an HTTP status.
      let first: IteratorResult<ReplyEvent>;
      try {
        first = await events.next();
      } catch (error) {
        return fail(c, report(error, options));
      }
      if (!first.done && first.value.type === 'failure') return fail(c, first.value.failure);

      const stream = sseStream({
        header,
        first,
        events,
        n: request.n,
        includeUsage: request.includeUsage,
        toFailure: (error) => report(error, options),
        cancel: () => abort.abort(),
      });
      return new Response(stream, {
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
        },
      });
    },
  );

  for (const path of ['/v1/models', '/v1/models/*', '/v1/chat/completions']) {
    app.all(path, (c) =>
      fail(c, {
        ...invalidRequest(
          `${c.req.method} is not allowed on ${c.req.path}; this server answers ${ROUTES}.`,
        ),
        status: 405,
        code: 'method_not_allowed',
      }),
    );
  }

  app.notFound((c) =>
    fail(c, {
      ...invalidRequest(`No route ${c.req.method} ${c.req.path}; this server answers ${ROUTES}.`),
      status: 404,
      type: 'not_found_error',
      code: 'unknown_url',
    }),
  );
  app.onError((error, c) => fail(c, report(error, options)));
  return app;
}

async function whole(
  c: Context,
  header: ReplyHeader,
  events: AsyncGenerator<ReplyEvent>,
): Promise<Response> {
  let choices: ReplyChoice[] | undefined;
  let usage: Usage | undefined;
  for await (const event of events) {
    if (event.type === 'failure') return fail(c, event.failure);
    if (event.type === 'finish') ({ choices, usage } = event);
  }
  if (!choices || !usage) throw new Error('The reply ended without a result.');
  return c.json(completionObject(header, choices, usage));
}

function fail(c: Context, failure: ApiFailure): Response {
  if (failure.retryAfterSeconds !== undefined) {
    c.header('retry-after', String(failure.retryAfterSeconds));
  }
  return c.json(errorBody(failure), failure.status);
}

function report(error: unknown, options: OpenAIAppOptions): ApiFailure {
  const failure = failureFromError(error);
  if (failure.status === 500) options.onError?.(error);
  return failure;
}

function unknownModel(id: string, served: readonly ServedModel[]): ApiFailure {
  const names = served.map((model) => model.id).join(', ');
  return {
    status: 404,
    type: 'invalid_request_error',
    message: `The model '${id}' does not exist; this server serves ${names}.`,
    param: 'model',
    code: 'model_not_found',
  };
}

function decodeId(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
