import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type { Backend } from '../../core/backend.js';
import { InvalidInputError, isStepwiseError } from '../../core/errors.js';
import { AnswerFormat, type Reasoner } from '../../core/reasoner.js';
import { runReasoner } from '../../core/run.js';
import { Trace } from '../../core/trace.js';
import { packageVersion } from '../../paths.js';
import { CHAT_REASONERS, createReasoner, reasonerParamSchemas } from '../../reasoners/registry.js';
import { conversationContext, turnLines } from '../conversation.js';
import { loopbackOnly, sentAsJson } from '../local-only.js';
import type { EvalTraces } from './eval-traces.js';
import { LIMITS, RunRequest, describeIssue } from './schema.js';

export interface PlaygroundOptions {
  /** The backends offered, by id (their spec strings), fixed at start. */
  backends: ReadonlyMap<string, Backend>;
  /** Eval runs whose traces can be opened, if any. */
  evalTraces?: EvalTraces | null;
  /** Most runs at once; more get 429. Default: 4. */
  maxRuns?: number;
  /**
   * Answer requests whatever their Host header says, for a server bound to
   * a non-loopback interface. Default: false (loopback names only).
   */
  anyHost?: boolean;
}

const CHAT = new Set<string>(CHAT_REASONERS);

const STATIC_DIR = join(import.meta.dirname, 'static');
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The page's files, read once: the server never maps a URL onto the disk. */
function loadStatic(): Map<string, { body: string; type: string }> {
  const files = new Map<string, { body: string; type: string }>();
  for (const name of readdirSync(STATIC_DIR)) {
    const type = CONTENT_TYPES[extname(name)];
    if (type) files.set(name, { body: readFileSync(join(STATIC_DIR, name), 'utf8'), type });
  }
  return files;
}

const SECURITY_HEADERS = {
  // Scripts and styles come from this server only; nothing is fetched elsewhere.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The playground's HTTP app, and a way to end the runs in progress. */
export interface Playground {
  /** Serve its `fetch` with listen(). */
  app: Hono;
  /** Stops every run in progress and waits until each has ended. */
  stopRuns(): Promise<void>;
}

/**
 * The playground: the page, its configuration, runs streamed as Server-Sent
 * Events, Stop, and traces to replay. API keys stay in the backends on
 * this side; the browser names backends and reasoners by id.
 */
export function createPlayground(options: PlaygroundOptions): Playground {
  if (!(options?.backends instanceof Map)) {
    throw new InvalidInputError(
      'createPlayground needs { backends }: a Map from backend spec to backend.',
    );
  }
  const files = loadStatic();
  /** Runs in progress: how to stop each, and when it has ended. */
  const runs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const maxRuns = options.maxRuns ?? 4;
  const app = new Hono();

  app.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  });
  // Bound to another interface, it answers any Host; on loopback, only this machine's.
  if (!options.anyHost) app.use(loopbackOnly((c, message) => fail(c, 403, message)));

  app.get('/', (c) => page(c, 'index.html'));
  app.get('/static/:name', (c) => page(c, c.req.param('name')));
  function page(c: Context, name: string) {
    const file = files.get(name);
    if (!file) return fail(c, 404, `No such page: ${name}.`);
    return c.body(file.body, 200, { 'content-type': file.type, 'cache-control': 'no-cache' });
  }

  app.get('/api/config', (c) =>
    c.json({
      version: packageVersion(),
      backends: [...options.backends.values()].map((backend) => ({
        id: backend.id,
        capabilities: backend.capabilities,
      })),
      reasoners: reasonerParamSchemas().filter((entry) => CHAT.has(entry.name)),
      formats: AnswerFormat.options,
      evalRuns: options.evalTraces?.names().length ?? 0,
      limits: { question: LIMITS.question, context: LIMITS.context, turns: LIMITS.turns },
    }),
  );

  app.post(
    '/api/runs',
    bodyLimit({ maxSize: LIMITS.runBody, onError: (c) => tooLarge(c, LIMITS.runBody) }),
    async (c) => {
      const read = await readJson(c, 'The body is not JSON.');
      if (!read.ok) return fail(c, 400, read.message);
      const body = read.value;
      const parsed = RunRequest.safeParse(body);
      if (!parsed.success) return fail(c, 400, describeIssue(parsed.error));
      const request = parsed.data;

      const backend = options.backends.get(request.backend);
      if (!backend) {
        return fail(
          c,
          400,
          `Unknown backend ${request.backend}; this playground offers ${[...options.backends.keys()].join(', ')}.`,
        );
      }
      if (!CHAT.has(request.reasoner)) {
        return fail(
          c,
          400,
          `Unknown reasoner ${request.reasoner}; choose one of ${[...CHAT_REASONERS].join(', ')}.`,
        );
      }
      let reasoner: Reasoner;
      try {
        reasoner = createReasoner(request.reasoner, request.params);
      } catch (error) {
        return fail(c, 400, messageOf(error));
      }
      if (runs.size >= maxRuns) {
        return fail(c, 429, `${maxRuns} runs are in progress; wait for one to end or stop one.`);
      }

      const id = randomUUID();
      const controller = new AbortController();
      let ended = () => {};
      const done = new Promise<void>((resolve) => (ended = resolve));
      runs.set(id, { controller, done });
      // A closed tab or a dropped connection stops the run too.
      c.req.raw.signal.addEventListener('abort', () => controller.abort(), { once: true });
      return streamSSE(c, async (stream) => {
        stream.onAbort(() => controller.abort());
        const send = (event: string, data: unknown) =>
          stream.writeSSE({ event, data: JSON.stringify(data) });
        try {
          await send('run', { id });
          const run = runReasoner(
            reasoner,
            {
              question: request.question,
              context: conversationContext(request.context, turnLines(request.history)),
              format: request.format,
            },
            {
              backend,
              signal: controller.signal,
              seed: request.seed,
              stream: true,
              ...(request.temperature !== undefined && { temperature: request.temperature }),
              ...(request.maxTokens !== undefined && { maxTokens: request.maxTokens }),
            },
          );
          for await (const event of run) {
            if (event.type === 'step') await send('step', { step: event.step });
            else if (event.type === 'text-delta') await send('text-delta', event);
          }
          const trace = await run.trace;
          await send('result', { trace, stopped: trace.result.stopReason === 'aborted' });
        } catch (error) {
          await send('error', { message: messageOf(error) });
        } finally {
          runs.delete(id);
          ended();
        }
      });
    },
  );

  app.post('/api/runs/:id/stop', (c) => {
    const run = runs.get(c.req.param('id'));
    if (!run) return fail(c, 404, 'No such run in progress; it may have ended.');
    run.controller.abort();
    return c.body(null, 204);
  });

  app.post(
    '/api/traces',
    bodyLimit({ maxSize: LIMITS.traceBody, onError: (c) => tooLarge(c, LIMITS.traceBody) }),
    async (c) => {
      const read = await readJson(c, 'The file is not JSON.');
      if (!read.ok) return fail(c, 400, read.message);
      const body = read.value;
      // A trace, or an eval result line that holds one, or `stepwise run --json` output.
      const candidate =
        typeof body === 'object' && body !== null && 'trace' in body ? body.trace : body;
      const parsed = Trace.safeParse(candidate);
      if (!parsed.success) {
        return fail(c, 400, `Not a stepwise trace: ${describeIssue(parsed.error)}`);
      }
      const repeated = repeatedStepId(parsed.data);
      if (repeated !== null) {
        return fail(c, 400, `Not a stepwise trace: step id ${repeated} is used twice.`);
      }
      return c.json({ trace: parsed.data });
    },
  );

  app.get('/api/evals', (c) => c.json({ runs: options.evalTraces?.list() ?? [] }));
  app.get('/api/evals/:run/:key', async (c) => {
    const trace = await options.evalTraces?.trace(c.req.param('run'), c.req.param('key'));
    if (!trace) return fail(c, 404, 'No trace for that item; was the eval run with traces?');
    return c.json({ trace });
  });

  app.notFound((c) => fail(c, 404, `No such route: ${c.req.method} ${c.req.path}.`));
  app.onError((error, c) => fail(c, 500, `The playground failed: ${messageOf(error)}`));
  return {
    app,
    async stopRuns() {
      const running = [...runs.values()];
      for (const run of running) run.controller.abort();
      await Promise.all(running.map((run) => run.done));
    },
  };
}

/** A step id used by two steps (a trace's steps form a tree by id), or null. */
function repeatedStepId(trace: Trace): string | null {
  const seen = new Set<string>();
  for (const step of trace.steps) {
    if (seen.has(step.id)) return step.id;
    seen.add(step.id);
  }
  return null;
}

function fail(c: Context, status: 400 | 403 | 404 | 413 | 429 | 500, message: string) {
  return c.json({ error: { message } }, status);
}

function tooLarge(c: Context, bytes: number) {
  return fail(c, 413, `The body is larger than ${Math.round(bytes / (1 << 20))} MB.`);
}

/** The request's JSON body, or why there is none. */
async function readJson(
  c: Context,
  unparsable: string,
): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  if (!sentAsJson(c)) {
    return { ok: false, message: 'Send JSON, with the header content-type: application/json.' };
  }
  try {
    return { ok: true, value: await c.req.json() };
  } catch {
    return { ok: false, message: unparsable };
  }
}

/** An error as one line for the browser: no stack, no internals. */
function messageOf(error: unknown): string {
  if (isStepwiseError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
