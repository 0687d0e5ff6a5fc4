import { definedOnly } from '../util/defined-only.js';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { Backend } from '../core/backend.js';
import { InvalidInputError } from '../core/errors.js';
import { AnswerFormat } from '../core/reasoner.js';
import { parseBackendSpec } from '../backends/spec.js';
import { createReasoner } from '../reasoners/registry.js';
import {
  EvalSpec,
  type EvalSpecInput,
  type RunSpecOptions,
  type SpecOutcome,
  runEvalSpec,
} from './eval-spec.js';
import { SPLITS, suiteItems } from './suites.js';

const Param = z.union([z.string(), z.number(), z.boolean()]);

const SuiteEntry = z.union([
  z.string(),
  z.strictObject({
    suite: z.string().optional(),
    data: z.string().optional(),
    limit: z.number().int().positive().optional(),
    split: z.enum(SPLITS).optional(),
    format: AnswerFormat.optional(),
    fields: z.record(z.string(), z.string()).optional(),
    /** Name of the cell folders for this entry. Default: the suite or file name. */
    label: z.string().optional(),
  }),
]);

const ReasonerEntry = z.union([
  z.string(),
  z.strictObject({
    reasoner: z.string(),
    params: z.record(z.string(), Param).default({}),
    label: z.string().optional(),
  }),
]);

const BackendEntry = z.union([
  z.string(),
  z.strictObject({
    spec: z.string(),
    baseURL: z.string().optional(),
    /** Most requests per second to this backend, shared by all its runs. */
    rate: z.number().positive().optional(),
    /** Items at once for runs on this backend. */
    concurrency: z.number().int().positive().optional(),
    label: z.string().optional(),
  }),
]);

/** A matrix of evals: every suite x reasoner x backend x parameter combination. */
export const MatrixConfig = z.strictObject({
  name: z.string().default('matrix'),
  suites: z.array(SuiteEntry).min(1),
  reasoners: z.array(ReasonerEntry).min(1),
  backends: z.array(BackendEntry).min(1),
  /** A grid of run parameters, e.g. `{ temperature: [0, 0.7] }`. */
  parameters: z
    .strictObject({
      temperature: z.array(z.number().nonnegative()).min(1).optional(),
      maxTokens: z.array(z.number().int().positive()).min(1).optional(),
    })
    .default({}),
  seed: z.number().int().nonnegative().optional(),
  split: z.enum(SPLITS).optional(),
  limit: z.number().int().positive().optional(),
  concurrency: z.number().int().positive().optional(),
  epochs: z.number().int().positive().optional(),
  /** Output folder holding one folder per cell. Default: `runs/<name>`. */
  out: z.string().optional(),
});
export type MatrixConfig = z.output<typeof MatrixConfig>;
export type MatrixConfigInput = z.input<typeof MatrixConfig>;

/** Identity function that types a matrix config file's default export. */
export function defineEvalConfig(config: MatrixConfigInput): MatrixConfigInput {
  return config;
}

export interface MatrixCell {
  label: string;
  spec: EvalSpecInput;
}

const slug = (text: string) => text.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '');

/** The runs a matrix stands for, each with its own output folder. */
export function expandMatrix(config: MatrixConfig, out = config.out ?? join('runs', config.name)) {
  const cells: MatrixCell[] = [];
  const temperatures = config.parameters.temperature ?? [undefined];
  const maxTokens = config.parameters.maxTokens ?? [undefined];
  for (const suiteEntry of config.suites) {
    const suite = typeof suiteEntry === 'string' ? { suite: suiteEntry } : suiteEntry;
    const suiteLabel = suite.label ?? slug(suite.suite ?? suite.data ?? 'data');
    for (const reasonerEntry of config.reasoners) {
      const reasoner =
        typeof reasonerEntry === 'string' ? { reasoner: reasonerEntry, params: {} } : reasonerEntry;
      const reasonerLabel = reasoner.label ?? reasoner.reasoner;
      for (const backendEntry of config.backends) {
        const backend = typeof backendEntry === 'string' ? { spec: backendEntry } : backendEntry;
        const backendLabel = backend.label ?? slug(backend.spec);
        for (const temperature of temperatures) {
          for (const tokens of maxTokens) {
            const grid = [
              temperature === undefined ? '' : `t${temperature}`,
              tokens === undefined ? '' : `m${tokens}`,
            ].filter(Boolean);
            const label = [suiteLabel, reasonerLabel, backendLabel, ...grid].join('__');
            cells.push({
              label,
              spec: {
                ...(suite.suite && { suite: suite.suite }),
                ...(suite.data && { data: suite.data }),
                ...(suite.fields && { fields: suite.fields }),
                ...(suite.format && { format: suite.format }),
                reasoner: reasoner.reasoner,
                params: reasoner.params,
                backend: backend.spec,
                ...(backend.baseURL && { baseURL: backend.baseURL }),
                ...(backend.rate && { rate: backend.rate }),
                ...definedOnly({
                  limit: suite.limit ?? config.limit,
                  split: suite.split ?? config.split,
                  seed: config.seed,
                  epochs: config.epochs,
                  concurrency: backend.concurrency ?? config.concurrency,
                  temperature,
                  maxTokens: tokens,
                }),
                out: join(out, label),
              },
            });
          }
        }
      }
    }
  }
  return cells;
}

/** Loads a matrix config: `.json`, or a module (`.ts`, `.js`, `.mjs`) whose default export is one. */
export async function loadMatrixConfig(file: string): Promise<MatrixConfig> {
  const path = resolve(file);
  if (!existsSync(path)) throw new InvalidInputError(`Cannot find the eval config ${file}.`);
  let data: unknown;
  const extension = extname(path);
  if (extension === '.json') {
    try {
      data = JSON.parse(await readFile(path, 'utf8'));
    } catch (cause) {
      throw new InvalidInputError(`The eval config ${file} is not valid JSON.`, { cause });
    }
  } else if (extension === '.ts' || extension === '.mts') {
    // tsx compiles the config on the fly; no build step for users' configs.
    const { tsImport } = await import('tsx/esm/api');
    const module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as {
      default?: unknown;
    };
    data = module.default;
  } else {
    const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
    data = module.default;
  }

  // A CommonJS-compiled module nests the default export once more.
  if (typeof data === 'object' && data !== null && 'default' in data && !('suites' in data)) {
    data = Reflect.get(data, 'default');
  }
  const parsed = MatrixConfig.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError(
      `The eval config ${file} is invalid at ${issue?.path.join('.') || 'its top level'}: ${issue?.message}.`,
    );
  }
  return parsed.data;
}

export interface MatrixOptions extends Omit<RunSpecOptions, 'backends'> {
  /** Output folder. Default: the config's `out`, else `runs/<name>`. */
  out?: string;
  /** Continue each cell's earlier run. Default: false. */
  resume?: boolean;
  /** Called before each cell runs. */
  onCell?: (cell: MatrixCell, index: number, total: number) => void;
}

/** Checks every cell before any runs: a late typo must not waste the cells before it. */
function checkCells(cells: MatrixCell[]): void {
  const labels = new Set<string>();
  for (const cell of cells) {
    if (labels.has(cell.label)) {
      throw new InvalidInputError(
        `Two cells of the config are both "${cell.label}"; give one a label.`,
      );
    }
    labels.add(cell.label);
    const parsed = EvalSpec.safeParse(cell.spec);
    if (!parsed.success) {
      throw new InvalidInputError(
        `Cell ${cell.label} of the config is invalid: ${parsed.error.issues[0]?.message}.`,
      );
    }
    const spec = parsed.data;
    if (spec.suite) suiteItems(spec.suite, { seed: spec.seed, split: spec.split });
    createReasoner(spec.reasoner, spec.params);
    parseBackendSpec(spec.backend);
  }
}

/** Runs every cell of a matrix in turn; runs on one backend share its cache and rate limit. */
export async function runMatrix(
  config: MatrixConfig,
  options: MatrixOptions = {},
): Promise<SpecOutcome[]> {
  const cells = expandMatrix(config, options.out);
  checkCells(cells);
  const backends = new Map<string, Backend>();
  const outcomes: SpecOutcome[] = [];
  for (const [index, cell] of cells.entries()) {
    if (options.signal?.aborted) break;
    options.onCell?.(cell, index, cells.length);
    outcomes.push(
      await runEvalSpec(
        { ...cell.spec, resume: options.resume ?? false },
        { ...options, backends },
      ),
    );
  }
  await Promise.all([...backends.values()].map((backend) => backend.close?.()));
  return outcomes;
}
