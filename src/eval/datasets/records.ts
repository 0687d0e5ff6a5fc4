import { basename, extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { normalizeAnswer } from '../../answers/normalize.js';
import { DatasetError } from '../../core/errors.js';
import type { AnswerFormat } from '../../core/reasoner.js';
import type { EvalItem } from '../item.js';
import { inferFormat } from './infer-format.js';

/** Item fields a record can map from its own columns. */
export type MappedField = 'id' | 'question' | 'context' | 'options' | 'answer' | 'category';

export interface LoadRecordsOptions {
  /** Item field -> the record's column, e.g. `{question: 'prompt', answer: 'label'}`. Default: same names. */
  fields?: Partial<Record<MappedField, string>>;
  /** Answer format. Default: inferred from the gold answers. */
  format?: AnswerFormat;
  /** Default: `data/<file name>`. */
  suite?: string;
  /** Default: `data`. */
  category?: string;
}

interface Row {
  line: number;
  values: Record<string, unknown>;
}

/**
 * Loads JSONL (one object per line) or CSV (a header row) with a field
 * mapping. `options` may be a JSON array or `|`-separated text. Errors
 * name the file, the line and the field, and say how to map it.
 */
export function loadRecords(
  file: string,
  text: string,
  options: LoadRecordsOptions = {},
): EvalItem[] {
  const rows = extname(file).toLowerCase() === '.csv' ? csvRows(file, text) : jsonlRows(file, text);
  const column = (field: MappedField) => options.fields?.[field] ?? field;

  const fail = (row: Row, field: MappedField, problem: string): never => {
    const mapped = column(field);
    throw new DatasetError(
      `${file}:${row.line}: field "${mapped}" ${problem}. Map another column with --field ${field}=<column>.`,
      { file, line: row.line, field: mapped },
    );
  };
  const text_ = (row: Row, field: MappedField, required: boolean): string | null => {
    const value = row.values[column(field)];
    if (value === undefined || value === null || value === '') {
      return required ? fail(row, field, 'is missing') : null;
    }
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return typeof value === 'string' ? value : fail(row, field, `is ${typeof value}, not text`);
  };

  const golds = rows.map((row) => text_(row, 'answer', true) ?? '');
  const format = options.format ?? inferFormat(golds);
  const name = basename(file, extname(file));
  const seen = new Set<string>();

  return rows.map((row, index) => {
    const id = text_(row, 'id', false) ?? `${name}-${String(index + 1).padStart(4, '0')}`;
    if (seen.has(id)) fail(row, 'id', `"${id}" repeats an earlier id; make ids unique`);
    seen.add(id);

    const gold = golds[index] ?? '';
    const answer = normalizeAnswer(gold, format);
    if (answer === null) fail(row, 'answer', `"${gold}" is not a ${format} answer (pass --format)`);
    return {
      id,
      question: text_(row, 'question', true) ?? '',
      context: text_(row, 'context', false),
      options: optionsOf(row, column('options'), () => fail(row, 'options', 'must be a list')),
      answer: answer ?? '',
      format,
      category: text_(row, 'category', false) ?? options.category ?? 'data',
      suite: options.suite ?? `data/${name}`,
      difficulty: {},
      goldReasoning: null,
    };
  });
}

function optionsOf(row: Row, column: string, fail: () => never): string[] | null {
  const value = row.values[column];
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return fail();
  if (value.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON: fall back to the `|` separated form.
    }
  }
  return value.split('|').map((option) => option.trim());
}

function jsonlRows(file: string, text: string): Row[] {
  const rows: Row[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    let values: unknown;
    try {
      values = JSON.parse(line);
    } catch (cause) {
      throw new DatasetError(
        `${file}:${index + 1}: not valid JSON. Each line must be one JSON object.`,
        {
          file,
          line: index + 1,
          cause,
        },
      );
    }
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw new DatasetError(`${file}:${index + 1}: expected a JSON object on this line.`, {
        file,
        line: index + 1,
      });
    }
    rows.push({ line: index + 1, values: values as Record<string, unknown> });
  }
  return rows;
}

function csvRows(file: string, text: string): Row[] {
  try {
    const records = parseCsv(text, {
      columns: true,
      skip_empty_lines: true,
      info: true,
      trim: true,
    }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
    return records.map(({ record, info }) => ({ line: info.lines, values: record }));
  } catch (cause) {
    const line =
      typeof cause === 'object' && cause !== null ? Reflect.get(cause, 'lines') : undefined;
    const where = typeof line === 'number' ? `${file}:${line}` : file;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new DatasetError(`${where}: not valid CSV (${reason}).`, {
      file,
      ...(typeof line === 'number' && { line }),
      cause,
    });
  }
}
