/**
 * `npm run bench`: the framework's own overhead per step, and eval
 * throughput against a local HTTP server with fixed latency.
 */
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { createBackend } from '../src/backends/spec.js';
import type { EvalItem } from '../src/eval/item.js';
import { runEval } from '../src/eval/runner.js';
import { Direct } from '../src/reasoners/direct.js';
import { benchOverhead } from './overhead.js';

const LATENCY_MS = 50;

function startServer(latencyMs: number): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            id: 'bench',
            object: 'chat.completion',
            created: 0,
            model: 'bench',
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: 'Answer: A' },
                finish_reason: 'stop',
              },
            ],
            usage: { prompt_tokens: 20, completion_tokens: 3, total_tokens: 23 },
          }),
        );
      }, latencyMs);
    });
  });
  server.listen(0, '127.0.0.1');
  return once(server, 'listening').then(() => server);
}

async function evalThroughput(): Promise<void> {
  const server = await startServer(LATENCY_MS);
  const { port } = server.address() as AddressInfo;
  const backend = await createBackend('openai:bench', {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey: 'bench',
  });
  const table = new Table({
    head: ['concurrency', 'items', 'items/s', 'ideal items/s', 'of ideal'],
  });
  for (const concurrency of [1, 8, 32]) {
    const count = concurrency * 8;
    const items: EvalItem[] = Array.from({ length: count }, (_, index) => ({
      id: `bench-${index}`,
      question: `Question ${index}?`,
      context: null,
      options: ['A) yes', 'B) no'],
      answer: 'A',
      format: 'letter',
      category: 'bench',
      suite: 'bench',
      difficulty: {},
      goldReasoning: null,
    }));
    const started = performance.now();
    await runEval({
      items,
      reasoner: new Direct(),
      backend,
      outDir: mkdtempSync(join(tmpdir(), 'stepwise-bench-')),
      concurrency,
      traces: false,
    });
    const seconds = (performance.now() - started) / 1000;
    const rate = count / seconds;
    const ideal = concurrency / (LATENCY_MS / 1000);
    table.push([
      concurrency,
      count,
      rate.toFixed(1),
      ideal.toFixed(1),
      `${((100 * rate) / ideal).toFixed(0)}%`,
    ]);
  }
  server.close();
  process.stdout.write(
    `Eval throughput (openai backend, local HTTP server, ${LATENCY_MS} ms latency)\n${table.toString()}\n`,
  );
}

await benchOverhead();
await evalThroughput();
