import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/core/errors.js';
import { generateProofwriter, proofwriterItem } from '../../../src/eval/generators/proofwriter.js';
import { ANIMALS, PEOPLE } from '../../../src/eval/generators/proofwriter-vocabulary.js';
import { EvalItem } from '../../../src/eval/item.js';
import { prove } from '../../../src/tools/prover.js';

/** A literal read back from English; `?` is the rule variable. */
interface Fact {
  predicate: string;
  subject: string;
  object: string | null;
  negated: boolean;
}

interface Rule {
  conditions: Fact[];
  conclusion: Fact;
}

const VERB = '(chase|eat|like|need|see|visit)';
const ENTITY = '(the [a-z]+(?: [a-z]+)?|[A-Z][a-z]+)';
const SUBJECT = `(something|someone|it|they|${ENTITY.slice(1, -1)})`;
const OBJECT = `(it|them|${ENTITY.slice(1, -1)})`;
const VARIABLES = new Set(['something', 'someone', 'it', 'they', 'them']);
const QUESTION =
  'Based on the above information, is the following statement true, false, or unknown? ';
const LABELS: Record<string, string> = { A: 'true', B: 'false', C: 'unknown' };

function term(text: string): string {
  return VARIABLES.has(text) ? '?' : text.replace(/^the /, '');
}

function key(fact: Fact): string {
  return `${fact.negated ? '-' : ''}${fact.predicate}(${fact.subject},${fact.object ?? ''})`;
}

/** One clause: "it is not red", "the dog chases it", "someone does not see Bob". */
function parseClause(text: string, previous: Fact | undefined): Fact {
  const attribute = new RegExp(`^${SUBJECT} (?:is|are) (not )?([a-z]+)$`).exec(text);
  if (attribute) {
    const [, subject = '', not, predicate = ''] = attribute;
    return { predicate, subject: term(subject), object: null, negated: Boolean(not) };
  }
  const relation = new RegExp(`^${SUBJECT} (?:(?:does|do) not ${VERB}|${VERB}s) ${OBJECT}$`).exec(
    text,
  );
  if (relation) {
    const [, subject = '', negative, positive, object = ''] = relation;
    const predicate = negative ?? positive ?? '';
    return { predicate, subject: term(subject), object: term(object), negated: Boolean(negative) };
  }
  const bare = /^(not )?([a-z]+)$/.exec(text);
  if (bare && previous) {
    return { ...previous, predicate: bare[2] ?? '', object: null, negated: Boolean(bare[1]) };
  }
  throw new Error(`Unparsed clause: ${text}`);
}

function parseTheory(context: string): { facts: Fact[]; rules: Rule[]; entities: Set<string> } {
  const facts: Fact[] = [];
  const rules: Rule[] = [];
  for (const sentence of context.split(/(?<=\.) /)) {
    const body = sentence.replace(/\.$/, '');
    const conditional = /^If (.+) then (.+)$/.exec(body);
    const all = /^All ([a-z]+) (?:things|people) are ([a-z]+)$/.exec(body);
    const list = /^([A-Z][a-z]*(?:, [a-z]+)+) (?:things|people) are ([a-z]+)$/.exec(body);
    if (conditional) {
      const conditions: Fact[] = [];
      for (const part of (conditional[1] ?? '').split(' and ')) {
        conditions.push(parseClause(part, conditions.at(-1)));
      }
      rules.push({ conditions, conclusion: parseClause(conditional[2] ?? '', undefined) });
    } else if (all || list) {
      const [, adjectives = '', conclusion = ''] = all ?? list ?? [];
      const variable = (predicate: string) => ({
        predicate,
        subject: '?',
        object: null,
        negated: false,
      });
      const conditions = adjectives.toLowerCase().split(', ').map(variable);
      rules.push({ conditions, conclusion: variable(conclusion) });
    } else {
      const lower = body.replace(/^The /, 'the ');
      const fact = parseClause(lower, undefined);
      expect(fact.subject === '?' || fact.object === '?', sentence).toBe(false);
      facts.push(fact);
    }
  }
  const entities = new Set(
    [...facts, ...rules.flatMap((rule) => [...rule.conditions, rule.conclusion])]
      .flatMap((fact) => [fact.subject, fact.object ?? '?'])
      .filter((name) => name !== '?'),
  );
  return { facts, rules, entities };
}

/** Round-by-round forward chaining; each literal keeps the round it first appears in. */
function chain(theory: ReturnType<typeof parseTheory>): Map<string, number> {
  const depths = new Map(theory.facts.map((fact) => [key(fact), 0]));
  for (let round = 1; ; round++) {
    const found: string[] = [];
    for (const rule of theory.rules) {
      for (const entity of theory.entities) {
        const bind = (fact: Fact): Fact => ({
          ...fact,
          subject: fact.subject === '?' ? entity : fact.subject,
          object: fact.object === '?' ? entity : fact.object,
        });
        if (rule.conditions.every((condition) => depths.has(key(bind(condition))))) {
          found.push(key(bind(rule.conclusion)));
        }
      }
    }
    const before = depths.size;
    for (const fact of found) if (!depths.has(fact)) depths.set(fact, round);
    if (depths.size === before) return depths;
  }
}

function solve(item: EvalItem): { label: string; depth: number; consistent: boolean } {
  const theory = parseTheory(item.context ?? '');
  const depths = chain(theory);
  expect(item.question.startsWith(QUESTION)).toBe(true);
  const asked = parseClause(
    item.question.slice(QUESTION.length, -1).replace(/^The /, 'the '),
    undefined,
  );
  const opposite = { ...asked, negated: !asked.negated };
  const consistent = [...depths.keys()].every(
    (fact) => !depths.has(fact.startsWith('-') ? fact.slice(1) : `-${fact}`),
  );

  const holds = depths.get(key(asked));
  const fails = depths.get(key(opposite));
  if (holds !== undefined) return { label: 'true', depth: holds, consistent };
  if (fails !== undefined) return { label: 'false', depth: fails, consistent };
  return { label: 'unknown', depth: Math.max(...depths.values()), consistent };
}

function contentKey(item: EvalItem): string {
  return `${item.context}\n${item.question}`;
}

describe('generateProofwriter', () => {
  const splits = ['train', 'dev', 'test'] as const;
  const sets = Object.fromEntries(
    splits.map((split) => [split, generateProofwriter({ seed: 7, count: 300, split })]),
  ) as Record<(typeof splits)[number], EvalItem[]>;
  const all = [...sets.train, ...sets.dev, ...sets.test];

  it('gives labels and depths that a parser and chainer of the English derive', () => {
    for (const item of all) {
      const solved = solve(item);
      expect(solved.consistent, item.id).toBe(true);
      expect(solved.label, item.id).toBe(LABELS[item.answer]);
      expect(solved.depth, item.id).toBe(item.difficulty.depth);
    }
  });

  it('is solved by the shipped prover on every item, with no sentence skipped', () => {
    const disagreements = all.filter((item) => {
      const result = prove({ facts: item.context ?? '', goal: item.question });
      return result.answer !== LABELS[item.answer] || result.skipped > 0 || result.contradictory;
    });
    expect(disagreements.map((item) => item.id)).toEqual([]);
  });

  it('gives gold reasoning from context rules, ending in the label', () => {
    for (const item of all) {
      const lines = item.goldReasoning ?? [];
      const last = lines.at(-1) ?? '';
      expect(last, item.id).toContain(LABELS[item.answer] ?? '?');
      if (item.answer !== 'C') {
        expect(lines.length - 1).toBeGreaterThanOrEqual(Math.max(1, item.difficulty.depth ?? 0));
      }
      for (const line of lines.slice(0, -1)) {
        const rule =
          /(If .+? then .+?\.|All .+? are \w+\.|[A-Z]\w*(?:, \w+)+ \w+ are \w+\.) So /.exec(line);
        if (rule) expect(item.context).toContain(rule[1]);
      }
    }
  });

  it('produces valid letter items with the ProofWriter options', () => {
    for (const item of sets.dev) expect(EvalItem.parse(item)).toEqual(item);
    expect(sets.test[0]?.id).toBe('proofwriter-test-0001');
    expect(sets.test[0]?.options).toEqual(['A) True', 'B) False', 'C) Unknown']);
    expect(sets.test[0]).toMatchObject({ suite: 'deductive/proofwriter', category: 'deductive' });
  });

  it('is deterministic, prefix-stable, and equal item by item', () => {
    expect(generateProofwriter({ seed: 7, count: 300, split: 'test' })).toEqual(sets.test);
    expect(generateProofwriter({ seed: 7, count: 30, split: 'test' })).toEqual(
      sets.test.slice(0, 30),
    );
    for (const index of [0, 1, 2, 150, 299]) {
      expect(proofwriterItem({ seed: 7, split: 'test', index })).toEqual(sets.test[index]);
    }
  });

  it('keeps splits disjoint through disjoint entity names', () => {
    const pools = splits.map((split) => new Set([...PEOPLE[split], ...ANIMALS[split]]));
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      expect([...(pools[a] ?? [])].filter((name) => pools[b]?.has(name))).toEqual([]);
    }
    splits.forEach((split, position) => {
      for (const item of sets[split]) {
        for (const entity of parseTheory(item.context ?? '').entities) {
          expect(pools[position]?.has(entity), `${item.id} ${entity}`).toBe(true);
        }
      }
    });
    const keys = splits.map((split) => new Set(sets[split].map(contentKey)));
    expect([...(keys[0] ?? [])].filter((entry) => keys[2]?.has(entry))).toEqual([]);
  });

  it('balances the three labels exactly in every run of three items', () => {
    for (const split of splits) {
      const counts = { A: 0, B: 0, C: 0 };
      for (const item of sets[split]) counts[item.answer as 'A' | 'B' | 'C'] += 1;
      expect(counts).toEqual({ A: 100, B: 100, C: 100 });
    }
  });

  it('covers depths 0-5 and keeps to narrower ranges', () => {
    const depths = new Set(sets.train.map((item) => item.difficulty.depth));
    expect([...depths].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const deep = generateProofwriter({
      seed: 3,
      count: 30,
      split: 'dev',
      minDepth: 5,
      maxDepth: 5,
    });
    for (const item of deep) expect(solve(item).depth).toBe(5);
    const shallow = generateProofwriter({ seed: 3, count: 30, split: 'dev', maxDepth: 1 });
    expect(shallow.every((item) => (item.difficulty.depth ?? 9) <= 1)).toBe(true);
  });

  it('repeats no item within a split (duplicates are possible in principle, measured here)', () => {
    const many = generateProofwriter({ seed: 1, count: 3000, split: 'train', maxDepth: 0 });
    expect(new Set(many.map(contentKey)).size).toBe(3000);
  });

  it('states as many facts as the published theories when asked for more distractors', () => {
    const facts = (item: EvalItem) =>
      (item.context ?? '').split(/(?<=\.) /).filter((s) => !/^If |^All | are /.test(s)).length;
    const long = generateProofwriter({
      seed: 7,
      count: 150,
      split: 'train',
      distractorFacts: [4, 12],
    });
    for (const item of long) {
      const solved = solve(item);
      expect(solved.label, item.id).toBe(LABELS[item.answer]);
      expect(solved.depth, item.id).toBe(item.difficulty.depth);
      expect(prove({ facts: item.context ?? '', goal: item.question }).answer).toBe(
        LABELS[item.answer],
      );
    }
    const mean = (items: EvalItem[]) => items.reduce((sum, i) => sum + facts(i), 0) / items.length;
    // The default states 2-5 facts in most theories; the published depth-5 ones 7-16.
    expect(mean(sets.train.slice(0, 150))).toBeLessThan(6);
    expect(mean(long)).toBeGreaterThan(7.5);
    expect(Math.max(...long.map(facts))).toBeGreaterThanOrEqual(14);
  });

  it('draws animal theories from the animals asked for, people as before', () => {
    const animals = ['tiger', 'bald eagle', 'bear', 'cat'];
    const items = generateProofwriter({ seed: 7, count: 120, split: 'train', animals });
    const named = new Set<string>();
    items.forEach((item, index) => {
      const solved = solve(item);
      expect([solved.label, solved.depth], item.id).toEqual([
        LABELS[item.answer],
        item.difficulty.depth,
      ]);
      const entities = [...parseTheory(item.context ?? '').entities];
      if (entities.every((entity) => PEOPLE.train.includes(entity))) {
        // A people theory draws nothing from the animals: the default's item.
        return expect(item).toEqual(sets.train[index]);
      }
      for (const entity of entities) {
        expect(animals, `${item.id} ${entity}`).toContain(entity);
        named.add(entity);
      }
    });
    expect([...named].sort()).toEqual([...animals].sort());
  });

  it('rejects impossible options', () => {
    const bad = [
      { minDepth: -1 },
      { maxDepth: 6 },
      { minDepth: 3, maxDepth: 2 },
      { minDepth: 0.5 },
      { distractorFacts: [3, 2] as const },
      { distractorFacts: [-1, 2] as const },
      { distractorFacts: [0, 21] as const },
      { animals: ['tiger', 'bear', 'cat'] },
      { animals: ['tiger', 'tiger', 'bear', 'cat', 'dog'] },
      { animals: ['the tiger', 'bald eagle', 'bear', 'cat'] },
      { animals: ['Tiger', 'bald eagle', 'bear', 'cat'] },
      { animals: ['tiger ', 'bald eagle', 'bear', 'cat'] },
      { animals: ['something', 'bald eagle', 'bear', 'cat'] },
      { animals: ['dog is', 'bald eagle', 'bear', 'cat'] },
      { animals: ['things', 'bald eagle', 'bear', 'cat'] },
      { animals: ['blue', 'bald eagle', 'bear', 'cat'] },
      { animals: ['sees', 'bald eagle', 'bear', 'cat'] },
    ];
    for (const knobs of bad) {
      expect(() => generateProofwriter({ seed: 1, count: 1, split: 'dev', ...knobs })).toThrow(
        InvalidInputError,
      );
    }
    expect(() => generateProofwriter({ seed: 1, count: -1, split: 'dev' })).toThrow(
      InvalidInputError,
    );
    expect(() => proofwriterItem({ seed: 1, split: 'dev', index: -1 })).toThrow(InvalidInputError);
  });
});
