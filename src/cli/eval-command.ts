import { definedOnly } from '../util/defined-only.js';
import type { Command } from 'commander';
import pc from 'picocolors';
import { InvalidInputError } from '../core/errors.js';
import { AnswerFormat } from '../core/reasoner.js';
import {
  type EvalSpecInput,
  type SpecOutcome,
  defaultOutDir,
  runEvalSpec,
} from '../eval/eval-spec.js';
import { loadMatrixConfig, runMatrix } from '../eval/matrix.js';
import type { EvalEvent } from '../eval/runner.js';
import { scorerNames } from '../eval/scorers.js';
import { DEFAULT_SUITE_SEED, type Split, SPLITS } from '../eval/suites.js';
import type { Summary } from '../eval/summary.js';
import { EXIT_FAILURE, EXIT_INTERRUPTED } from './exit-codes.js';
import { collectParam, decimal, integer, oneOf, shard } from './options.js';
import { createProgress } from './progress.js';
import { type ReasonerFlags, addReasonerFlags, reasonerFromFlags } from './reasoner-flags.js';
import { createTable } from './table.js';

interface EvalFlags extends ReasonerFlags {
  suite?: string;
  data?: string;
  config?: string;
  backend: string;
  baseUrl?: string;
  limit?: number;
  concurrency: number;
  seed: number;
  split: Split;
  format?: AnswerFormat;
  temperature?: number;
  maxTokens?: number;
  epochs: number;
  shard?: { index: number; count: number };
  scorer?: (typeof scorerNames)[number];
  field: Record<string, string>;
  rate?: number;
  out?: string;
  resume: boolean;
  cache: boolean;
  replay: boolean;
}

/** The flags a matrix run takes; the config file sets everything else. */
const MATRIX_FLAGS = new Set(['config', 'out', 'resume']);

/** A flag the matrix would ignore is an error, so a run is never other than asked. */
function refuseMatrixFlags(command: Command): void {
  const first = command.options.find((option) => {
    const name = option.attributeName();
    return !MATRIX_FLAGS.has(name) && command.getOptionValueSource(name) === 'cli';
  });
  if (first) {
    throw new InvalidInputError(
      `${first.long ?? first.flags} does not apply with --config: the config file sets the ` +
        'suites, reasoners, backends and settings of a matrix; edit it there. ' +
        '--config takes only --out and --resume.',
    );
  }
}

/** Item fields a JSONL or CSV column can fill (`--field`). */
const MAPPED_FIELDS = ['id', 'question', 'context', 'options', 'answer', 'category'];

export function registerEvalCommand(program: Command): void {
  const command = program
    .command('eval')
    .description('score a reasoner on a benchmark suite, a dataset file, or a matrix config')
    .option('--suite <name>', 'suite or category, e.g. deductive (see stepwise list)')
    .option('--data <file>', 'a dataset: Logic-LM or BIG-Bench-Hard .json, .jsonl or .csv')
    .option('--config <file>', 'a matrix config (evals/NAME.ts): suites x reasoners x backends')
    .option(
      '--field <item=column>',
      'JSONL/CSV column for an item field (repeatable)',
      collectParam,
      {},
    )
    .option(
      '--backend <spec>',
      'local, local:<path|hub-id>, openai:<model>, scripted:<file>',
      'local',
    )
    .option('--base-url <url>', 'base URL for openai: backends (else OPENAI_BASE_URL)')
    .option('--limit <n>', 'run only the first n items', integer('--limit', 1))
    .option('--concurrency <n>', 'items run at once', integer('--concurrency', 1), 4)
    .option('--rate <n>', 'most backend requests per second', decimal('--rate', 0.001))
    .option('--seed <s>', 'suite and run seed', integer('--seed'), DEFAULT_SUITE_SEED)
    .option('--split <split>', 'generated split', oneOf('--split', SPLITS), 'test')
    .option(
      '--format <format>',
      "answer format (default: the suite's)",
      oneOf('--format', AnswerFormat.options),
    )
    .option(
      '--scorer <name>',
      `one of ${scorerNames.join(', ')} (default: by format)`,
      oneOf('--scorer', scorerNames),
    )
    .option('--temperature <t>', 'sampling temperature', decimal('--temperature'))
    .option('--max-tokens <n>', 'most new tokens per call', integer('--max-tokens', 1))
    .option(
      '--epochs <n>',
      'run every item n times; report mean and standard error',
      integer('--epochs', 1),
      1,
    )
    .option('--shard <i/n>', 'run shard i of n (join them with stepwise merge)', shard)
    .option('--out <dir>', 'output folder (default: runs/<suite>-<reasoner>-<time>)')
    .option('--resume', 'continue the run in --out, skipping finished items', false)
    .option('--no-cache', 'call the backend even when a cached reply exists')
    .option('--replay', 're-score offline from the cache; a missing reply is an error', false);
  addReasonerFlags(command).action(async (flags: EvalFlags, self: Command) => {
    const sources = [flags.suite, flags.data, flags.config].filter(Boolean).length;
    if (sources !== 1) {
      throw new InvalidInputError(
        'Give exactly one of --suite NAME, --data FILE or --config FILE.',
      );
    }
    if (flags.config) refuseMatrixFlags(self);
    if (flags.replay && !flags.cache) {
      throw new InvalidInputError('--replay reads the cache; drop --no-cache.');
    }
    const unknownFields = Object.keys(flags.field).filter(
      (field) => !MAPPED_FIELDS.includes(field),
    );
    if (unknownFields.length > 0) {
      throw new InvalidInputError(
        `--field ${unknownFields[0]}=... names no item field; use one of ${MAPPED_FIELDS.join(', ')}.`,
      );
    }
    if (flags.resume && !flags.out && !flags.config) {
      throw new InvalidInputError('--resume needs --out DIR naming the run to continue.');
    }
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());

    if (flags.config) {
      const config = await loadMatrixConfig(flags.config);
      const outcomes = await runMatrix(config, {
        signal: controller.signal,
        resume: flags.resume,
        ...(flags.out && { out: flags.out }),
        onCell: (cell, index, total) =>
          process.stderr.write(`${pc.dim(`[${index + 1}/${total}]`)} ${cell.label}\n`),
      });
      printMatrix(outcomes);
    } else {
      const { name, params } = reasonerFromFlags(flags);
      const source = flags.suite ?? flags.data ?? '';
      const spec: EvalSpecInput = {
        ...(flags.suite && { suite: flags.suite }),
        ...(flags.data && { data: flags.data }),
        reasoner: name,
        params,
        backend: flags.backend,
        concurrency: flags.concurrency,
        seed: flags.seed,
        split: flags.split,
        epochs: flags.epochs,
        resume: flags.resume,
        cache: flags.cache,
        replay: flags.replay,
        out: flags.out ?? defaultOutDir(source, name),
        ...(Object.keys(flags.field).length > 0 && { fields: flags.field }),
        ...definedOnly({
          baseURL: flags.baseUrl,
          limit: flags.limit,
          format: flags.format,
          scorer: flags.scorer,
          temperature: flags.temperature,
          maxTokens: flags.maxTokens,
          shard: flags.shard,
          rate: flags.rate,
        }),
      };
      const outcome = await withProgress((onEvent) =>
        runEvalSpec(spec, { signal: controller.signal, onEvent }),
      );
      printSummary(outcome.summary, `${name} on ${source} (${flags.backend})`);
      process.stdout.write(`${pc.dim('results in')} ${outcome.outDir}\n`);
      const { n, errors } = outcome.summary;
      if (flags.replay && errors > 0) {
        // Replay promises offline re-scoring; a miss means the numbers are not that.
        process.stderr.write(
          `stepwise: --replay found no cached reply for ${errors} of ${n} items; run them once without --replay.\n`,
        );
        process.exitCode = EXIT_FAILURE;
      } else if (n > 0 && errors === n) {
        process.stderr.write(
          `stepwise: every item failed; see the "error" field in ${outcome.outDir}/results.jsonl.\n`,
        );
        process.exitCode = EXIT_FAILURE;
      }
    }
    if (controller.signal.aborted) {
      process.stderr.write('Stopped early; --resume continues.\n');
      process.exitCode = EXIT_INTERRUPTED;
    }
  });
}

async function withProgress<T>(
  run: (onEvent: (event: EvalEvent) => void) => Promise<T>,
): Promise<T> {
  let progress: ReturnType<typeof createProgress> | undefined;
  let correct = 0;
  try {
    return await run((event) => {
      if (event.type === 'eval-start') {
        progress = createProgress(event.total ?? 0, event.skipped);
      } else {
        if (event.result.correct) correct++;
        progress?.update(event.done, correct);
      }
    });
  } finally {
    progress?.stop();
  }
}

const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
const interval = ([low, high]: [number, number]) => `${percent(low)} – ${percent(high)}`;

function printSummary(summary: Summary, title: string): void {
  const table = createTable(['', 'n', 'accuracy', '95% CI', 'no answer', 'errors']);
  const row = (name: string, part: { n: number; accuracy: number; ci95: [number, number] }) => [
    name,
    part.n,
    percent(part.accuracy),
    interval(part.ci95),
  ];
  table.push([...row('all', summary), summary.noAnswer, summary.errors]);
  const suites = Object.entries(summary.bySuite);
  if (suites.length > 1)
    for (const [suite, part] of suites) table.push([...row(suite, part), '', '']);
  for (const [knob, levels] of Object.entries(summary.byDifficulty)) {
    for (const [level, part] of Object.entries(levels)) {
      table.push([...row(`${knob} ${level}`, part), '', '']);
    }
  }
  process.stdout.write(`${pc.bold(title)}\n${table.toString()}\n`);
  if (summary.epochs) {
    const { count, mean, standardError } = summary.epochs;
    process.stdout.write(
      `${count} epochs: mean accuracy ${percent(mean)} ± ${percent(standardError)} (standard error)\n`,
    );
  }
  process.stdout.write(
    `${summary.callsPerItem.toFixed(1)} calls, ${Math.round(summary.tokensPerItem.total)} tokens, ` +
      `${Math.round(summary.latencyMs.mean)} ms per item (p95 ${Math.round(summary.latencyMs.p95)} ms)\n`,
  );
}

function printMatrix(outcomes: SpecOutcome[]): void {
  const table = createTable(['run', 'n', 'accuracy', '95% CI', 'tokens/item', 'folder']);
  for (const { summary, outDir, spec } of outcomes) {
    table.push([
      `${spec.reasoner} · ${spec.backend} · ${spec.suite ?? spec.data}`,
      summary.n,
      percent(summary.accuracy),
      interval(summary.ci95),
      Math.round(summary.tokensPerItem.total),
      outDir,
    ]);
  }
  process.stdout.write(`${table.toString()}\n`);
}
