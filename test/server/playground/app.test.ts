import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScriptedBackend, type Script } from '../../../src/backends/scripted.js';
import type { Backend, GenerateRequest } from '../../../src/core/backend.js';
import type { Step } from '../../../src/core/step.js';
import type { Trace } from '../../../src/core/trace.js';
import type { EvalItem } from '../../../src/eval/item.js';
import { runEval } from '../../../src/eval/runner.js';
import { ChainOfThought } from '../../../src/reasoners/chain-of-thought.js';
import { listen } from '../../../src/server/listen.js';
import { createPlayground } from '../../../src/server/playground/app.js';
import { EvalTraces } from '../../../src/server/playground/eval-traces.js';
import { readEvents } from '../../../src/server/playground/static/sse.js';

function appWith(script: Script, extra: { evalTraces?: EvalTraces; maxRuns?: number } = {}) {
  const backend = new ScriptedBackend({ script, id: 'scripted:test' });
  const { app } = createPlayground({ backends: new Map([[backend.id, backend]]), ...extra });
  return { app, backend };
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`http://127.0.0.1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: '127.0.0.1', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const ask = (fields: Record<string, unknown> = {}) => ({
  reasoner: 'cot',
  backend: 'scripted:test',
  question: 'What is 2 + 3?',
  format: 'number',
  ...fields,
});

interface Event {
  event: string;
  data: Record<string, unknown>;
}

async function events(response: Response): Promise<Event[]> {
  const list: Event[] = [];
  if (!response.body) throw new Error('no body');
  for await (const event of readEvents(response.body)) {
    list.push({ event: event.event, data: JSON.parse(event.data) });
  }
  return list;
}

describe('playground API', () => {
  it('lists its backends and the reasoners that answer free questions', async () => {
    const { app } = appWith(['Answer: 1']);
    const config = (await (await app.request('/api/config')).json()) as {
      backends: { id: string }[];
      reasoners: { name: string; params: { properties: Record<string, unknown> } }[];
    };
    expect(config.backends.map((backend) => backend.id)).toEqual(['scripted:test']);
    expect(config.reasoners.map((reasoner) => reasoner.name)).toEqual([
      'direct',
      'cot',
      'self-consistency',
      'react',
      'tot',
      'reflexion',
    ]);
    const sc = config.reasoners.find((reasoner) => reasoner.name === 'self-consistency');
    expect(Object.keys(sc?.params.properties ?? {})).toEqual([
      'shots',
      'samples',
      'temperature',
      'earlyStop',
    ]);
  });

  it('streams a run as text deltas, typed steps and a final trace', async () => {
    const { app } = appWith(['Two plus three is five.\nAnswer: 5']);
    const response = await app.request(post('/api/runs', ask()));
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const list = await events(response);
    expect(list[0]?.event).toBe('run');
    const deltas = list.filter((event) => event.event === 'text-delta');
    expect(deltas.map((event) => event.data.text).join('')).toBe(
      'Two plus three is five.\nAnswer: 5',
    );
    const steps = list.filter((event) => event.event === 'step').map((event) => event.data.step);
    expect((steps as Step[]).map((step) => step.type)).toEqual(['thought', 'answer']);
    const result = list.at(-1);
    expect(result?.event).toBe('result');
    expect(result?.data.stopped).toBe(false);
    expect((result?.data.trace as Trace).result.answer).toBe('5');
  });

  it('puts earlier turns of the conversation into the context the model sees', async () => {
    const { app, backend } = appWith(['Answer: 10']);
    await events(
      await app.request(
        post(
          '/api/runs',
          ask({
            question: 'And doubled?',
            context: 'We count apples.',
            history: [{ question: 'What is 2 + 3?', answer: '5' }],
          }),
        ),
      ),
    );
    const prompt = backend.requests[0]?.messages?.at(-1)?.content ?? '';
    expect(prompt).toContain(
      'We count apples.\n\nEarlier in this conversation:\nUser: What is 2 + 3?\nAssistant: 5',
    );
    expect(prompt).toContain('Question: And doubled?');
  });

  it('stops a run mid-stream: the backend request is aborted and the trace is marked stopped', async () => {
    const { app, backend } = appWith({
      rules: [],
      default: 'one two three four five six seven eight nine ten\nAnswer: 10',
      streamDelayMs: 40,
    });
    const response = await app.request(post('/api/runs', ask()));
    if (!response.body) throw new Error('no body');
    const seen: Event[] = [];
    for await (const event of readEvents(response.body)) {
      const parsed = { event: event.event, data: JSON.parse(event.data) };
      seen.push(parsed);
      if (
        parsed.event === 'text-delta' &&
        seen.filter((e) => e.event === 'text-delta').length === 2
      ) {
        const run = seen[0]?.data.id as string;
        const stop = await app.request(post(`/api/runs/${run}/stop`, {}));
        expect(stop.status).toBe(204);
      }
    }
    const request = backend.requests[0] as GenerateRequest;
    expect(request.signal?.aborted).toBe(true);
    const deltas = seen.filter((event) => event.event === 'text-delta').length;
    expect(deltas).toBeGreaterThanOrEqual(2);
    expect(deltas).toBeLessThan(11);
    const result = seen.at(-1);
    expect(result?.event).toBe('result');
    expect(result?.data.stopped).toBe(true);
    expect((result?.data.trace as Trace).result.stopReason).toBe('aborted');
    // The stopped run is gone: stopping it again is a 404.
    const again = await app.request(post(`/api/runs/${seen[0]?.data.id}/stop`, {}));
    expect(again.status).toBe(404);
  });

  it('stops the run when the browser goes away, over a real connection', async () => {
    const { app, backend } = appWith({
      rules: [],
      default: 'one two three four five six seven eight nine ten\nAnswer: 10',
      streamDelayMs: 40,
    });
    const server = await listen(app.fetch, { port: 0 });
    try {
      const controller = new AbortController();
      const response = await fetch(`${server.url}/api/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ask()),
        signal: controller.signal,
      });
      if (!response.body) throw new Error('no body');
      for await (const event of readEvents(response.body)) {
        if (event.event === 'text-delta') break;
      }
      controller.abort();
      await expect.poll(() => backend.requests[0]?.signal?.aborted, { timeout: 3000 }).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('reports a backend failure as the run result, not a crash', async () => {
    const backend: Backend = {
      ...new ScriptedBackend({ script: ['unused'], id: 'broken' }),
      id: 'broken',
      capabilities: { ...new ScriptedBackend({ script: ['x'] }).capabilities, streaming: false },
      identity: async () => 'broken',
      generate: async () => {
        throw new Error('the model server is down');
      },
      stream: () => {
        throw new Error('unused');
      },
    };
    const { app } = createPlayground({ backends: new Map([['broken', backend]]) });
    const list = await events(await app.request(post('/api/runs', ask({ backend: 'broken' }))));
    const trace = list.at(-1)?.data.trace as Trace;
    expect(trace.result.stopReason).toBe('error');
    expect(trace.result.error?.message).toBe('the model server is down');
  });

  it('refuses bad requests with a message that names the problem', async () => {
    const { app } = appWith(['Answer: 5']);
    const cases: [unknown, number, string][] = [
      [ask({ extra: 1 }), 400, 'Unknown field extra.'],
      [ask({ question: '   ' }), 400, 'question: must not be empty.'],
      [
        ask({ backend: 'openai:gpt-4o' }),
        400,
        'Unknown backend openai:gpt-4o; this playground offers scripted:test.',
      ],
      [
        ask({ reasoner: 'likelihood' }),
        400,
        'Unknown reasoner likelihood; choose one of direct, cot, self-consistency, react, tot, reflexion.',
      ],
      [ask({ reasoner: 'self-consistency', params: { samples: 0 } }), 400, 'Bad parameter samples'],
      [ask({ params: { shots: { nested: true } } }), 400, 'params.shots'],
      [ask({ temperature: 9 }), 400, 'temperature: Too big'],
      ['{not json', 400, 'The body is not JSON.'],
      [ask({ question: 'x'.repeat(1_100_000) }), 413, 'The body is larger than 1 MB.'],
    ];
    for (const [body, status, message] of cases) {
      const response = await app.request(post('/api/runs', body));
      expect(response.status).toBe(status);
      const reply = (await response.json()) as { error: { message: string } };
      expect(reply.error.message).toContain(message);
      expect(JSON.stringify(reply)).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('refuses requests sent by pages of other sites, rebinding pages too', async () => {
    const { app } = appWith(['Answer: 5']);
    const cases: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'ht!tp://' },
      // A page whose DNS name now points at 127.0.0.1 sends its own name, consistently.
      { host: 'evil.example:7860', origin: 'http://evil.example:7860' },
    ];
    for (const headers of cases) {
      const response = await app.request(post('/api/runs', ask(), headers));
      expect(response.status).toBe(403);
    }
    const rebound = new Request('http://evil.example:7860/api/evals', {
      headers: { host: 'evil.example:7860' },
    });
    expect((await app.request(rebound)).status).toBe(403);
    // Bound to another interface on purpose, any Host is served.
    const { app: open } = createPlayground({ backends: new Map(), anyHost: true });
    expect((await open.request(rebound)).status).toBe(200);
    // This machine's own names pass.
    for (const host of ['localhost:7860', '127.0.0.1:7860', '[::1]:7860']) {
      const request = new Request(`http://${host}/api/config`, { headers: { host } });
      expect((await app.request(request)).status).toBe(200);
    }
  });

  it('takes only bodies sent as JSON, which other sites cannot send unasked', async () => {
    const { app } = appWith(['Answer: 5']);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await app.request(post('/api/runs', ask(), { 'content-type': type }));
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
        'Send JSON, with the header content-type: application/json.',
      );
    }
  });

  it('serves its page with a strict content policy and maps no URL onto the disk', async () => {
    const { app } = appWith(['Answer: 5']);
    const page = await app.request('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/static/app.js">');
    expect((await app.request('/static/app.js')).status).toBe(200);
    for (const path of ['/static/..%2Fapp.ts', '/static/schema.ts', '/package.json']) {
      expect((await app.request(path)).status).toBe(404);
    }
  });

  it('validates an uploaded trace, also inside an eval result line', async () => {
    const { app } = appWith(['Answer: 5']);
    const list = await events(await app.request(post('/api/runs', ask())));
    const trace = list.at(-1)?.data.trace as Trace;

    const plain = await app.request(post('/api/traces', trace));
    expect(((await plain.json()) as { trace: Trace }).trace.result.answer).toBe('5');
    const line = await app.request(post('/api/traces', { id: 'item-1', trace }));
    expect(line.status).toBe(200);

    const broken = await app.request(post('/api/traces', { ...trace, steps: [{ type: 'guess' }] }));
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toMatch(
      /^Not a stepwise trace: steps\.0\.type/,
    );
  });

  it('opens traces of eval runs named at start, by run name and item key only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-playground-'));
    const outDir = join(dir, 'my-run');
    const items: EvalItem[] = [1, 2].map((index) => ({
      id: `item-${index}`,
      question: `What is ${index} + 1?`,
      context: null,
      options: null,
      answer: String(index + 1),
      format: 'number',
      category: 'arithmetic',
      suite: 'test/arithmetic',
      difficulty: {},
      goldReasoning: null,
    }));
    await runEval({
      items,
      reasoner: new ChainOfThought(),
      backend: new ScriptedBackend({ script: { rules: [], default: 'Adding.\nAnswer: 2' } }),
      outDir,
    });
    const { app } = appWith(['Answer: 5'], { evalTraces: await EvalTraces.open([dir]) });

    const listed = (await (await app.request('/api/evals')).json()) as {
      runs: { name: string; items: { key: string; correct: boolean; hasTrace: boolean }[] }[];
    };
    expect(listed.runs).toEqual([
      {
        name: 'my-run',
        items: [
          expect.objectContaining({ key: 'item-1#0', correct: true, hasTrace: true }),
          expect.objectContaining({ key: 'item-2#0', correct: false, hasTrace: true }),
        ],
      },
    ]);
    const opened = await app.request('/api/evals/my-run/item-2%230');
    const { trace } = (await opened.json()) as { trace: Trace };
    expect(trace.task.question).toBe('What is 2 + 1?');
    expect(trace.result.answer).toBe('2');
    for (const path of ['/api/evals/my-run/nope', '/api/evals/..%2F..%2Fetc/passwd']) {
      expect((await app.request(path)).status).toBe(404);
    }
  });

  it('refuses two eval runs of one folder name, which report links could not tell apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-playground-'));
    for (const parent of ['a', 'b']) {
      mkdirSync(join(dir, parent, 'run'), { recursive: true });
      writeFileSync(join(dir, parent, 'run', 'results.jsonl'), '');
    }
    await expect(EvalTraces.open([join(dir, 'a', 'run'), join(dir, 'b', 'run')])).rejects.toThrow(
      /Two eval runs are named run .*rename one folder/,
    );
  });

  it('stops every run in progress on shutdown, and waits for each to end', async () => {
    const backend = new ScriptedBackend({
      script: { rules: [], default: 'a b c d e f g h i j\nAnswer: 1', streamDelayMs: 40 },
      id: 'scripted:test',
    });
    const playground = createPlayground({ backends: new Map([[backend.id, backend]]) });
    const response = await playground.app.request(post('/api/runs', ask()));
    const collected = events(response);
    await expect.poll(() => backend.requests.length).toBe(1);
    await playground.stopRuns();
    expect(backend.requests[0]?.signal?.aborted).toBe(true);
    const list = await collected;
    expect(list.at(-1)?.data.stopped).toBe(true);
  });

  it('turns away runs beyond its limit until one ends', async () => {
    const { app } = appWith(
      { rules: [], default: 'a b c d e f\nAnswer: 1', streamDelayMs: 30 },
      {
        maxRuns: 1,
      },
    );
    const first = await app.request(post('/api/runs', ask()));
    const second = await app.request(post('/api/runs', ask()));
    expect(second.status).toBe(429);
    await events(first);
    const third = await app.request(post('/api/runs', ask()));
    expect(third.status).toBe(200);
    await events(third);
  });
});
