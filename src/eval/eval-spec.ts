import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { RateLimitedBackend } from '../backends/rate-limit.js';
import { createBackend } from '../backends/spec.js';
import type { Backend } from '../core/backend.js';
import { InvalidInputError } from '../core/errors.js';
import { AnswerFormat } from '../core/reasoner.js';
import { createReasoner } from '../reasoners/registry.js';
import { sha256 } from '../util/hash.js';
import type { EvalItem } from './item.js';
import { softwareManifest } from './manifest.js';
import { type EvalEvent, runEval } from './runner.js';
import { namedScorer, scorerNames } from './scorers.js';
import {
  DEFAULT_SUITE_SEED,
  type ItemSource,
  SPLITS,
  loadDataFile,
  suiteItems,
  withFormat,
} from './suites.js';
import type { Summary } from './summary.js';

const Param = z.union([z.string(), z.number(), z.boolean()]);

/** One eval run, as the CLI flags or a matrix config cell describe it. */
export const EvalSpec = z
  .object({
    suite: z.string().optional(),
    data: z.string().optional(),
    reasoner: z.string().default('cot'),
    params: z.record(z.string(), Param).default({}),
    backend: z.string().default('local'),
    baseURL: z.string().optional(),
    limit: z.number().int().positive().optional(),
    /** Items to generate for a suite (its size). Default: the suite's, 100. */
    count: z.number().int().positive().optional(),
    concurrency: z.number().int().positive().default(4),
    seed: z.number().int().nonnegative().default(DEFAULT_SUITE_SEED),
    split: z.enum(SPLITS).default('test'),
    format: AnswerFormat.optional(),
    temperature: z.number().nonnegative().optional(),
    maxTokens: z.number().int().positive().optional(),
    epochs: z.number().int().positive().default(1),
    shard: z
      .object({ index: z.number().int().positive(), count: z.number().int().positive() })
      .optional(),
    scorer: z.enum(scorerNames).optional(),
    fields: z.record(z.string(), z.string()).optional(),
    out: z.string(),
    resume: z.boolean().default(false),
    cache: z.boolean().default(true),
    replay: z.boolean().default(false),
    /** Most backend requests per second. */
    rate: z.number().positive().optional(),
  })
  .refine((spec) => !spec.suite !== !spec.data, { message: 'give exactly one of suite or data' })
  .refine((spec) => !spec.shard || spec.shard.index <= spec.shard.count, {
    message: 'shard i/n needs 1 <= i <= n',
  });
export type EvalSpec = z.output<typeof EvalSpec>;
export type EvalSpecInput = z.input<typeof EvalSpec>;

export interface RunSpecOptions {
  signal?: AbortSignal;
  onEvent?: (event: EvalEvent) => void;
  /** Backends already made, by spec, so runs of a matrix share one cache and rate limit. */
  backends?: Map<string, Backend>;
  /** Use this backend instead of making one from the spec (tests, benchmarks). */
  backend?: Backend;
}

export interface SpecOutcome {
  summary: Summary;
  outDir: string;
  spec: EvalSpec;
}

/** The items a spec names: a suite (streamed) or a data file, re-posed and limited. */
export function specItems(spec: EvalSpec): ItemSource {
  let source: ItemSource;
  if (spec.suite) {
    source = suiteItems(spec.suite, {
      seed: spec.seed,
      split: spec.split,
      ...(spec.count && { count: spec.count }),
    });
  } else {
    const items = loadDataFile(spec.data ?? '', {
      ...(spec.fields && { fields: spec.fields }),
      ...(spec.format && { format: spec.format }),
    });
    source = { total: items.length, items };
  }
  const format = spec.format;
  const scorer = spec.scorer ? namedScorer(spec.scorer) : undefined;
  const limit = Math.min(spec.limit ?? Number.POSITIVE_INFINITY, source.total);
  return {
    total: limit,
    items: {
      *[Symbol.iterator]() {
        let taken = 0;
        for (const item of source.items) {
          if (taken++ >= limit) return;
          const posed = format ? withFormat(item, format) : item;
          if (scorer?.formats && !scorer.formats.includes(posed.format)) {
            throw new InvalidInputError(
              `The ${scorer.name} scorer judges ${scorer.formats.join(' or ')} answers, but ${posed.id} is a ${posed.format} item; pick another --scorer.`,
            );
          }
          yield posed;
        }
      },
    },
  };
}

/** Makes (or reuses) the backend of a spec, with its cache and rate limit. */
export async function specBackend(spec: EvalSpec, shared?: Map<string, Backend>): Promise<Backend> {
  const key = JSON.stringify([spec.backend, spec.baseURL, spec.cache, spec.replay, spec.rate]);
  const existing = shared?.get(key);
  if (existing) return existing;

  const cache = spec.replay ? { onMiss: 'fail' as const } : spec.cache;
  let backend = await createBackend(spec.backend, {
    cache,
    ...(spec.baseURL && { baseURL: spec.baseURL }),
  });
  if (spec.rate) backend = new RateLimitedBackend(backend, { requestsPerSecond: spec.rate });
  shared?.set(key, backend);
  return backend;
}

/** Runs one eval spec into its output folder. */
export async function runEvalSpec(
  input: EvalSpecInput,
  options: RunSpecOptions = {},
): Promise<SpecOutcome> {
  const parsed = EvalSpec.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError(
      `Invalid eval settings${issue?.path.length ? ` (${issue.path.join('.')})` : ''}: ${issue?.message}.`,
    );
  }
  const spec = parsed.data;
  const { items, total } = specItems(spec);
  const reasoner = createReasoner(spec.reasoner, spec.params);
  const backend = options.backend ?? (await specBackend(spec, options.backends));

  const { summary } = await runEval({
    items,
    total,
    reasoner,
    backend,
    outDir: spec.out,
    concurrency: spec.concurrency,
    seed: spec.seed,
    epochs: spec.epochs,
    resume: spec.resume,
    keepResults: false,
    ...(spec.shard && { shard: spec.shard }),
    ...(spec.scorer && { scorer: namedScorer(spec.scorer) }),
    ...(spec.temperature !== undefined && { temperature: spec.temperature }),
    ...(spec.maxTokens !== undefined && { maxTokens: spec.maxTokens }),
    ...(options.signal && { signal: options.signal }),
    ...(options.onEvent && { onEvent: options.onEvent }),
    manifest: {
      ...softwareManifest(),
      suite: spec.suite ?? null,
      data: spec.data ? resolve(spec.data) : null,
      dataHash: spec.data ? fileHash(spec.data) : null,
      split: spec.suite ? spec.split : null,
      limit: spec.limit ?? null,
      count: spec.count ?? null,
      format: spec.format ?? null,
      reasoner: spec.reasoner,
      params: spec.params,
      backend: spec.backend,
      backendIdentity: await backend.identity(),
      temperature: spec.temperature ?? null,
      maxTokens: spec.maxTokens ?? null,
      scorer: spec.scorer ?? null,
      concurrency: spec.concurrency,
    },
  });
  return { summary, outDir: spec.out, spec };
}

/**
 * A new folder name for a run: `runs/<source>-<reasoner>-<time>-<suffix>`;
 * the random suffix keeps two runs started in the same second apart.
 */
export function defaultOutDir(source: string, reasoner: string, now = new Date()): string {
  const time = now.toISOString().replace(/[-:]/g, '').replace(/\..+/, '').replace('T', '-');
  const suffix = randomBytes(2).toString('hex');
  return join(
    'runs',
    `${basename(source).replace(/[^\w.-]+/g, '_')}-${reasoner}-${time}-${suffix}`,
  );
}

function fileHash(file: string): string {
  return sha256(readFileSync(file));
}
