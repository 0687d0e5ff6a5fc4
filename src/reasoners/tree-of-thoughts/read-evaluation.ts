import { withoutThinking } from '../../answers/extract.js';
import { parseFirstJson } from '../../util/json-value.js';

/**
 * Scores of the verdict words an evaluator may reply with: `sure` the
 * state will reach a solution, `likely` it may, `impossible` it cannot.
 */
export const VALUE_WORDS: Readonly<Record<string, number>> = {
  sure: 1,
  likely: 0.5,
  impossible: 0,
};

export type ValueReading =
  | {
      ok: true;
      /** From 0 (hopeless) to 1 (certain). */
      score: number;
      /** The verdict word, or the number as written in JSON. */
      label: string;
    }
  | { ok: false };

export type VoteReading = { ok: true; choice: number } | { ok: false };

const WORD = new RegExp(`\\b(${Object.keys(VALUE_WORDS).join('|')})\\b`, 'gi');

/**
 * Reads a value reply. The first JSON value in it wins when it is an
 * object whose `value` is a number from 0 to 1 or a verdict word, as in
 * `{"value": 0.9} Hope this helps.`; otherwise the last verdict word in
 * the text is read (replies reason first and conclude last).
 */
export function readValue(raw: string): ValueReading {
  const reply = withoutThinking(raw);
  const json = parseFirstJson(reply);
  if (json.ok && typeof json.value === 'object' && json.value !== null) {
    const value: unknown = 'value' in json.value ? json.value.value : undefined;
    if (typeof value === 'number' && value >= 0 && value <= 1) {
      return { ok: true, score: value, label: String(value) };
    }
    if (typeof value === 'string') return readWord(value);
  }
  return readWord(reply);
}

/**
 * Reads a vote reply such as `... The best choice is 2` into a 0-based
 * choice among `count` candidates; the last such statement counts.
 */
export function readVote(reply: string, count: number): VoteReading {
  const statements = [
    ...reply.matchAll(/best\s+choice\s+is\s*[:#]?\s*(?:choice\s*|candidate\s*)?#?(\d+)/gi),
  ];
  const number = Number(statements.at(-1)?.[1]);
  if (!Number.isInteger(number) || number < 1 || number > count) return { ok: false };
  return { ok: true, choice: number - 1 };
}

function readWord(text: string): ValueReading {
  // "not sure" and "not impossible" deny the verdict they name: not a reading.
  const words = [...text.matchAll(WORD)].filter(
    (match) => !/\b(?:not|n't|never|hardly)\s*$/i.test(text.slice(0, match.index)),
  );
  const word = words.at(-1)?.[1]?.toLowerCase();
  const score = word === undefined ? undefined : VALUE_WORDS[word];
  return word === undefined || score === undefined
    ? { ok: false }
    : { ok: true, score, label: word };
}
