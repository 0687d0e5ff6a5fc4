/**
 * The embedded model: tokens per second of the local backend against
 * transformers.js generating the same greedy continuation of the same
 * prompt directly, and the wall time of a 500-item PrOntoQA eval with
 * chain-of-thought (the published dev file when STEPWISE_PRONTOQA_DEV
 * names it, else the generated 5-hop test split).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AutoModelForCausalLM, AutoTokenizer, Tensor } from '@huggingface/transformers';
import { resolveLocalModel } from '../src/backends/local-model.js';
import { renderPrompt } from '../src/backends/local-prompt.js';
import { createLocalBackend } from '../src/backends/transformers.js';
import { createTable } from '../src/cli/table.js';
import { type GenerateRequest, requestMessages } from '../src/core/backend.js';
import { solve } from '../src/core/run.js';
import { ScriptedBackend } from '../src/backends/scripted.js';
import { loadLogicLm } from '../src/eval/datasets/logic-lm.js';
import type { EvalItem } from '../src/eval/item.js';
import { runEval } from '../src/eval/runner.js';
import { suiteItems } from '../src/eval/suites.js';
import { ChainOfThought } from '../src/reasoners/chain-of-thought.js';

const RUNS = 200;
const MAX_TOKENS = 128;

/** The value below which a share `q` of `values` lies (nearest rank). */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** The middle half of `values`, as "low-high". */
function middleHalf(values: number[]): string {
  return `${quantile(values, 0.25).toFixed(0)}-${quantile(values, 0.75).toFixed(0)}`;
}

/** The request chain-of-thought sends for `item`, caught by a scripted backend. */
async function cotRequest(item: EvalItem): Promise<GenerateRequest> {
  const scripted = new ScriptedBackend({ script: ['Answer: A'] });
  await solve(new ChainOfThought(), item, { backend: scripted });
  const [request] = scripted.requests;
  if (!request) throw new Error('Chain-of-thought made no call.');
  return { messages: requestMessages(request) };
}

/** Greedy tokens per second, direct and through the backend, on the chain-of-thought prompt of `item`. */
async function tokensPerSecond(item: EvalItem): Promise<void> {
  const source = resolveLocalModel('local');
  if (source.kind === 'hub') throw new Error('The embedded model is missing.');
  const tokenizer = await AutoTokenizer.from_pretrained(source.folder, { local_files_only: true });
  const model = await AutoModelForCausalLM.from_pretrained(source.folder, {
    local_files_only: true,
    dtype: 'fp32',
  });
  const request = await cotRequest(item);
  const prompt = tokenizer.encode(renderPrompt(requestMessages(request)));
  const input_ids = new Tensor('int64', BigInt64Array.from(prompt.map(BigInt)), [1, prompt.length]);
  const attention_mask = new Tensor('int64', new BigInt64Array(prompt.length).fill(1n), [
    1,
    prompt.length,
  ]);

  // The two paths take turns, so drift in the machine's load hits both alike.
  // One turn is under 0.1 s and jitters by half, so the overhead is taken over
  // all turns together. The first turn warms up and is not counted.
  const backend = createLocalBackend({ spec: 'local' });
  const direct: Turn[] = [];
  const through: Turn[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const first = await timed(async () => {
      const output = (await model.generate({
        input_ids,
        attention_mask,
        max_new_tokens: MAX_TOKENS,
        do_sample: false,
      })) as Tensor;
      return output.dims[1]! - prompt.length;
    });
    const second = await timed(async () => {
      const result = await backend.generate({ ...request, maxTokens: MAX_TOKENS, temperature: 0 });
      return result.usage.completionTokens;
    });
    if (run > 0) {
      direct.push(first);
      through.push(second);
    }
  }
  await backend.close();

  const table = createTable([
    'path',
    'prompt tokens',
    'new tokens',
    'tokens/s (median)',
    'middle half',
    'CPU ms per token',
  ]);
  for (const [name, turns] of [
    ['transformers.js generate()', direct],
    ['local backend', through],
  ] as const) {
    const rates = turns.map((turn) => turn.tokens / turn.seconds);
    table.push([
      name,
      prompt.length,
      turns[0]?.tokens ?? 0,
      median(rates).toFixed(0),
      middleHalf(rates),
      (perToken(turns, (turn) => turn.cpuSeconds) * 1000).toFixed(2),
    ]);
  }
  // Over all turns: wall time per token, and CPU time per token, which other
  // processes' load inflates less.
  const overhead = (time: (turn: Turn) => number) =>
    perToken(through, time) / perToken(direct, time) - 1;
  // `+ 0` turns a rounded -0 into 0, so no "-0.0%" is printed.
  const percent = (value: number) => `${(Math.round(value * 1000) / 10 + 0).toFixed(1)}%`;
  process.stdout.write(
    `Embedded model, greedy decoding (target: backend overhead under 5%)\n${table.toString()}\n` +
      `backend overhead over ${RUNS} turns each: ` +
      `${percent(overhead((turn) => turn.seconds))} in wall time, ` +
      `${percent(overhead((turn) => turn.cpuSeconds))} in CPU time\n\n`,
  );
}

interface Turn {
  tokens: number;
  seconds: number;
  /** CPU time of this process, all its threads. */
  cpuSeconds: number;
}

/** Seconds per token over all `turns`, timed by `time`. */
function perToken(turns: Turn[], time: (turn: Turn) => number): number {
  const seconds = turns.reduce((sum, turn) => sum + time(turn), 0);
  return seconds / turns.reduce((sum, turn) => sum + turn.tokens, 0);
}

async function timed(run: () => Promise<number>): Promise<Turn> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const tokens = await run();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { tokens, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function prontoqaEval(): Promise<void> {
  const file = process.env.STEPWISE_PRONTOQA_DEV;
  const items = file
    ? loadLogicLm(file).slice(0, 500)
    : [...suiteItems('deductive/prontoqa', { split: 'test', count: 3000, seed: 1 }).items]
        .filter((item) => item.difficulty.hops === 5)
        .slice(0, 500);
  const backend = createLocalBackend({ spec: 'local' });
  const started = performance.now();
  const { summary } = await runEval({
    items,
    reasoner: new ChainOfThought(),
    backend,
    outDir: mkdtempSync(join(tmpdir(), 'stepwise-bench-')),
    concurrency: 2,
    traces: false,
  });
  const seconds = (performance.now() - started) / 1000;
  await backend.close();
  process.stdout.write(
    `PrOntoQA eval, cot on the embedded model (${file ?? 'generated 5-hop test items'}; target: under 5 minutes)\n` +
      `${items.length} items in ${seconds.toFixed(0)} s, accuracy ${(summary.accuracy * 100).toFixed(1)}%\n\n`,
  );
}

export async function benchLocalModel(): Promise<void> {
  const [item] = suiteItems('deductive/prontoqa', { split: 'test', count: 1, seed: 1 }).items;
  if (!item) throw new Error('The generator made no item.');
  await tokensPerSecond(item);
  await prontoqaEval();
}

// Run directly (`npm run bench` does, in a process of its own).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchLocalModel();
}
