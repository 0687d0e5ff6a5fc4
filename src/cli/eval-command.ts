import { join } from 'node:path';
import { createTable } from './table.js';
import type { Command } from 'commander';
import pc from 'picocolors';
import { createBackend } from '../backends/spec.js';
import { InvalidInputError } from '../core/errors.js';
import { AnswerFormat } from '../core/reasoner.js';
import { softwareManifest } from '../eval/manifest.js';
import { runEval } from '../eval/runner.js';
import { type Split, SPLITS, loadDataFile, loadSuite, withFormat } from '../eval/suites.js';
import type { Summary } from '../eval/summary.js';
import { DEFAULT_SUITE_SEED } from '../eval/suites.js';
import { decimal, integer, oneOf } from './options.js';
import { type ReasonerFlags, addReasonerFlags, reasonerFromFlags } from './reasoner-flags.js';
import { createProgress } from './progress.js';

interface EvalFlags extends ReasonerFlags {
  suite?: string;
  data?: string;
  backend: string;
  baseUrl?: string;
  limit?: number;
  concurrency: number;
  seed: number;
  split: Split;
  format?: AnswerFormat;
  temperature?: number;
  maxTokens?: number;
  out?: string;
  resume: boolean;
  cache: boolean;
}

export function registerEvalCommand(program: Command): void {
  const command = program
    .command('eval')
    .description('score a reasoner on a benchmark suite or dataset file')
    .option('--suite <name>', 'suite or category, e.g. deductive (see stepwise list)')
    .option('--data <file>', 'a dataset file (Logic-LM JSON) instead of a suite')
    .option(
      '--backend <spec>',
      'local, local:<path|hub-id>, openai:<model>, scripted:<file>',
      'local',
    )
    .option('--base-url <url>', 'base URL for openai: backends (else OPENAI_BASE_URL)')
    .option('--limit <n>', 'run only the first n items', integer('--limit', 1))
    .option('--concurrency <n>', 'items run at once', integer('--concurrency', 1), 4)
    .option('--seed <s>', 'suite and run seed', integer('--seed'), DEFAULT_SUITE_SEED)
    .option('--split <split>', 'generated split', oneOf('--split', SPLITS), 'test')
    .option(
      '--format <format>',
      "answer format (default: the suite's)",
      oneOf('--format', AnswerFormat.options),
    )
    .option('--temperature <t>', 'sampling temperature', decimal('--temperature'))
    .option('--max-tokens <n>', 'most new tokens per call', integer('--max-tokens', 1))
    .option('--out <dir>', 'output folder (default: runs/<suite>-<reasoner>-<time>)')
    .option('--resume', 'continue the run in --out, skipping finished items', false)
    .option('--no-cache', 'call the backend even when a cached reply exists');
  addReasonerFlags(command).action(async (flags: EvalFlags) => {
    if (!flags.suite === !flags.data) {
      throw new InvalidInputError('Give exactly one of --suite NAME or --data FILE.');
    }
    if (flags.resume && !flags.out) {
      throw new InvalidInputError('--resume needs --out DIR naming the run to continue.');
    }

    let items = flags.suite
      ? loadSuite(flags.suite, { seed: flags.seed, split: flags.split })
      : loadDataFile(flags.data ?? '');
    if (flags.format) items = withFormat(items, flags.format);
    if (flags.limit !== undefined) items = items.slice(0, flags.limit);

    const { reasoner, name: reasonerName, params } = reasonerFromFlags(flags);
    const backend = await createBackend(flags.backend, {
      cache: flags.cache,
      ...(flags.baseUrl && { baseURL: flags.baseUrl }),
    });

    const source = flags.suite ?? flags.data ?? '';
    const outDir =
      flags.out ??
      join('runs', `${source.replace(/[^\w.-]+/g, '_')}-${reasonerName}-${timestamp()}`);
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());

    const progress = createProgress(items.length, 0);
    let correct = 0;
    const { summary } = await runEval({
      items,
      reasoner,
      backend,
      outDir,
      concurrency: flags.concurrency,
      seed: flags.seed,
      resume: flags.resume,
      signal: controller.signal,
      ...(flags.temperature !== undefined && { temperature: flags.temperature }),
      ...(flags.maxTokens !== undefined && { maxTokens: flags.maxTokens }),
      manifest: {
        ...softwareManifest(),
        suite: flags.suite ?? null,
        data: flags.data ?? null,
        split: flags.suite ? flags.split : null,
        limit: flags.limit ?? null,
        format: flags.format ?? null,
        reasoner: reasonerName,
        params,
        backend: flags.backend,
        backendIdentity: await backend.identity(),
        temperature: flags.temperature ?? null,
        maxTokens: flags.maxTokens ?? null,
        concurrency: flags.concurrency,
      },
      onEvent(event) {
        if (event.type === 'eval-start') {
          progress.update(event.skipped, 0);
        } else {
          if (event.result.correct) correct++;
          progress.update(event.done, correct);
        }
      },
    });
    progress.stop();
    await backend.close?.();

    printSummary(summary, `${reasonerName} on ${source} (${flags.backend})`);
    process.stdout.write(`${pc.dim('results in')} ${outDir}\n`);
    if (controller.signal.aborted) process.stderr.write('Stopped early; --resume continues.\n');
  });
}

function printSummary(summary: Summary, title: string): void {
  const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
  const table = createTable(['', 'n', 'accuracy', '95% CI', 'no answer', 'errors']);
  const row = (name: string, part: { n: number; accuracy: number; ci95: [number, number] }) => [
    name,
    part.n,
    percent(part.accuracy),
    `${percent(part.ci95[0])} – ${percent(part.ci95[1])}`,
  ];
  table.push([...row('all', summary), summary.noAnswer, summary.errors]);
  for (const [knob, levels] of Object.entries(summary.byDifficulty)) {
    for (const [level, part] of Object.entries(levels)) {
      table.push([...row(`${knob} ${level}`, part), '', '']);
    }
  }
  process.stdout.write(`${pc.bold(title)}\n${table.toString()}\n`);
  process.stdout.write(
    `${summary.callsPerItem.toFixed(1)} calls, ${Math.round(summary.tokensPerItem.total)} tokens, ` +
      `${Math.round(summary.latencyMs.mean)} ms per item (p95 ${Math.round(summary.latencyMs.p95)} ms)\n`,
  );
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..+/, '').replace('T', '-');
}
