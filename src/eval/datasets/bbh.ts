import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { normalizeAnswer } from '../../answers/normalize.js';
import { DatasetError } from '../../core/errors.js';
import type { AnswerFormat } from '../../core/reasoner.js';
import type { EvalItem } from '../item.js';
import { inferFormat } from './infer-format.js';

const BbhFile = z.object({
  examples: z.array(z.object({ input: z.string().min(1), target: z.string().min(1) })),
});

export interface LoadBbhOptions {
  /** Answer format. Default: inferred from the targets. */
  format?: AnswerFormat;
  /** Default: `data/bbh/<file name>`. */
  suite?: string;
  /** Default: `bbh`. */
  category?: string;
}

/**
 * Loads a BIG-Bench-Hard task file: `{"examples": [{"input", "target"}]}`.
 * The options of multiple-choice tasks stay inside the input text, as BBH
 * publishes them; the gold target is normalised to the format.
 */
export function loadBbh(file: string, text: string, options: LoadBbhOptions = {}): EvalItem[] {
  const parsed = BbhFile.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const index = typeof path[1] === 'number' ? ` example ${path[1]}` : '';
    const field = path.length > 2 ? String(path[2]) : path.join('.') || 'examples';
    throw new DatasetError(
      `${file}:${index} field "${field}": ${issue?.message}. A BIG-Bench-Hard file is {"examples": [{"input": "...", "target": "..."}]}.`,
      { file, field },
    );
  }

  const examples = parsed.data.examples;
  const format = options.format ?? inferFormat(examples.map((example) => example.target));
  const name = basename(file, extname(file));
  return examples.map((example, index) => {
    const answer = normalizeAnswer(example.target, format);
    if (answer === null) {
      throw new DatasetError(
        `${file}: example ${index} field "target": "${example.target}" is not a ${format} answer; pass --format.`,
        { file, field: 'target' },
      );
    }
    return {
      id: `${name}-${String(index + 1).padStart(4, '0')}`,
      question: example.input,
      context: null,
      options: null,
      answer,
      format,
      category: options.category ?? 'bbh',
      suite: options.suite ?? `data/bbh/${name}`,
      difficulty: {},
      goldReasoning: null,
    };
  });
}

/** Whether parsed JSON looks like a BIG-Bench-Hard file. */
export function isBbhData(data: unknown): boolean {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && 'examples' in data;
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (cause) {
    throw new DatasetError(`Cannot read ${file}. Check the path and its permissions.`, {
      file,
      cause,
    });
  }
}
