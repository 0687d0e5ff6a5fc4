import { basename, extname } from 'node:path';
import { normalizeAnswer } from '../answers/normalize.js';
import { DatasetError, InvalidInputError } from '../core/errors.js';
import type { AnswerFormat } from '../core/reasoner.js';
import { isBbhData, loadBbh, readText } from './datasets/bbh.js';
import { loadLogicLm } from './datasets/logic-lm.js';
import { type LoadRecordsOptions, loadRecords } from './datasets/records.js';
import { generateCorr2cause } from './generators/corr2cause.js';
import { kinshipItem } from './generators/kinship.js';
import { ladderItem } from './generators/ladder.js';
import { proofwriterItem } from './generators/proofwriter.js';
import { prontoqaItems } from './generators/prontoqa.js';
import { rulesItem } from './generators/rules.js';
import { checkChoice, checkWholeNumbers, optionsObject } from '../util/check-options.js';
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
  /** Items in all. Default: the suite's size (100). */
  count?: number;
}

interface SuiteEntry {
  description: string;
  /** Items of one split, streamed: `count` of them. */
  items(seed: number, split: Split, count: number): Iterable<EvalItem>;
}

/** Items per split of every generated suite unless `count` says otherwise. */
export const DEFAULT_SUITE_SIZE = 100;

function* byIndex(count: number, item: (index: number) => EvalItem): Generator<EvalItem> {
  for (let index = 0; index < count; index++) yield item(index);
}

const SUITES: Record<string, SuiteEntry> = {
  'deductive/prontoqa': {
    description: 'PrOntoQA-style fictional concept chains, 1-5 hops, True/False',
    items: (seed, split, count) => prontoqaItems({ seed, split, count }),
  },
  'deductive/proofwriter': {
    description: 'ProofWriter-style facts and rules, depth 0-5, True/False/Unknown',
    items: (seed, split, count) =>
      byIndex(count, (index) => proofwriterItem({ seed, split, index })),
  },
  'inductive/kinship': {
    description: 'CLUTRR-style kinship composition, 2-6 hops with distractors',
    items: (seed, split, count) => byIndex(count, (index) => kinshipItem({ seed, split, index })),
  },
  'inductive/rules': {
    description: 'hidden list functions and pseudo-word grammars from examples',
    items: (seed, split, count) => byIndex(count, (index) => rulesItem({ seed, split, index })),
  },
  'causal/ladder': {
    description: 'CLadder-style SCMs: association, intervention, counterfactual',
    items: (seed, split, count) => byIndex(count, (index) => ladderItem({ seed, split, index })),
  },
  'causal/corr2cause': {
    description: 'Corr2Cause-style: causal claims from (in)dependences',
    // Few distinct premises exist, so the array form, which never repeats one, is used.
    items: (seed, split, count) => generateCorr2cause({ seed, split, count }),
  },
};

/** A category name runs the mix of its sub-suites. */
const CATEGORIES: Record<string, string[]> = {
  deductive: ['deductive/prontoqa', 'deductive/proofwriter'],
  inductive: ['inductive/kinship', 'inductive/rules'],
  causal: ['causal/ladder', 'causal/corr2cause'],
};

export function describeSuites(): { name: string; description: string; size: number }[] {
  const categories = Object.entries(CATEGORIES).map(([name, members]) => ({
    name,
    description: `mix of ${members.join(', ')}`,
    size: DEFAULT_SUITE_SIZE,
  }));
  const suites = Object.entries(SUITES).map(([name, entry]) => ({
    name,
    description: entry.description,
    size: DEFAULT_SUITE_SIZE,
  }));
  return [...categories, ...suites];
}

/** A suite's items as a stream, with how many there are. */
export interface ItemSource {
  total: number;
  items: Iterable<EvalItem>;
}

/**
 * Items of a named suite or category, reproducible from seed and split.
 * A category interleaves its sub-suites, so any prefix is a mix.
 */
export function suiteItems(name: string, options?: SuiteOptions): ItemSource {
  const checked = optionsObject('suiteItems', options, ['seed', 'split', 'count']);
  checkWholeNumbers('suiteItems', { count: checked.count }, 0);
  checkWholeNumbers('suiteItems', { seed: checked.seed });
  checkChoice('suiteItems', 'split', checked.split, SPLITS);
  const seed = checked.seed ?? DEFAULT_SUITE_SEED;
  const split = checked.split ?? 'test';
  const total = checked.count ?? DEFAULT_SUITE_SIZE;
  const members = CATEGORIES[name] ?? (SUITES[name] ? [name] : undefined);
  if (!members) {
    const known = [...Object.keys(CATEGORIES), ...Object.keys(SUITES)].join(', ');
    throw new InvalidInputError(`Unknown suite "${name}"; choose one of ${known}.`);
  }
  const shares = members.map((_, index) =>
    Math.floor((total + members.length - 1 - index) / members.length),
  );
  return {
    total,
    items: {
      *[Symbol.iterator]() {
        const streams = members.map((member, index) =>
          (SUITES[member] as SuiteEntry).items(seed, split, shares[index] ?? 0)[Symbol.iterator](),
        );
        for (let open = streams.length; open > 0;) {
          open = 0;
          for (const stream of streams) {
            const next = stream.next();
            if (next.done) continue;
            open++;
            yield next.value;
          }
        }
      },
    },
  };
}

/** All items of a suite or category, as an array. */
export function loadSuite(name: string, options?: SuiteOptions): EvalItem[] {
  return [...suiteItems(name, options).items];
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
  if (typeof file !== 'string' || file === '') {
    throw new InvalidInputError(
      'loadDataFile takes the path of a .json (Logic-LM or BIG-Bench-Hard), .jsonl or .csv file.',
    );
  }
  const items = readDataFile(file, options);
  if (items.length === 0) {
    throw new DatasetError(`${file} holds no items; check that it is the file you meant.`, {
      file,
    });
  }
  return items;
}

function readDataFile(file: string, options: DataFileOptions): EvalItem[] {
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
 * Re-poses an item in another answer format (e.g. letters as truth
 * words), mapping the gold letter through its option's text.
 */
export function withFormat(item: EvalItem, format: AnswerFormat): EvalItem {
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
}

function optionLetter(option: string): string | undefined {
  return /^\(?([A-Z])[).:]/.exec(option.trim())?.[1];
}
