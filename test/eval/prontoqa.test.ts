import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/errors.js';
import { generateProntoqa, oneRuleForm } from '../../src/eval/generators/prontoqa.js';
import { EvalItem } from '../../src/eval/item.js';

type Verdict = 'true' | 'false' | 'unknown' | 'contradiction';

interface Theory {
  entity: string;
  start: string;
  /** Concept to the concepts it is a kind of. */
  subtypes: Map<string, string[]>;
  /** Concept to the properties its members have, `not x` for negated. */
  properties: Map<string, string[]>;
}

interface Derivation {
  verdict: Verdict;
  /** Rule applications needed to reach the asked property, when reached. */
  depth: number | null;
}

/** Singular of a plural concept, e.g. `wumpuses` to `wumpus`. */
function singular(word: string): string {
  return /(?:s|x|z|ch|sh)es$/.test(word) ? word.slice(0, -2) : word.replace(/s$/, '');
}

function add(map: Map<string, string[]>, key: string, value: string): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

/**
 * Reads the context back into rules, without using anything from the
 * generator. A word after "are" is a concept when it is the plural of a
 * concept named elsewhere, else a property.
 */
function parseTheory(context: string): Theory {
  const sentences = context.split(/(?<=\.)\s+/);
  const plurals: [string, string, boolean][] = [];
  const concepts = new Set<string>();
  const theory: Theory = { entity: '', start: '', subtypes: new Map(), properties: new Map() };

  for (const sentence of sentences) {
    const quantified = /^(?:Every|Each) (\w+) is (not )?(?:an? (\w+)|(\w+))\.$/.exec(sentence);
    const plural = /^(\w+) are (not )?(\w+)\.$/.exec(sentence);
    const fact = /^([A-Z]\w*) is an? (\w+)\.$/.exec(sentence);
    if (quantified) {
      const [, subject = '', not, concept, property] = quantified;
      concepts.add(subject);
      if (concept) {
        expect(not).toBeUndefined();
        concepts.add(concept);
        add(theory.subtypes, subject, concept);
      } else {
        add(theory.properties, subject, `${not ? 'not ' : ''}${property}`);
      }
    } else if (plural) {
      const [, subject = '', not, object = ''] = plural;
      concepts.add(singular(subject.toLowerCase()));
      plurals.push([singular(subject.toLowerCase()), not ? `not ${object}` : object, !not]);
    } else if (fact) {
      expect(theory.entity).toBe('');
      theory.entity = fact[1] ?? '';
      theory.start = fact[2] ?? '';
    } else {
      throw new Error(`Unparsed sentence: ${sentence}`);
    }
  }

  for (const [subject, object, positive] of plurals) {
    if (positive && concepts.has(singular(object)) && object !== singular(object)) {
      add(theory.subtypes, subject, singular(object));
    } else {
      add(theory.properties, subject, object);
    }
  }
  return theory;
}

/** Forward chaining from the entity's fact to a fixed point. */
function derive(theory: Theory, asked: string): Derivation {
  const memberships = new Map<string, number>([[theory.start, 0]]);
  const facts = new Map<string, number>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const [concept, depth] of [...memberships]) {
      for (const parent of theory.subtypes.get(concept) ?? []) {
        if (!memberships.has(parent)) {
          memberships.set(parent, depth + 1);
          changed = true;
        }
      }
      for (const property of theory.properties.get(concept) ?? []) {
        if (!facts.has(property)) facts.set(property, depth + 1);
      }
    }
  }

  const opposite = asked.startsWith('not ') ? asked.slice(4) : `not ${asked}`;
  const holds = facts.get(asked);
  const fails = facts.get(opposite);
  if (holds !== undefined && fails !== undefined) return { verdict: 'contradiction', depth: null };
  if (holds !== undefined) return { verdict: 'true', depth: holds };
  if (fails !== undefined) return { verdict: 'false', depth: fails };
  return { verdict: 'unknown', depth: null };
}

function check(item: EvalItem): Derivation & { entity: string } {
  const theory = parseTheory(item.context ?? '');
  const question = /^Is the following statement true or false\? (\w+) is (not )?(\w+)\.$/.exec(
    item.question,
  );
  expect(question).not.toBeNull();
  expect(question?.[1]).toBe(theory.entity);
  return {
    ...derive(theory, `${question?.[2] ?? ''}${question?.[3] ?? ''}`),
    entity: theory.entity,
  };
}

function keys(items: EvalItem[]): Set<string> {
  return new Set(items.map((item) => `${item.context}\n${item.question}`));
}

describe('generateProntoqa', () => {
  const splits = ['train', 'dev', 'test'] as const;
  const sets = Object.fromEntries(
    splits.map((split) => [split, generateProntoqa({ seed: 11, count: 300, split })]),
  ) as Record<(typeof splits)[number], EvalItem[]>;

  it('derives every gold label with an independent forward chainer', () => {
    const noDistractors = generateProntoqa({
      seed: 5,
      count: 200,
      split: 'dev',
      distractors: false,
    });
    for (const item of [...sets.train, ...sets.dev, ...sets.test, ...noDistractors]) {
      const { verdict, depth } = check(item);
      expect(verdict, item.id).toBe(item.answer === 'A' ? 'true' : 'false');
      expect(depth, item.id).toBe(item.difficulty.hops);
    }
  });

  it('gives a proof whose rules are in the context and whose end answers the question', () => {
    for (const item of sets.test) {
      const proof = item.goldReasoning ?? [];
      const context = item.context ?? '';
      const hops = item.difficulty.hops ?? 0;
      expect(proof).toHaveLength(2 * hops + 1);
      proof.forEach((line, index) => {
        if (index === 0 || index % 2 === 1) expect(context).toContain(line);
      });
      const asked = item.question.replace('Is the following statement true or false? ', '');
      expect(proof.at(-1) === asked).toBe(item.answer === 'A');
    }
  });

  it('produces valid items with ProntoQA options and ids', () => {
    for (const item of sets.dev) expect(EvalItem.parse(item)).toEqual(item);
    expect(sets.test[0]?.id).toBe('prontoqa-test-0001');
    expect(sets.test[0]?.options).toEqual(['A) True', 'B) False']);
    expect(sets.test.every((item) => item.format === 'letter')).toBe(true);
  });

  it('is deterministic and prefix-stable', () => {
    expect(generateProntoqa({ seed: 11, count: 300, split: 'test' })).toEqual(sets.test);
    expect(generateProntoqa({ seed: 11, count: 40, split: 'test' })).toEqual(
      sets.test.slice(0, 40),
    );
  });

  it('depends on the seed', () => {
    const other = generateProntoqa({ seed: 12, count: 300, split: 'test' });
    const shared = [...keys(other)].filter((key) => keys(sets.test).has(key));
    expect(shared.length).toBeLessThan(3);
  });

  it('keeps splits disjoint', () => {
    const [train, dev, test] = splits.map((split) => keys(sets[split]));
    for (const [a, b] of [
      [train, dev],
      [train, test],
      [dev, test],
    ] as const) {
      expect([...(a ?? [])].filter((key) => b?.has(key))).toEqual([]);
    }
    const names = (items: EvalItem[]) => new Set(items.map((item) => check(item).entity));
    const trainNames = names(sets.train);
    expect([...names(sets.test)].filter((name) => trainNames.has(name))).toEqual([]);
  });

  it('never repeats an item within a split', () => {
    const small = generateProntoqa({ seed: 3, count: 400, split: 'dev', maxHops: 1 });
    expect(keys(small).size).toBe(400);
  });

  it('balances labels exactly for an even count', () => {
    for (const split of splits) {
      const trues = sets[split].filter((item) => item.answer === 'A').length;
      expect(trues).toBe(150);
    }
    const odd = generateProntoqa({ seed: 2, count: 7, split: 'train' });
    expect(Math.abs(odd.filter((item) => item.answer === 'A').length - 3.5)).toBe(0.5);
  });

  it('keeps hop counts in range and uses the whole range', () => {
    const seen = new Set(sets.train.map((item) => item.difficulty.hops));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5]);
    const narrow = generateProntoqa({ seed: 4, count: 100, split: 'dev', minHops: 2, maxHops: 3 });
    expect(narrow.every((item) => [2, 3].includes(item.difficulty.hops ?? 0))).toBe(true);
    const deep = generateProntoqa({ seed: 4, count: 50, split: 'dev', minHops: 8, maxHops: 8 });
    for (const item of deep) expect(check(item).depth).toBe(8);
  });

  it('adds the opposite-property distractor only when asked', () => {
    const mentions = (item: EvalItem) => {
      const property = /(\w+)\.$/.exec(item.question)?.[1] ?? '';
      return (item.context ?? '').split(new RegExp(`\\b${property}\\b`)).length - 1;
    };
    expect(sets.dev.every((item) => mentions(item) === 2)).toBe(true);
    const plain = generateProntoqa({ seed: 11, count: 100, split: 'dev', distractors: false });
    expect(plain.every((item) => mentions(item) === 1)).toBe(true);
  });

  it('rejects impossible options', () => {
    expect(() => generateProntoqa({ seed: 1, count: 1, split: 'dev', minHops: 0 })).toThrow(
      InvalidInputError,
    );
    expect(() =>
      generateProntoqa({ seed: 1, count: 1, split: 'dev', minHops: 4, maxHops: 3 }),
    ).toThrow(InvalidInputError);
    expect(() => generateProntoqa({ seed: 1, count: -1, split: 'dev' })).toThrow(InvalidInputError);
  });

  it('writes every rule in one form and leaves other sentences alone', () => {
    expect(oneRuleForm('Every wumpus is a brimpus.')).toBe('Each wumpus is a brimpus.');
    expect(oneRuleForm('Each yumpus is not sad.')).toBe('Each yumpus is not sad.');
    expect(oneRuleForm('Brimpuses are rompuses.')).toBe('Each brimpus is a rompus.');
    expect(oneRuleForm('Rompuses are impuses.')).toBe('Each rompus is an impus.');
    expect(oneRuleForm('Wumpuses are not temperate.')).toBe('Each wumpus is not temperate.');
    expect(oneRuleForm('Max is a wumpus.')).toBe('Max is a wumpus.');
    expect(oneRuleForm('Cats are furry.')).toBe('Cats are furry.');
    expect(oneRuleForm('Every cat is furry.')).toBe('Every cat is furry.');
  });

  it('puts every rule of a gold chain in one form without changing what it says', () => {
    for (const item of generateProntoqa({ seed: 5, count: 50, split: 'train' })) {
      const chain = (item.goldReasoning ?? []).map(oneRuleForm);
      const rules = chain.filter((_, index) => index % 2 === 1);
      expect(rules.every((line) => /^Each [a-z]+ is (?:not )?(?:an? )?[a-z]+\.$/.test(line))).toBe(
        true,
      );
      // Entity lines are unchanged, and each rule names the concept just reached.
      chain.forEach((line, index) => {
        if (index % 2 === 0) expect(line).toBe(item.goldReasoning?.[index]);
        else expect(line.split(' ')[1]).toBe(/ an? ([a-z]+)\.$/.exec(chain[index - 1] ?? '')?.[1]);
      });
    }
  });
});
