import { describe, expect, it } from 'vitest';
import { ladderItemWithModel } from '../../../src/eval/generators/ladder.js';
import type { LadderModel } from '../../../src/eval/generators/ladder-model.js';
import type { EvalItem } from '../../../src/eval/item.js';

// An independent reading of ladder items: the model is parsed back from
// the context's words, and every answer is recomputed by brute force over
// all assignments of the exogenous factors, the counterfactual by running
// the factual and the intervened world on the same factors.

interface Mechanism {
  /** P(present) for a root; P(background cause acts) otherwise. */
  background: number;
  root: boolean;
  inputs: { parent: string; blocks: boolean; probability: number }[];
}

interface Parsed {
  names: string[];
  edges: [string, string][];
  mechanisms: Map<string, Mechanism>;
}

type Values = Map<string, number>;

const percent = (text: string) => Number(text) / 100;

function parseContext(context: string): Parsed {
  const sentences = context.split(/(?<=\.)\s+/);
  expect(sentences.shift()).toMatch(/^Imagine a self-contained, hypothetical world/);
  const parsed: Parsed = { names: [], edges: [], mechanisms: new Map() };
  const known = (raw: string) => {
    const name = raw.charAt(0).toLowerCase() + raw.slice(1);
    expect(parsed.names, `unknown variable "${raw}"`).toContain(name);
    return name;
  };
  const mechanism = (name: string) => {
    const found = parsed.mechanisms.get(name);
    if (!found) throw new Error(`No mechanism opened for ${name}.`);
    return found;
  };

  for (const sentence of sentences) {
    let match: RegExpExecArray | null;
    if ((match = /^Each of (.+) is either present or absent\.$/.exec(sentence))) {
      parsed.names = (match[1] ?? '').split(/, | and /);
    } else if ((match = /^(.+) has a direct effect on (.+)\.$/.exec(sentence))) {
      parsed.edges.push([known(match[1] ?? ''), known(match[2] ?? '')]);
    } else if (sentence === 'Every cause and blocker below acts independently of all the others.') {
      continue;
    } else if ((match = /^The overall probability of (.+) is (\d+)%\.$/.exec(sentence))) {
      const background = percent(match[2] ?? '');
      parsed.mechanisms.set(known(match[1] ?? ''), { background, root: true, inputs: [] });
    } else if (
      (match =
        /^(.+) is present exactly when at least one of its causes acts and none of its blockers acts\.$/.exec(
          sentence,
        ))
    ) {
      parsed.mechanisms.set(known(match[1] ?? ''), { background: 0, root: false, inputs: [] });
    } else if (
      (match = /^A background cause of (.+) acts with probability (\d+)%\.$/.exec(sentence))
    ) {
      mechanism(known(match[1] ?? '')).background = percent(match[2] ?? '');
    } else if (
      (match =
        /^(.+) (causes|blocks) (.+): when (.+) is present, this (cause|blocker) acts with probability (\d+)%\.$/.exec(
          sentence,
        ))
    ) {
      const [, parent = '', verb, child = '', again = '', noun, probability = ''] = match;
      expect(known(again)).toBe(known(parent));
      expect(noun).toBe(verb === 'causes' ? 'cause' : 'blocker');
      mechanism(known(child)).inputs.push({
        parent: known(parent),
        blocks: verb === 'blocks',
        probability: percent(probability),
      });
    } else {
      throw new Error(`Unparsed sentence: ${sentence}`);
    }
  }

  // The graph sentences and the mechanisms must tell the same story.
  for (const name of parsed.names) {
    const inputs = mechanism(name)
      .inputs.map((input) => input.parent)
      .sort();
    const parents = parsed.edges.filter(([, child]) => child === name).map(([p]) => p);
    expect(inputs).toEqual(parents.sort());
    expect(mechanism(name).root).toBe(parents.length === 0);
  }
  return parsed;
}

/** Variables with parents first, by repeated sweeps. */
function order(parsed: Parsed): string[] {
  const done: string[] = [];
  while (done.length < parsed.names.length) {
    const ready = parsed.names.find(
      (name) =>
        !done.includes(name) &&
        parsed.edges.every(([parent, child]) => child !== name || done.includes(parent)),
    );
    if (ready === undefined) throw new Error('The stated graph has a cycle.');
    done.push(ready);
  }
  return done;
}

/** Every exogenous assignment with its probability, and the world it gives. */
function* worlds(parsed: Parsed): Generator<{ weight: number; run: (fix?: Values) => Values }> {
  const sequence = order(parsed);
  const factors: number[] = [];
  for (const name of sequence) {
    const own = parsed.mechanisms.get(name);
    factors.push(own?.background ?? 0, ...(own?.inputs.map((input) => input.probability) ?? []));
  }

  for (let bits = 0; bits < 2 ** factors.length; bits++) {
    const on = (position: number) => ((bits >> position) & 1) === 1;
    const weight = factors.reduce(
      (product, p, position) => product * (on(position) ? p : 1 - p),
      1,
    );
    const run = (fix: Values = new Map()) => {
      const values: Values = new Map();
      let position = 0;
      for (const name of sequence) {
        const own = parsed.mechanisms.get(name);
        const background = on(position++);
        let caused = background;
        let blocked = false;
        for (const input of own?.inputs ?? []) {
          const factor = on(position++);
          const acts = values.get(input.parent) === 1 && factor;
          if (acts && input.blocks) blocked = true;
          if (acts && !input.blocks) caused = true;
        }
        values.set(name, fix.get(name) ?? (caused && !blocked ? 1 : 0));
      }
      return values;
    };
    yield { weight, run };
  }
}

const agrees = (values: Values, wanted: Values) =>
  [...wanted].every(([name, value]) => values.get(name) === value);

function probability(parsed: Parsed, event: Values, given: Values, fix?: Values): number {
  let evidence = 0;
  let both = 0;
  for (const { weight, run } of worlds(parsed)) {
    const values = run(fix);
    if (!agrees(values, given)) continue;
    evidence += weight;
    if (agrees(values, event)) both += weight;
  }
  return both / evidence;
}

function counterfactual(parsed: Parsed, event: Values, evidence: Values, fix: Values): number {
  let seen = 0;
  let both = 0;
  for (const { weight, run } of worlds(parsed)) {
    if (!agrees(run(), evidence)) continue;
    seen += weight;
    if (agrees(run(fix), event)) both += weight;
  }
  return both / seen;
}

const bit = (word: string | undefined) => (word === 'present' ? 1 : 0);
const of = (...pairs: [string, number][]) => new Map(pairs);

/** The gold answer recomputed, with the quantities compared. */
function solve(item: EvalItem): { answer: 'yes' | 'no'; values: readonly number[]; kind: string } {
  const parsed = parseContext(item.context ?? '');
  const question = item.question;
  const threshold = (value: number) =>
    ({ answer: value > 0.5 ? 'yes' : 'no', values: [value] }) as const;
  const compare = (direction: string | undefined, left: number, right: number) => {
    const difference = Math.abs(left - right) < 1e-9 ? 0 : left - right;
    const yes = direction === 'more' ? difference > 0 : difference < 0;
    return { answer: yes ? 'yes' : 'no', values: [left, right] } as const;
  };
  let m: RegExpExecArray | null;

  if ((m = /^Is the overall probability that (.+) is present greater than 50%\?$/.exec(question))) {
    return { kind: 'marginal', ...threshold(probability(parsed, of([m[1] ?? '', 1]), of())) };
  }
  if (
    (m =
      /^Is (.+) (more|less) likely to be present when (.+) is present than when \3 is absent\?$/.exec(
        question,
      ))
  ) {
    const [, y = '', direction, x = ''] = m;
    const p = (value: number) => probability(parsed, of([y, 1]), of([x, value]));
    return { kind: 'correlation', ...compare(direction, p(1), p(0)) };
  }
  if (
    (m =
      /^Given that (.+) is (present|absent), is the probability that (.+) is present greater than 50%\?$/.exec(
        question,
      ))
  ) {
    return {
      kind: 'conditional',
      ...threshold(probability(parsed, of([m[3] ?? '', 1]), of([m[1] ?? '', bit(m[2])]))),
    };
  }
  if (
    (m =
      /^Among cases where (.+) is (present|absent), is (.+) (more|less) likely to be present when (.+) is present than when \5 is absent\?$/.exec(
        question,
      ))
  ) {
    const [, y = '', collider, z = '', direction, x = ''] = m;
    const p = (value: number) =>
      probability(parsed, of([z, 1]), of([x, value], [y, bit(collider)]));
    return { kind: 'explaining-away', ...compare(direction, p(1), p(0)) };
  }
  if (
    (m =
      /^If we intervene to make (.+) present, is (.+) (more|less) likely to be present than if we intervene to make \1 absent\?$/.exec(
        question,
      ))
  ) {
    const [, x = '', y = '', direction] = m;
    const p = (value: number) => probability(parsed, of([y, 1]), of(), of([x, value]));
    return { kind: 'ate', ...compare(direction, p(1), p(0)) };
  }
  if (
    (m =
      /^If we intervene to make (.+) (present|absent), is the probability that (.+) is present greater than 50%\?$/.exec(
        question,
      ))
  ) {
    return {
      kind: 'intervention',
      ...threshold(probability(parsed, of([m[3] ?? '', 1]), of(), of([m[1] ?? '', bit(m[2])]))),
    };
  }
  if (
    (m =
      /^Given that (.+) was (present|absent) and (.+) was (present|absent), is it more likely than not that \3 would have been (present|absent) if \1 had been (present|absent)\?$/.exec(
        question,
      ))
  ) {
    const [, x = '', a, y = '', b, c, d] = m;
    expect(d).not.toBe(a);
    return {
      kind: 'counterfactual',
      ...threshold(
        counterfactual(parsed, of([y, bit(c)]), of([x, bit(a)], [y, bit(b)]), of([x, bit(d)])),
      ),
    };
  }
  if (
    (m =
      /^Given that (.+) was (present|absent), is it more likely than not that (.+) would have been (present|absent) if \1 had been (present|absent)\?$/.exec(
        question,
      ))
  ) {
    const [, x = '', a, y = '', c, d] = m;
    expect(d).not.toBe(a);
    return {
      kind: 'ett',
      ...threshold(counterfactual(parsed, of([y, bit(c)]), of([x, bit(a)]), of([x, bit(d)]))),
    };
  }
  throw new Error(`Unparsed question: ${question}`);
}

/** The exported JSON model must say what the text says, factor by factor. */
function expectSameModel(parsed: Parsed, model: LadderModel): void {
  const chance = new Map(model.noises.map((noise) => [noise.id, noise.probability]));
  expect(model.variables.map((variable) => variable.name).sort()).toEqual([...parsed.names].sort());
  for (const variable of model.variables) {
    const stated = parsed.mechanisms.get(variable.name);
    const [background = '', ...edges] = variable.noises;
    expect(chance.get(background)).toBeCloseTo(stated?.background ?? -1, 12);
    variable.parents.forEach((parent, position) => {
      const input = stated?.inputs.find((candidate) => candidate.parent === parent);
      expect(chance.get(edges[position] ?? '')).toBeCloseTo(input?.probability ?? -1, 12);
      expect(input?.blocks).toBe(variable.effects[position] === 'blocks');
    });

    // Each truth-table row against the stated rule.
    const parents = variable.parents.length;
    variable.table.forEach((value, row) => {
      const inputs = variable.noises.length + parents;
      const on = (position: number) => ((row >> (inputs - 1 - position)) & 1) === 1;
      if (parents === 0) return expect(value).toBe(on(0) ? 1 : 0);
      let caused = on(parents);
      let blocked = false;
      variable.parents.forEach((parent, position) => {
        const input = stated?.inputs.find((candidate) => candidate.parent === parent);
        const acts = on(position) && on(parents + 1 + position);
        if (acts && input?.blocks) blocked = true;
        if (acts && !input?.blocks) caused = true;
      });
      expect(value).toBe(caused && !blocked ? 1 : 0);
    });
  }
}

describe('ladder items, checked independently', () => {
  const samples = (['train', 'dev', 'test'] as const).flatMap((split) =>
    Array.from({ length: 110 }, (_, index) => ladderItemWithModel({ seed: 21, split, index })),
  );

  it('recomputes every gold answer by brute force over the factors stated in the text', () => {
    const rungs = new Set<number>();
    const kinds = new Set<string>();
    for (const { item } of samples) {
      const solved = solve(item);
      kinds.add(solved.kind);
      expect(solved.answer, `${item.id}: ${item.question}`).toBe(item.answer);
      rungs.add(item.difficulty.rung ?? 0);

      // The reasoning's numbers are the brute-force ones.
      const line = item.goldReasoning?.find((step) => step.startsWith('Exact computation:')) ?? '';
      const numbers = [...line.matchAll(/= (-?\d\.\d{4})/g)].map((match) => Number(match[1]));
      expect(numbers).toHaveLength(solved.values.length);
      numbers.forEach((number, index) => {
        expect(Math.abs(number - (solved.values[index] ?? 0))).toBeLessThan(6e-5);
      });
    }
    expect([...rungs].sort()).toEqual([1, 2, 3]);
    expect(kinds.size).toBe(8);
  });

  it('states in the text exactly the model it exports, every number included', () => {
    for (const { item, model } of samples) {
      const parsed = parseContext(item.context ?? '');
      expectSameModel(parsed, model);
      for (const noise of model.noises) {
        expect(item.context).toContain(`${Math.round(noise.probability * 100)}%`);
      }
    }
  });

  it('asks only questions whose answer is not a near tie', () => {
    for (const { item } of samples.slice(0, 150)) {
      const { values } = solve(item);
      if (values.length === 1) {
        expect(Math.abs((values[0] ?? 0) - 0.5)).toBeGreaterThanOrEqual(0.0199);
      } else {
        const gap = Math.abs((values[0] ?? 0) - (values[1] ?? 0));
        expect(gap < 1e-9 || gap >= 0.0199).toBe(true);
      }
    }
  });
});
