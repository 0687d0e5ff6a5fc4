import { describe, expect, it } from 'vitest';
import { normalizeAnswer } from '../../../src/answers/normalize.js';
import { InvalidInputError } from '../../../src/core/errors.js';
import {
  generateRules,
  type HiddenRule,
  rulesItem,
  rulesItemWithRule,
} from '../../../src/eval/generators/rules.js';
import { LIST_LIBRARY } from '../../../src/eval/generators/rules-list.js';
import { PSEUDO_WORDS } from '../../../src/eval/generators/rules-vocabulary.js';
import { EvalItem } from '../../../src/eval/item.js';

type Step = [name: string, parameter: number | null];

/** The test's own reading of each list primitive. */
function run([name, parameter]: Step, list: number[]): number[] {
  const n = parameter ?? 0;
  switch (name) {
    case 'add':
      return list.map((x) => x + n);
    case 'multiply':
      return list.map((x) => x * n);
    case 'square':
      return list.map((x) => x ** 2);
    case 'reverse':
      return list.map((_, i) => list[list.length - 1 - i] ?? 0);
    case 'sort':
      return [...list].sort((a, b) => a - b);
    case 'sort-descending':
      return [...list].sort((a, b) => a - b).reverse();
    case 'take':
      return list.filter((_, i) => i < n);
    case 'drop':
      return list.filter((_, i) => i >= n);
    case 'remove-evens':
      return list.filter((x) => x % 2 === 1);
    case 'remove-odds':
      return list.filter((x) => x % 2 === 0);
    case 'keep-greater':
      return list.filter((x) => x > n);
    case 'dedupe':
      return [...new Set(list)];
    case 'rotate-left':
      return list.length === 0 ? [] : [...list.slice(1), list[0] ?? 0];
    case 'rotate-right':
      return list.length === 0 ? [] : [list.at(-1) ?? 0, ...list.slice(0, -1)];
    default:
      throw new Error(`Unknown primitive ${name}`);
  }
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const LIBRARY: Step[] = [
  ...range(1, 9).map((n): Step => ['add', n]),
  ...[2, 3].map((n): Step => ['multiply', n]),
  ...range(1, 3).map((n): Step => ['take', n]),
  ...range(1, 3).map((n): Step => ['drop', n]),
  ...range(1, 7).map((n): Step => ['keep-greater', n]),
  ...['square', 'reverse', 'sort', 'sort-descending', 'remove-evens', 'remove-odds', 'dedupe'].map(
    (name): Step => [name, null],
  ),
  ['rotate-left', null],
  ['rotate-right', null],
];

function readList(text: string): number[] {
  const body = text.replace(/^\[|\]$/g, '').trim();
  return body === '' ? [] : body.split(', ').map(Number);
}

function listParts(item: EvalItem): { examples: [number[], number[]][]; query: number[] } {
  const lines = (item.context ?? '').split('\n').slice(1);
  const examples = lines.map((line): [number[], number[]] => {
    const [input = '', output = ''] = line.split(' -> ');
    return [readList(input), readList(output)];
  });
  const query = readList(/turn (\[[^\]]*\]) into/.exec(item.question)?.[1] ?? '');
  return { examples, query };
}

const show = (list: number[]) => (list.length === 0 ? '[]' : list.join(', '));

/** The test's own grammar reader: unary words bind to the word before, binary ones group left. */
function expand(phrase: string[], readings: Map<string, string>): string[] | null {
  const words = [...phrase];
  const term = (): string[] | null => {
    const head = words.shift();
    if (head === undefined || readings.has(head)) return null;
    let value = [head];
    while (['twice', 'thrice'].includes(readings.get(words[0] ?? '') ?? '')) {
      const times = readings.get(words.shift() ?? '') === 'twice' ? 2 : 3;
      value = Array.from({ length: times }, () => value).flat();
    }
    return value;
  };
  let value = term();
  while (value && words.length > 0) {
    const reading = readings.get(words.shift() ?? '');
    const right = term();
    if (!right || !reading) return null;
    const x = value;
    const forms: Record<string, string[][]> = {
      and: [x, right],
      after: [right, x],
      around: [x, right, x],
      surround: [right, x, right],
    };
    const form = forms[reading];
    if (!form) return null;
    value = form.flat();
  }
  return value;
}

function grammarParts(item: EvalItem): { examples: [string[], string[]][]; query: string[] } {
  const lines = (item.context ?? '').split('\n').slice(1);
  const examples = lines.map((line): [string[], string[]] => {
    const [phrase = '', colours = ''] = line.split(' -> ');
    return [phrase.split(' '), colours.split(' ')];
  });
  const query = (/^What does "([^"]+)"/.exec(item.question)?.[1] ?? '').split(' ');
  return { examples, query };
}

/** Answers under every reading of the function words that fits the examples. */
function grammarAnswers(item: EvalItem, functionWords: string[]): Set<string> {
  const { examples, query } = grammarParts(item);
  const choices = ['colour', 'twice', 'thrice', 'and', 'after', 'around', 'surround'];
  const answers = new Set<string>();
  const total = choices.length ** functionWords.length;
  for (let code = 0; code < total; code++) {
    const readings = new Map<string, string>();
    functionWords.forEach((word, i) => {
      const choice = choices[Math.floor(code / choices.length ** i) % choices.length] ?? 'colour';
      if (choice !== 'colour') readings.set(word, choice);
    });
    const colours = new Map<string, string>();
    const fits = examples.every(([phrase, output]) => {
      const words = expand(phrase, readings);
      if (words?.length !== output.length) return false;
      return words.every((word, i) => {
        const before = colours.get(word);
        colours.set(word, output[i] ?? '');
        return before === undefined || before === output[i];
      });
    });
    if (!fits) continue;
    const words = expand(query, readings);
    answers.add(words ? words.map((word) => colours.get(word) ?? '?').join(', ') : 'no parse');
  }
  return answers;
}

function checkList(item: EvalItem, rule: Extract<HiddenRule, { kind: 'list' }>): void {
  const steps = rule.steps.map((step): Step => [step.primitive, step.parameter]);
  const apply = (chain: Step[], list: number[]) =>
    chain.reduce((value, step) => run(step, value), list);
  const { examples, query } = listParts(item);
  expect(examples).toHaveLength(item.difficulty.examples ?? 0);
  expect(examples.some(([input]) => show(input) === show(query))).toBe(false);
  for (const [input, output] of examples) expect(apply(steps, input)).toEqual(output);
  expect(show(apply(steps, query))).toBe(item.answer);

  const fits = (chain: Step[]) =>
    examples.every(([input, output]) => show(apply(chain, input)) === show(output));
  for (const first of LIBRARY) {
    if (fits([first])) {
      expect(item.difficulty.depth, `${item.id} also fits ${first}`).toBe(1);
      expect(show(apply([first], query))).toBe(item.answer);
    }
    for (const second of LIBRARY) {
      if (fits([first, second]))
        expect(show(apply([first, second], query)), item.id).toBe(item.answer);
    }
  }
}

function checkGrammar(item: EvalItem, rule: Extract<HiddenRule, { kind: 'grammar' }>): void {
  const readings = new Map(Object.entries(rule.functions));
  const colour = (words: string[] | null) =>
    (words ?? ['?']).map((word) => rule.primitives[word] ?? '?');
  const { examples, query } = grammarParts(item);
  expect(examples).toHaveLength(item.difficulty.examples ?? 0);
  for (const [phrase, output] of examples) expect(colour(expand(phrase, readings))).toEqual(output);
  expect(colour(expand(query, readings)).join(', ')).toBe(item.answer);
  expect([...grammarAnswers(item, Object.keys(rule.functions))], item.id).toEqual([item.answer]);
}

describe('generateRules', () => {
  const splits = ['train', 'dev', 'test'] as const;
  const withRules = (
    split: (typeof splits)[number],
    kind?: 'list' | 'grammar',
    examples?: number,
    count = 200,
  ) =>
    Array.from({ length: count }, (_, index) =>
      rulesItemWithRule({ seed: 4, split, index, kind, examples }),
    );

  it('applies the rule with an independent interpreter; no other rule fits', () => {
    const cases = [
      ...splits.flatMap((split) => withRules(split)),
      ...withRules('dev', 'list', 2, 100),
      ...withRules('dev', 'grammar', 2, 100),
      ...withRules('test', 'grammar', 7, 100),
    ];
    for (const { item, rule } of cases) {
      expect(item.format).toBe('list');
      expect(normalizeAnswer(item.answer, 'list')).toBe(item.answer);
      if (rule.kind === 'list') checkList(item, rule);
      else checkGrammar(item, rule);
    }
  });

  it('brute-forces over the same library the generator uses', () => {
    const key = (name: string, n: number | null) => `${name}:${n}`;
    expect(new Set(LIST_LIBRARY.map((step) => key(step.primitive, step.parameter)))).toEqual(
      new Set(LIBRARY.map(([name, n]) => key(name, n))),
    );
  });

  it('mixes the two kinds evenly, with depths 1 and 2', () => {
    const items = withRules('train');
    const lists = items.filter(({ rule }) => rule.kind === 'list');
    expect(lists).toHaveLength(100);
    expect(new Set(items.map(({ item }) => item.difficulty.depth))).toEqual(new Set([1, 2]));
    const only = generateRules({ seed: 4, count: 20, split: 'dev', kind: 'grammar', depth: 2 });
    expect(only.every((item) => item.context?.startsWith('In an invented language'))).toBe(true);
    expect(only.every((item) => item.difficulty.depth === 2)).toBe(true);
  });

  it('produces valid items, reproducibly and item by item', () => {
    const items = generateRules({ seed: 4, count: 200, split: 'test' });
    for (const item of items) expect(EvalItem.parse(item)).toEqual(item);
    expect(items[0]).toMatchObject({
      id: 'rules-test-0001',
      suite: 'inductive/rules',
      category: 'inductive',
    });
    expect(generateRules({ seed: 4, count: 50, split: 'test' })).toEqual(items.slice(0, 50));
    expect(items).toEqual(withRules('test').map(({ item }) => item));
    expect(rulesItem({ seed: 4, split: 'test', index: 123 })).toEqual(items[123]);
  });

  it('keeps splits disjoint: own words for grammars, own query lists for list functions', () => {
    const sets = splits.map((split) => generateRules({ seed: 4, count: 600, split }));
    splits.forEach((split, position) => {
      const own = new Set([...PSEUDO_WORDS[split].primitives, ...PSEUDO_WORDS[split].functions]);
      for (const item of sets[position] ?? []) {
        if (!item.context?.startsWith('In an invented language')) continue;
        const words = grammarParts(item).examples.flatMap(([phrase]) => phrase);
        for (const word of [...words, ...grammarParts(item).query])
          expect(own.has(word)).toBe(true);
      }
    });
    const queries = sets.map(
      (items) =>
        new Set(
          items
            .filter((item) => item.context?.startsWith('One hidden'))
            .map((item) => show(listParts(item).query)),
        ),
    );
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      expect([...(queries[a] ?? [])].filter((query) => queries[b]?.has(query))).toEqual([]);
    }
  });

  it('repeats items within a split rarely', () => {
    for (const kind of ['list', 'grammar'] as const) {
      const items = generateRules({ seed: 8, count: 2000, split: 'train', kind, depth: 1 });
      const repeats = 2000 - new Set(items.map((item) => `${item.context}\n${item.question}`)).size;
      expect(repeats, kind).toBeLessThanOrEqual(2);
    }
  });

  it('rejects impossible options', () => {
    for (const knobs of [{ depth: 3 }, { examples: 1 }, { examples: 11 }, { depth: 1.5 }]) {
      expect(() => generateRules({ seed: 1, count: 1, split: 'dev', ...knobs })).toThrow(
        InvalidInputError,
      );
    }
    expect(() => rulesItem({ seed: 1, split: 'dev', index: -2 })).toThrow(InvalidInputError);
  });
});
