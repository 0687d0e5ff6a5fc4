import { readFileSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { z } from 'zod';
import { labelOptions } from '../../answers/options.js';
import { DatasetError } from '../../core/errors.js';
import type { EvalItem } from '../item.js';
import { jsonErrorOffset } from './json-error-offset.js';

/** One record of a Logic-LM release file (ProntoQA, ProofWriter, FOLIO, ...). */
const LogicLmRecord = z.object({
  id: z.union([z.string().min(1), z.number()]),
  context: z.string(),
  question: z.string().min(1),
  options: z.array(z.string().min(1)).min(2),
  answer: z.string().min(1),
  explanation: z.array(z.string()).nullish(),
});
type LogicLmRecord = z.infer<typeof LogicLmRecord>;

const KNOWN_SUITES: Readonly<Record<string, string>> = {
  prontoqa: 'prontoqa',
  proofwriter: 'proofwriter',
  folio: 'folio',
  logicaldeduction: 'logical-deduction',
};

const SHAPE_HINT =
  'Each record needs id, context, question, options (["A) ...", ...]) and answer ("A").';

export interface LoadLogicLmOptions {
  /**
   * Suite of the items. Default: `data/<release>` when the file or its
   * folder is named after a known release (`data/prontoqa`, `data/folio`,
   * `data/proofwriter`, `data/logical-deduction`), else `data/<file name
   * without extension>`. Generated suites such as `deductive/prontoqa`
   * keep their own names, so results of the two never mix.
   */
  suite?: string;
  /** Category of the items. Default: `deductive`. */
  category?: string;
}

export interface ParseLogicLmOptions extends LoadLogicLmOptions {
  /** The file the text came from, named in errors and used to infer the suite. */
  file: string;
}

/**
 * Loads a file in the published Logic-LM JSON format: an array of
 * `{ id, context, question, options, answer, explanation? }`. Items are
 * `letter` items with the gold letter upper-cased; the explanation, when
 * there is one, becomes the gold reasoning.
 *
 * @throws DatasetError naming the file, the record's line and the field
 * when the file cannot be read or a record is malformed.
 */
export function loadLogicLm(file: string, options: LoadLogicLmOptions = {}): EvalItem[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DatasetError(`Cannot read ${file}. Check the path and its permissions.`, {
      file,
      cause: error,
    });
  }
  return parseLogicLm(text, { ...options, file });
}

/** Parses the text of a Logic-LM file; see `loadLogicLm`. */
export function parseLogicLm(source: string, options: ParseLogicLmOptions): EvalItem[] {
  const { file } = options;
  // A byte-order mark is legal in a file but not in JSON.
  const text = source.replace(/^\uFEFF/, '');

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const line = jsonErrorLine(text);
    const where = line === undefined ? file : `${file}:${line}`;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetError(`${where}: not valid JSON (${reason}). Fix the syntax.`, {
      file,
      ...(line !== undefined && { line }),
      cause: error,
    });
  }

  if (!Array.isArray(data)) {
    throw new DatasetError(
      `${file}:1: expected a JSON array of records, found ${describe(data)}. ${SHAPE_HINT}`,
      { file, line: 1 },
    );
  }

  const suite = options.suite ?? inferSuite(file);
  const category = options.category ?? 'deductive';
  const lines = recordLines(text);
  const seen = new Map<string, number>();

  return data.map((value: unknown, index) => {
    const line = lines[index];
    const fail = (field: string | undefined, problem: string): never => {
      const where = line === undefined ? file : `${file}:${line}`;
      const subject = field === undefined ? '' : ` field "${field}"`;
      throw new DatasetError(`${where}: record at index ${index}${subject} ${problem}`, {
        file,
        ...(line !== undefined && { line }),
        ...(field !== undefined && { field }),
      });
    };

    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return fail(undefined, `is ${describe(value)}, not an object. ${SHAPE_HINT}`);
    }
    const parsed = LogicLmRecord.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path ?? [];
      const field = fieldName(path);
      const actual = path.reduce<unknown>((current, key) => member(current, key), value);
      const problem =
        actual === undefined
          ? `is missing. ${SHAPE_HINT}`
          : `is invalid: ${issue?.message ?? 'wrong type'}. ${SHAPE_HINT}`;
      return fail(field || undefined, problem);
    }

    const record = parsed.data;
    const id = String(record.id);
    const previous = seen.get(id);
    if (previous !== undefined) {
      fail('id', `"${id}" repeats the id of the record at index ${previous}. Make ids unique.`);
    }
    seen.set(id, index);
    return toItem(record, { id, suite, category, fail });
  });
}

interface ItemContext {
  id: string;
  suite: string;
  category: string;
  fail: (field: string, problem: string) => never;
}

function toItem(record: LogicLmRecord, context: ItemContext): EvalItem {
  const labelled = labelOptions(record.options);
  record.options.forEach((option, index) => {
    if (!/^\s*\(?\s*[A-Za-z]\s*[).:]/.test(option)) {
      context.fail(`options[${index}]`, `"${option}" has no letter label. Write it as "A) ...".`);
    }
  });
  const letters = labelled.map((option) => option.letter);
  if (new Set(letters).size !== letters.length) {
    context.fail('options', `repeat a letter (${letters.join(', ')}). Give each option its own.`);
  }

  const answer = record.answer
    .trim()
    .replace(/^\(?\s*([A-Za-z])\s*\)?$/, '$1')
    .toUpperCase();
  if (!letters.includes(answer)) {
    context.fail(
      'answer',
      `is "${record.answer}", not one of the option letters ${letters.join(', ')}. ` +
        'Set it to the letter of the correct option.',
    );
  }

  return {
    id: context.id,
    question: record.question,
    context: record.context.trim() === '' ? null : record.context,
    options: record.options,
    answer,
    format: 'letter',
    category: context.category,
    suite: context.suite,
    difficulty: inferDifficulty(record, context.suite),
    goldReasoning: record.explanation ?? null,
  };
}

function inferSuite(file: string): string {
  const name = basename(file, extname(file));
  for (const part of [name, basename(dirname(file))]) {
    const key = part.toLowerCase().replace(/[^a-z0-9]/g, '');
    const known = Object.keys(KNOWN_SUITES).find((candidate) => key.includes(candidate));
    if (known) return `data/${KNOWN_SUITES[known]}`;
  }
  return `data/${name}`;
}

/** Difficulty the releases carry implicitly; empty when there is none. */
function inferDifficulty(record: LogicLmRecord, suite: string): Record<string, number> {
  const depth = /-D(\d+)-/.exec(String(record.id))?.[1];
  if (suite === 'data/proofwriter' && depth) return { depth: Number(depth) };
  if (suite === 'data/logical-deduction') return { objects: record.options.length };

  // A ProntoQA proof is the fact, then a rule and a conclusion per hop.
  const steps = record.explanation?.length ?? 0;
  if (suite === 'data/prontoqa' && steps >= 3 && steps % 2 === 1) {
    return { hops: (steps - 1) / 2 };
  }
  return {};
}

/** The 1-based line on which each element of a top-level JSON array starts. */
function recordLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expecting = false;

  for (const character of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (character === '\\') escaped = true;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '\n') line++;
    if (/\s/.test(character)) continue;
    if (depth === 1 && character === ',') {
      expecting = true;
      continue;
    }
    if (depth === 1 && expecting && character !== ']') {
      lines.push(line);
      expecting = false;
    }
    if (character === '"') inString = true;
    else if (character === '{' || character === '[') {
      depth++;
      if (depth === 1) expecting = true;
    } else if (character === '}' || character === ']') depth--;
  }
  return lines;
}

/** The line on which a text that JSON.parse rejected goes wrong. */
function jsonErrorLine(text: string): number | undefined {
  const offset = jsonErrorOffset(text);
  return offset === null ? undefined : text.slice(0, offset).split('\n').length;
}

/** A zod issue path as a field name, e.g. `options[2]`. */
function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      return `${index === 0 ? '' : '.'}${String(key)}`;
    })
    .join('');
}

function member(value: unknown, key: PropertyKey): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return (value as Record<PropertyKey, unknown>)[key];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
