import { basename, extname } from 'node:path';
import { normalizeAnswer } from '../answers/normalize.js';
import { InvalidInputError } from '../core/errors.js';
import type { AnswerFormat } from '../core/reasoner.js';
import { isBbhData, loadBbh, readText } from './datasets/bbh.js';
import { loadLogicLm } from './datasets/logic-lm.js';
import { type LoadRecordsOptions, loadRecords } from './datasets/records.js';
import { generateProntoqa } from './generators/prontoqa.js';
import type { EvalItem } from './item.js';

export type Split = 'train' | 'dev' | 'test';
export const SPLITS: readonly Split[] = ['train', 'dev', 'test'];

/** The seed every suite uses unless `--seed` says otherwise. */
export const DEFAULT_SUITE_SEED = 20261203;

export interface SuiteOptions {
  /** Generator seed. Default: DEFAULT_SUITE_SEED. */
  seed?: number;
  /** Default: `test`. */
  split?: Split;
}

interface SuiteEntry {
  description: string;
  /** Items per split. */
  size: number;
  load(options: Required<SuiteOptions>): EvalItem[];
}

const SUITES: Record<string, SuiteEntry> = {
  'deductive/prontoqa': {
    description: 'PrOntoQA-style fictional concept chains, 1-5 hops, True/False',
    size: 100,
    load: ({ seed, split }) => generateProntoqa({ seed, split, count: 100 }),
  },
};

/** A category name runs the mix of its sub-suites. */
const CATEGORIES: Record<string, string[]> = {
  deductive: ['deductive/prontoqa'],
};

export function describeSuites(): { name: string; description: string; size: number }[] {
  const categories = Object.entries(CATEGORIES).map(([name, members]) => ({
    name,
    description: `mix of ${members.join(', ')}`,
    size: members.reduce((sum, member) => sum + (SUITES[member]?.size ?? 0), 0),
  }));
  const suites = Object.entries(SUITES).map(([name, entry]) => ({
    name,
    description: entry.description,
    size: entry.size,
  }));
  return [...categories, ...suites];
}

/** Items of a named suite or category, reproducible from seed and split. */
export function loadSuite(name: string, options: SuiteOptions = {}): EvalItem[] {
  const resolved = { seed: options.seed ?? DEFAULT_SUITE_SEED, split: options.split ?? 'test' };
  const members = CATEGORIES[name] ?? (SUITES[name] ? [name] : undefined);
  if (!members) {
    const known = [...Object.keys(CATEGORIES), ...Object.keys(SUITES)].join(', ');
    throw new InvalidInputError(`Unknown suite "${name}"; choose one of ${known}.`);
  }
  return members.flatMap((member) => SUITES[member]?.load(resolved) ?? []);
}

export interface DataFileOptions {
  /** Item field -> column for JSONL and CSV files (`--field question=prompt`). */
  fields?: LoadRecordsOptions['fields'];
  /** Answer format for BBH, JSONL and CSV files. Default: inferred. */
  format?: AnswerFormat;
}

/**
 * Items from a dataset file: Logic-LM JSON (an array of records),
 * BIG-Bench-Hard JSON (`{examples: [...]}`), or JSONL / CSV records.
 */
export function loadDataFile(file: string, options: DataFileOptions = {}): EvalItem[] {
  const extension = extname(file).toLowerCase();
  if (extension === '.jsonl' || extension === '.csv') {
    return loadRecords(file, readText(file), options);
  }
  if (extension !== '.json') {
    throw new InvalidInputError(
      `Cannot read ${basename(file)}: --data takes .json (Logic-LM or BIG-Bench-Hard), .jsonl or .csv files.`,
    );
  }
  const text = readText(file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Logic-LM's loader reports the line of the syntax error.
    return loadLogicLm(file);
  }
  if (isBbhData(data)) return loadBbh(file, text, options.format ? { format: options.format } : {});
  return loadLogicLm(file);
}

/**
 * Re-poses items in another answer format (e.g. letters as truth words),
 * mapping the gold letter through its option's text.
 */
export function withFormat(items: EvalItem[], format: AnswerFormat): EvalItem[] {
  return items.map((item) => {
    if (item.format === format) return item;
    if (item.format !== 'letter' || !item.options) {
      throw new InvalidInputError(
        `Item ${item.id} is in format ${item.format} and cannot be re-posed as ${format}; drop --format.`,
      );
    }
    const option = item.options.find((text) => optionLetter(text) === item.answer);
    const gold = option ? normalizeAnswer(option.replace(/^\(?[A-Z][).:]\s*/, ''), format) : null;
    if (gold === null) {
      throw new InvalidInputError(
        `Item ${item.id}'s gold option "${option ?? item.answer}" is not a ${format} answer; drop --format.`,
      );
    }
    return { ...item, format, answer: gold, options: null };
  });
}

function optionLetter(option: string): string | undefined {
  return /^\(?([A-Z])[).:]/.exec(option.trim())?.[1];
}
