import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/core/errors.js';
import { generateKinship, kinshipItem } from '../../../src/eval/generators/kinship.js';
import { KINSHIP_ANSWERS } from '../../../src/eval/generators/kinship-relations.js';
import { KINSHIP_NAMES } from '../../../src/eval/generators/kinship-vocabulary.js';
import { EvalItem } from '../../../src/eval/item.js';

/** "subject is owner's word", as a story sentence says it. */
interface Statement {
  subject: string;
  owner: string;
  word: string;
}

type Gender = 'female' | 'male';

const NAME = '([A-Z][a-z]+)';
const WORD = '([a-z-]+)';

/** Every phrasing the stories use, each read as subject, owner and word. */
function parseSentence(sentence: string): Statement {
  const forms: [RegExp, (match: string[]) => Statement][] = [
    [new RegExp(`^${NAME} is ${NAME}'s ${WORD}\\.$`), ([, s, o, w]) => made(s, o, w)],
    [new RegExp(`^${NAME}'s ${WORD} is ${NAME}\\.$`), ([, o, w, s]) => made(s, o, w)],
    [new RegExp(`^${NAME} is the ${WORD} of ${NAME}\\.$`), ([, s, w, o]) => made(s, o, w)],
    [
      new RegExp(`^${NAME} [a-z ]+ (?:his|her) ${WORD}, ${NAME}\\.$`),
      ([, o, w, s]) => made(s, o, w),
    ],
  ];
  for (const [pattern, read] of forms) {
    const match = pattern.exec(sentence);
    if (match) return read([...match]);
  }
  throw new Error(`Unparsed sentence: ${sentence}`);
}

function made(subject = '', owner = '', word = ''): Statement {
  return { subject, owner, word };
}

const GENDERS = new Map<string, Gender>(
  Object.values(KINSHIP_NAMES).flatMap((names) => [
    ...names.female.map((name) => [name, 'female'] as const),
    ...names.male.map((name) => [name, 'male'] as const),
  ]),
);

/** The eight words a story sentence may use, as role and gender. */
const BASIC: Record<string, [string, Gender]> = {
  mother: ['parent', 'female'],
  father: ['parent', 'male'],
  daughter: ['child', 'female'],
  son: ['child', 'male'],
  wife: ['spouse', 'female'],
  husband: ['spouse', 'male'],
  sister: ['sibling', 'female'],
  brother: ['sibling', 'male'],
};

/**
 * The test's own composition table, written as "X's Y is Z" facts about
 * roles (relative, then the next step, then what it makes the relative),
 * under the usual reading: distinct names are distinct people, full
 * siblings, one marriage each, no step-children.
 */
const COMPOSE = `
  parent parent grandparent | parent child sibling | parent spouse parent | parent sibling pibling
  child parent spouse | child child grandchild | child spouse child-in-law | child sibling child
  spouse parent parent-in-law | spouse child child | spouse sibling sibling-in-law
  sibling parent parent | sibling child nibling | sibling spouse sibling-in-law
  sibling sibling sibling
  grandparent parent great-grandparent | grandparent spouse grandparent | grandparent child pibling
  grandchild child great-grandchild | grandchild sibling grandchild
  great-grandparent spouse great-grandparent | great-grandchild sibling great-grandchild
  pibling parent grandparent | pibling child cousin | pibling sibling pibling
  pibling spouse pibling-by-marriage | pibling-by-marriage child cousin
  nibling sibling nibling | nibling parent sibling-in-law | cousin sibling cousin
  parent-in-law child sibling-in-law | parent-in-law spouse parent-in-law
  child-in-law child grandchild`;

const TABLE = new Map(
  COMPOSE.split(/[|\n]/)
    .filter((entry) => entry.trim() !== '')
    .map((entry) => {
      const [relative = '', next = '', result = ''] = entry.trim().split(/\s+/);
      return [`${relative} ${next}`, result] as const;
    }),
);

function roleWord(role: string, gender: Gender): string {
  const female = gender === 'female';
  const words: Record<string, string> = {
    grandparent: female ? 'grandmother' : 'grandfather',
    grandchild: female ? 'granddaughter' : 'grandson',
    'great-grandparent': female ? 'great-grandmother' : 'great-grandfather',
    'great-grandchild': female ? 'great-granddaughter' : 'great-grandson',
    pibling: female ? 'aunt' : 'uncle',
    'pibling-by-marriage': female ? 'aunt' : 'uncle',
    nibling: female ? 'niece' : 'nephew',
    cousin: 'cousin',
    'parent-in-law': female ? 'mother-in-law' : 'father-in-law',
    'child-in-law': female ? 'daughter-in-law' : 'son-in-law',
    'sibling-in-law': female ? 'sister-in-law' : 'brother-in-law',
  };
  const basic = Object.entries(BASIC).find(([, [r, g]]) => r === role && g === gender)?.[0];
  return basic ?? words[role] ?? `?${role}`;
}

function inverse(word: string, gender: Gender): string {
  const [role = ''] = BASIC[word] ?? [];
  const back: Record<string, string> = {
    parent: 'child',
    child: 'parent',
    spouse: 'spouse',
    sibling: 'sibling',
  };
  return roleWord(back[role] ?? '?', gender);
}

interface Solution {
  answer: string;
  path: string[];
  /** The relation after each step, as words. */
  steps: string[];
  forest: boolean;
}

/** Reads the story, finds the chain between the two asked people and composes it. */
function solve(item: EvalItem): Solution {
  const asked = /^How is (\w+) related to (\w+)\?/.exec(item.question);
  const [, target = '', start = ''] = asked ?? [];
  const statements = (item.context ?? '').split(/(?<=\.) (?=[A-Z])/).map(parseSentence);
  const links = new Map<string, { other: string; statement: Statement }[]>();
  for (const statement of statements) {
    for (const [a, b] of [
      [statement.owner, statement.subject],
      [statement.subject, statement.owner],
    ]) {
      links.set(a ?? '', [...(links.get(a ?? '') ?? []), { other: b ?? '', statement }]);
    }
  }
  const forest = links.size - components(links) === statements.length;

  const previous = new Map<string, string>([[start, '']]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift() ?? '';
    for (const { other } of links.get(current) ?? []) {
      if (previous.has(other)) continue;
      previous.set(other, current);
      queue.push(other);
    }
  }
  const path = [target];
  while (path[0] !== start) path.unshift(previous.get(path[0] ?? '') ?? start);

  let role: string | null = null;
  const steps: string[] = [];
  for (let index = 1; index < path.length; index++) {
    const [from = '', to = ''] = [path[index - 1], path[index]];
    const gender = GENDERS.get(to) ?? 'female';
    const link = (links.get(from) ?? []).find((entry) => entry.other === to)?.statement;
    const word = link?.subject === to ? link.word : inverse(link?.word ?? '', gender);
    const [basic = '?'] = BASIC[word] ?? [];
    role = role === null ? basic : (TABLE.get(`${role} ${basic}`) ?? null);
    if (role === null) throw new Error(`${item.id}: no composition at ${from} -> ${to}`);
    steps.push(roleWord(role, gender));
  }
  return { answer: steps.at(-1) ?? '', path, steps, forest };
}

function components(links: Map<string, { other: string }[]>): number {
  const seen = new Set<string>();
  let count = 0;
  for (const name of links.keys()) {
    if (seen.has(name)) continue;
    count += 1;
    const stack = [name];
    while (stack.length > 0) {
      const current = stack.pop() ?? '';
      if (seen.has(current)) continue;
      seen.add(current);
      for (const { other } of links.get(current) ?? []) stack.push(other);
    }
  }
  return count;
}

describe('generateKinship', () => {
  const splits = ['train', 'dev', 'test'] as const;
  const sets = Object.fromEntries(
    splits.map((split) => [split, generateKinship({ seed: 5, count: 300, split })]),
  ) as Record<(typeof splits)[number], EvalItem[]>;
  const all = [...sets.train, ...sets.dev, ...sets.test];

  it('matches the tree-derived answer with an independent composition of the story words', () => {
    const long = generateKinship({ seed: 9, count: 60, split: 'dev', minHops: 7, maxHops: 10 });
    for (const item of [...all, ...long]) {
      const solution = solve(item);
      expect(solution.forest, item.id).toBe(true);
      expect(solution.answer, item.id).toBe(item.answer);
      expect(solution.path.length - 1, item.id).toBe(item.difficulty.hops);
      const said = (item.goldReasoning ?? []).map((line) => /(\w[\w-]*)\.$/.exec(line)?.[1]);
      expect(said, item.id).toEqual(solution.steps);
    }
  });

  it('answers from the closed vocabulary, spread over it', () => {
    const answers = new Set(all.map((item) => item.answer));
    for (const answer of answers) expect(KINSHIP_ANSWERS).toContain(answer);
    expect(answers.size).toBeGreaterThanOrEqual(22);
  });

  it('produces valid text items with ids and difficulty', () => {
    for (const item of sets.dev) expect(EvalItem.parse(item)).toEqual(item);
    expect(sets.test[0]?.id).toBe('kinship-test-0001');
    expect(sets.test[0]).toMatchObject({
      format: 'text',
      suite: 'inductive/kinship',
      options: null,
    });
    const hops = new Set(sets.train.map((item) => item.difficulty.hops));
    expect([...hops].sort()).toEqual([2, 3, 4, 5, 6]);
  });

  it('adds 2-4 distractors only when asked', () => {
    for (const item of sets.train) {
      const sentences = (item.context ?? '').split(/(?<=\.) (?=[A-Z])/).length;
      expect(sentences - (item.difficulty.hops ?? 0)).toBe(item.difficulty.distractors);
      expect(item.difficulty.distractors).toBeLessThanOrEqual(4);
    }
    const plain = generateKinship({ seed: 5, count: 100, split: 'train', distractors: false });
    for (const item of plain) {
      expect(item.difficulty.distractors).toBe(0);
      expect(solve(item).answer).toBe(item.answer);
    }
  });

  it('is deterministic, prefix-stable, and equal item by item', () => {
    expect(generateKinship({ seed: 5, count: 300, split: 'test' })).toEqual(sets.test);
    expect(generateKinship({ seed: 5, count: 25, split: 'test' })).toEqual(sets.test.slice(0, 25));
    for (const index of [0, 7, 299]) {
      expect(kinshipItem({ seed: 5, split: 'test', index })).toEqual(sets.test[index]);
    }
  });

  it('keeps splits disjoint through disjoint names', () => {
    const pools = splits.map(
      (split) => new Set([...KINSHIP_NAMES[split].female, ...KINSHIP_NAMES[split].male]),
    );
    expect(new Set(pools.flatMap((pool) => [...pool])).size).toBe(
      pools.reduce((sum, pool) => sum + pool.size, 0),
    );
    splits.forEach((split, position) => {
      for (const item of sets[split]) {
        for (const name of (item.context ?? '').match(/\b[A-Z][a-z]+\b/g) ?? []) {
          expect(pools[position]?.has(name), `${item.id} ${name}`).toBe(true);
        }
      }
    });
  });

  it('rarely repeats an item within a split', () => {
    const many = generateKinship({ seed: 2, count: 2000, split: 'dev', maxHops: 2 });
    const distinct = new Set(many.map((item) => `${item.context}\n${item.question}`)).size;
    expect(2000 - distinct).toBe(0);
  });

  it('rejects impossible options', () => {
    for (const knobs of [{ minHops: 1 }, { maxHops: 11 }, { minHops: 5, maxHops: 4 }]) {
      expect(() => generateKinship({ seed: 1, count: 1, split: 'dev', ...knobs })).toThrow(
        InvalidInputError,
      );
    }
    expect(() => kinshipItem({ seed: Number.NaN, split: 'dev', index: 0 })).toThrow(
      InvalidInputError,
    );
  });
});
