import type { Random } from '../../util/random.js';
import { COLOURS, PSEUDO_WORDS, type RulesSplit } from './rules-vocabulary.js';

/**
 * What a function word does. Unary words follow a primitive and bind
 * tightest ("dax fep"); binary words stand between two terms and group
 * from the left ("dax kiki lug blicket wif" is "(dax kiki lug) blicket wif").
 */
export type GrammarFunction = 'twice' | 'thrice' | 'after' | 'around' | 'and' | 'surround';

export const GRAMMAR_FUNCTIONS: readonly GrammarFunction[] = [
  'twice',
  'thrice',
  'after',
  'around',
  'and',
  'surround',
];

const UNARY = new Set<GrammarFunction>(['twice', 'thrice']);
const BINARY = GRAMMAR_FUNCTIONS.filter((name) => !UNARY.has(name));

export interface GrammarRule {
  /** Primitive word to the colour it stands for. */
  primitives: Record<string, string>;
  /** Function word to what it does. */
  functions: Record<string, GrammarFunction>;
}

export interface GrammarExample {
  phrase: string[];
  output: string[];
}

/** One application while evaluating: the words it covers and their meaning. */
export interface GrammarStep {
  words: string[];
  value: string[];
}

function apply(name: GrammarFunction, left: string[], right: string[]): string[] {
  switch (name) {
    case 'twice':
      return [...left, ...left];
    case 'thrice':
      return [...left, ...left, ...left];
    case 'after':
      return [...right, ...left];
    case 'around':
      return [...left, ...right, ...left];
    case 'and':
      return [...left, ...right];
    case 'surround':
      return [...right, ...left, ...right];
  }
}

/**
 * The primitive words a phrase expands to, with each application, or
 * null when the phrase does not parse with these functions.
 */
export function expandPhrase(
  phrase: readonly string[],
  functions: Readonly<Record<string, GrammarFunction>>,
): { words: string[]; steps: GrammarStep[] } | null {
  const steps: GrammarStep[] = [];
  let position = 0;
  const term = (): string[] | null => {
    const word = phrase[position];
    if (word === undefined || functions[word] !== undefined) return null;
    const start = position++;
    let value = [word];
    let next = functions[phrase[position] ?? ''];
    while (next !== undefined && UNARY.has(next)) {
      value = apply(next, value, []);
      position++;
      steps.push({ words: phrase.slice(start, position), value });
      next = functions[phrase[position] ?? ''];
    }
    return value;
  };

  let value = term();
  while (value !== null && position < phrase.length) {
    const name = functions[phrase[position] ?? ''];
    if (!name || UNARY.has(name)) return null;
    position++;
    const right = term();
    if (right === null) return null;
    value = apply(name, value, right);
    steps.push({ words: phrase.slice(0, position), value });
  }
  return value === null ? null : { words: value, steps };
}

/**
 * Whether the examples pin the answer down: under every reading of the
 * function words (a library function each, or a plain colour word) that
 * explains all examples with some colour per primitive word, the query
 * parses, each of its words has a colour the examples fix, and the
 * colours are `answer`.
 */
export function isGrammarIdentifiable(options: {
  examples: readonly GrammarExample[];
  query: readonly string[];
  answer: readonly string[];
  functionWords: readonly string[];
}): boolean {
  const { examples, query, answer, functionWords } = options;
  for (const functions of assignments(functionWords)) {
    const colours = new Map<string, string>();
    const fits = examples.every((example) => {
      const expanded = expandPhrase(example.phrase, functions);
      if (!expanded || expanded.words.length !== example.output.length) return false;
      return expanded.words.every((word, index) => {
        const colour = example.output[index] ?? '';
        if ((colours.get(word) ?? colour) !== colour) return false;
        colours.set(word, colour);
        return true;
      });
    });
    if (!fits) continue;

    const expanded = expandPhrase(query, functions);
    const meaning = expanded?.words.map((word) => colours.get(word) ?? '?');
    if (meaning?.join(' ') !== answer.join(' ')) return false;
  }
  return true;
}

function* assignments(words: readonly string[]): Generator<Record<string, GrammarFunction>> {
  const [first, ...rest] = words;
  if (first === undefined) {
    yield {};
    return;
  }
  for (const tail of assignments(rest)) {
    yield tail;
    for (const name of GRAMMAR_FUNCTIONS) yield { ...tail, [first]: name };
  }
}

export interface GrammarDraft {
  rule: GrammarRule;
  examples: GrammarExample[];
  query: string[];
}

/** Query shapes by depth: U is a unary word, B a binary one. */
const SHAPES: Readonly<Record<number, readonly string[]>> = {
  1: ['U', 'B'],
  2: ['UB', 'BU', 'BB'],
};

/**
 * A random grammar, a query with `depth` function applications, and
 * `count` examples: first one per function word, then random short
 * phrases. The caller checks that the examples identify the answer.
 */
export function drawGrammar(
  random: Random,
  options: { split: RulesSplit; depth: number; count: number },
): GrammarDraft {
  const words = PSEUDO_WORDS[options.split];
  const primitiveWords = random.shuffle(words.primitives).slice(0, random.int(3, 4));
  const colours = random.shuffle(COLOURS);
  const primitives = Object.fromEntries(primitiveWords.map((word, i) => [word, colours[i] ?? '']));

  const shape = random.pick(SHAPES[options.depth] ?? ['U']);
  const [unary = '', binary = '', other = ''] = random.shuffle(words.functions);
  const [firstBinary = 'and', otherBinary = 'after'] = random.shuffle(BINARY);
  const functions: Record<string, GrammarFunction> = {
    [unary]: random.pick(GRAMMAR_FUNCTIONS.filter((name) => UNARY.has(name))),
    [binary]: firstBinary,
    [other]: otherBinary,
  };
  const second = random.bool(0.6) ? other : binary;
  const p = () => random.pick(primitiveWords);
  const queries: Record<string, string[]> = {
    U: [p(), unary],
    B: [p(), binary, p()],
    UB: [p(), unary, binary, p()],
    BU: [p(), binary, p(), unary],
    BB: [p(), binary, p(), second, p()],
  };
  const query = queries[shape] ?? [];

  // A word the query does not use sometimes stays in the grammar, as a distractor.
  const used = Object.keys(functions).filter((key) => query.includes(key));
  const unused = Object.keys(functions).filter((key) => !query.includes(key));
  const kept = unused.length > 0 && random.bool(0.4) ? [...used, random.pick(unused)] : used;
  const rule: GrammarRule = {
    primitives,
    functions: Object.fromEntries(
      kept.flatMap((key) => {
        const name = functions[key];
        return name ? [[key, name]] : [];
      }),
    ),
  };

  const phrases: string[][] = [];
  const add = (phrase: string[]): void => {
    const text = phrase.join(' ');
    if (phrases.length >= options.count || text === query.join(' ')) return;
    if (!phrases.some((other) => other.join(' ') === text)) phrases.push(phrase);
  };
  const demonstrate = (key: string): string[] => {
    const [left = '', right = ''] = random.shuffle(primitiveWords);
    const name = rule.functions[key];
    return name !== undefined && UNARY.has(name) ? [left, key] : [left, key, right];
  };

  // Each function word is shown at least once, as far as the count allows.
  for (const key of kept) {
    for (let tries = 0; tries < 3 && !phrases.some((phrase) => phrase.includes(key)); tries++) {
      add(demonstrate(key));
    }
  }
  for (let tries = 0; tries < 60 && phrases.length < options.count; tries++) {
    add(random.bool(0.3) ? [random.pick(primitiveWords)] : demonstrate(random.pick(kept)));
  }
  const examples = random
    .shuffle(phrases)
    .map((phrase) => ({ phrase, output: meaning(rule, phrase) }));
  return { rule, examples, query };
}

/** The colours a phrase stands for under a rule. */
export function meaning(rule: GrammarRule, phrase: readonly string[]): string[] {
  const expanded = expandPhrase(phrase, rule.functions);
  return (expanded?.words ?? []).map((word) => rule.primitives[word] ?? '?');
}

export function describeFunction(word: string, name: GrammarFunction): string {
  const descriptions: Record<GrammarFunction, string> = {
    twice: `"x ${word}" repeats x twice.`,
    thrice: `"x ${word}" repeats x three times.`,
    after: `"x ${word} y" is y followed by x.`,
    around: `"x ${word} y" is x, then y, then x again.`,
    and: `"x ${word} y" is x followed by y.`,
    surround: `"x ${word} y" is y, then x, then y again.`,
  };
  return descriptions[name];
}
