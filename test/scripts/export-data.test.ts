import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type Pair,
  checkAnimals,
  exportPairs,
  statementOf,
  statementVariants,
} from '../../scripts/training/export-data.js';
import { type NameStyle, renameEntities } from '../../scripts/training/rename.js';
import { PIECES } from '../../scripts/training/tokenizer.js';
import { SPLIT_NAMES } from '../../src/eval/generators/prontoqa-vocabulary.js';
import { ANIMALS, PEOPLE } from '../../src/eval/generators/proofwriter-vocabulary.js';
import { oneRuleForm } from '../../src/eval/generators/prontoqa.js';
import { generateProofwriter } from '../../src/eval/generators/proofwriter.js';
import { loadSuite } from '../../src/eval/suites.js';
import { prove } from '../../src/tools/prover.js';
import { createRandom } from '../../src/util/random.js';

const exec = promisify(execFile);
const SCRIPT = join(import.meta.dirname, '../../scripts/training/export-data.ts');

describe('training data export', () => {
  it('takes the statement out of a true/false question', () => {
    expect(statementOf('Is the following statement true or false? Max is not dull.')).toBe(
      'Max is not dull.',
    );
  });

  it('pairs the reasoners’ own prompts with gold completions for every suite', async () => {
    const pairs: Pair[] = [];
    // The export throws when a teacher reply would not read back as the gold answer.
    for await (const pair of exportPairs({ perSuite: 2, seed: 7 })) pairs.push(pair);

    const count = (suite: string, reasoner: string) =>
      pairs.filter((pair) => pair.suite === suite && pair.reasoner === reasoner).length;
    for (const suite of [
      'inductive/kinship',
      'inductive/rules',
      'causal/ladder',
      'causal/corr2cause',
    ]) {
      expect([count(suite, 'direct'), count(suite, 'cot'), count(suite, 'react')]).toEqual([
        2, 2, 0,
      ]);
    }
    // The deductive suites get twice the items; ReAct makes two calls: prove, then answer.
    for (const suite of ['deductive/prontoqa', 'deductive/proofwriter']) {
      expect([count(suite, 'direct'), count(suite, 'cot'), count(suite, 'react')]).toEqual([
        4, 4, 8,
      ]);
    }

    const cot = pairs.find((pair) => pair.reasoner === 'cot');
    expect(cot?.prompt).toContain("Let's think step by step.");
    expect(cot?.completion).toMatch(/\nAnswer: \S+$/);
    const [act, answer] = pairs.filter(
      (pair) => pair.reasoner === 'react' && pair.suite === 'deductive/prontoqa',
    );
    expect(act?.prompt.endsWith('Thought:')).toBe(true);
    expect(act?.completion).toMatch(
      /^ I check the statement with the prover\.\nAction: prover\nAction Input: \{"goal":".+"\}$/,
    );
    // The second prompt holds the prover's real observation.
    expect(answer?.prompt).toMatch(/\nObservation: (true|false|unknown)\b/);
    expect(answer?.completion).toMatch(/^ I know the answer\nFinal Answer: [AB]$/);
  });

  it('exports only the suites and reasoners asked for, the same pairs as a full export', async () => {
    const all: Pair[] = [];
    for await (const pair of exportPairs({ perSuite: 2, seed: 7, variants: 1 })) all.push(pair);
    const some: Pair[] = [];
    const only = { suites: ['deductive/prontoqa'], reasoners: ['cot'] };
    for await (const pair of exportPairs({ perSuite: 2, seed: 7, variants: 1, ...only }))
      some.push(pair);

    expect(some).toHaveLength(4);
    expect(some).toEqual(
      all.filter((pair) => pair.suite === 'deductive/prontoqa' && pair.reasoner === 'cot'),
    );
  });

  it('asks other statements of an item’s subject, labelled by the prover', () => {
    for (const suite of ['deductive/prontoqa', 'deductive/proofwriter']) {
      for (const item of loadSuite(suite, { split: 'train', count: 5, seed: 7 })) {
        const subject = /^(.+?) is /.exec(statementOf(item.question))?.[1];
        const variants = statementVariants(item, 2, 7);
        // Relational statements ("The cat sees the dog.") get none unless asked for.
        expect(variants.length > 0).toBe(subject !== undefined);
        for (const variant of variants) {
          const asked = statementOf(variant.question);
          expect(asked.startsWith(`${subject} is `)).toBe(true);
          expect(asked).not.toBe(statementOf(item.question));
          const verdict = prove({ facts: item.context ?? '', goal: asked }).answer;
          expect(variant.answer).toBe({ true: 'A', false: 'B', unknown: 'C' }[verdict]);
          expect(variant.context).toBe(item.context);
        }
      }
    }
  });

  it('asks relational statements of ProofWriter’s animals when asked to, labelled by the prover', () => {
    const items = generateProofwriter({ seed: 7, count: 40, split: 'train' });
    const relational = /^The (.+?) (?:does not [a-z]+|[a-z]+s) the (.+?)\.$/;
    let asked = 0;
    for (const item of items) {
      const variants = statementVariants(item, 2, 7, 1);
      // A relational fact (not a rule that names a relation).
      const related = /(?:^|\. )The [a-z ]+? (?:[a-z]+s|does not [a-z]+) the [a-z ]+\./.test(
        item.context ?? '',
      );
      for (const variant of variants) {
        const statement = statementOf(variant.question);
        const match = relational.exec(statement);
        if (!related) {
          expect(match).toBeNull();
          continue;
        }
        asked++;
        expect(match).not.toBeNull();
        // Both animals are named in the context, and the prover gives the label.
        for (const animal of [match?.[1], match?.[2]])
          expect(item.context?.toLowerCase()).toContain(`the ${animal}`);
        const verdict = prove({ facts: item.context ?? '', goal: statement }).answer;
        expect(variant.answer).toBe({ true: 'A', false: 'B', unknown: 'C' }[verdict]);
      }
    }
    expect(asked).toBeGreaterThan(10);
  });

  it('renames every train-split entity consistently, to names no split or grammar uses', () => {
    const known = [
      ...Object.values(SPLIT_NAMES).flat(),
      ...Object.values(PEOPLE).flat(),
      ...Object.values(ANIMALS).flat(),
    ];
    for (const [suite, style] of [
      ['deductive/prontoqa', 'closed'],
      ['deductive/proofwriter', 'closed'],
      ['deductive/prontoqa', 'open'],
      ['deductive/proofwriter', 'open'],
    ] as const) {
      for (const item of loadSuite(suite, { split: 'train', count: 20, seed: 3 })) {
        const renamed = renameEntities(item, suite, createRandom(1), style);
        const text = [renamed.context, renamed.question, ...(renamed.goldReasoning ?? [])].join(
          ' ',
        );
        for (const name of known) expect(text).not.toMatch(new RegExp(`\\b${name}\\b`));
        // The same facts about other names: the prover's verdict is unchanged.
        const verdict = (one: typeof item) =>
          prove({ facts: one.context ?? '', goal: statementOf(one.question) }).answer;
        expect(verdict(renamed)).toBe(verdict(item));
        expect(renamed.answer).toBe(item.answer);
      }
    }
  });

  it('never renames an entity to the name of one the item keeps', () => {
    // Animals the renamer also invents: kept as they are, they must not be drawn again.
    const animals = ['bear', 'cat', 'cow', 'dog', 'pig', 'sheep', 'duck', 'hen'];
    const entities = (text: string) =>
      new Set([...text.matchAll(/\b[Tt]he ([a-z]+)\b/g)].map((match) => match[1]));
    let kept = 0;
    generateProofwriter({ seed: 12, count: 300, split: 'train', animals }).forEach(
      (item, index) => {
        const renamed = renameEntities(item, 'deductive/proofwriter', createRandom(index));
        const before = entities(item.context ?? '');
        expect(entities(renamed.context ?? '').size, item.id).toBe(before.size);
        if (['pig', 'sheep', 'duck', 'hen'].some((animal) => before.has(animal))) kept++;
        const verdict = (one: typeof item) =>
          prove({ facts: one.context ?? '', goal: statementOf(one.question) }).answer;
        expect(verdict(renamed), item.id).toBe(verdict(item));
      },
    );
    expect(kept).toBeGreaterThan(50);
  });

  it('gives open names of more shapes: animals of two words or none listed, people with clusters', () => {
    const subjects = (style: NameStyle) =>
      loadSuite('deductive/proofwriter', { split: 'train', count: 80, seed: 3 }).map(
        (item, index) => {
          const renamed = renameEntities(item, 'deductive/proofwriter', createRandom(index), style);
          return /^(?:The )?(.+?) (?:is|are|does|[a-z]+s) /.exec(
            statementOf(renamed.question),
          )?.[1];
        },
      );
    const shapes = (style: NameStyle) => {
      const names = subjects(style).filter((name) => name !== undefined);
      return {
        twoWords: names.filter((name) => name.includes(' ')).length,
        // People only: the listed animals include "crab" and "swan".
        clusters: names.filter((name) => /^(Br|Ch|Dr|Gl|Gr|Kr|Pl|Qu|Sh|Sk|St|Th|Tr)/.test(name))
          .length,
      };
    };
    expect(shapes('closed')).toEqual({ twoWords: 0, clusters: 0 });
    const open = shapes('open');
    expect(open.twoWords).toBeGreaterThan(5);
    expect(open.clusters).toBeGreaterThan(5);
  });

  it('passes the relational share and the name style through the export', async () => {
    const collect = async (options: { relational?: number; names?: NameStyle }) => {
      const pairs: Pair[] = [];
      const base = { perSuite: 6, seed: 7, variants: 2, rename: 1 };
      const only = { suites: ['deductive/proofwriter'], reasoners: ['react'] };
      for await (const pair of exportPairs({ ...base, ...only, ...options })) pairs.push(pair);
      // The first call of each ReAct run: the statement asked.
      return pairs.filter((pair) => !pair.prompt.includes('Observation:'));
    };
    const relationalAsked = (pairs: Pair[]) =>
      pairs.filter((pair) =>
        /\? The [a-z ]+ (?:does not [a-z]+|(?!is )[a-z]+s) the [a-z ]+\.\n/.test(pair.prompt),
      ).length;
    const [plain, relational, open] = [
      await collect({}),
      await collect({ relational: 1 }),
      await collect({ names: 'open' }),
    ];
    expect(relationalAsked(relational)).toBeGreaterThan(relationalAsked(plain));
    expect(open.map((pair) => pair.prompt)).not.toEqual(plain.map((pair) => pair.prompt));
    for (const pair of open) {
      // The statement asked (the prompt's instructions have examples of their own).
      const asked = /unknown\? (.+)\n/.exec(pair.prompt)?.[1];
      expect(asked).toBeDefined();
      for (const name of [...PEOPLE.train, ...ANIMALS.train]) {
        expect(asked).not.toMatch(new RegExp(`\\b${name}\\b`, 'i'));
      }
    }
  });

  it('exports renamed items whose teacher replies still read back as gold', async () => {
    const renamed: Pair[] = [];
    for await (const pair of exportPairs({ perSuite: 2, seed: 7, variants: 1, rename: 1 }))
      renamed.push(pair);
    const prontoqa = renamed.filter((pair) => pair.suite === 'deductive/prontoqa');
    expect(prontoqa.length).toBeGreaterThan(0);
    for (const pair of prontoqa) {
      for (const name of SPLIT_NAMES.train) {
        expect(pair.prompt + pair.completion).not.toMatch(new RegExp(`\\b${name}\\b`));
      }
    }
  });

  it('writes PrOntoQA chains with their rules in one form, the rest as stated', async () => {
    const collect = async (ruleForm: 'stated' | 'one') => {
      const pairs: Pair[] = [];
      const options = { perSuite: 3, seed: 7, reasoners: ['cot'], ruleForm };
      for await (const pair of exportPairs(options)) pairs.push(pair);
      return pairs;
    };
    const [stated, one] = [await collect('stated'), await collect('one')];
    expect(one.map((pair) => pair.prompt)).toEqual(stated.map((pair) => pair.prompt));
    one.forEach((pair, index) => {
      const as = stated[index]?.completion ?? '';
      if (pair.suite !== 'deductive/prontoqa') return expect(pair.completion).toBe(as);
      expect(pair.completion).toBe(as.split('\n').map(oneRuleForm).join('\n'));
      const rules = pair.completion
        .split('\n')
        .filter((_, line) => line % 2 === 1)
        .slice(0, -1);
      expect(rules.every((line) => line.startsWith('Each '))).toBe(true);
    });
  });

  it('draws ProofWriter items with the distractor facts asked for', async () => {
    const pairs: Pair[] = [];
    const options = {
      perSuite: 2,
      seed: 7,
      suites: ['deductive/proofwriter'],
      reasoners: ['direct'],
    };
    for await (const pair of exportPairs({ ...options, distractorFacts: [4, 12] }))
      pairs.push(pair);
    const items = generateProofwriter({
      seed: 7,
      count: 4,
      split: 'train',
      distractorFacts: [4, 12],
    });
    expect(
      pairs.map((pair) => pair.prompt.includes(items[pairs.indexOf(pair)]?.context ?? '?')),
    ).toEqual([true, true, true, true]);
  });

  it('draws ProofWriter’s animals from the list asked for, never the test split’s', async () => {
    const animals = ['tiger', 'bald eagle', 'bear', 'cat'];
    const options = {
      perSuite: 12,
      seed: 7,
      suites: ['deductive/proofwriter'],
      reasoners: ['direct'],
    };
    const pairs: Pair[] = [];
    for await (const pair of exportPairs({ ...options, animals })) pairs.push(pair);
    const items = generateProofwriter({ seed: 7, count: 24, split: 'train', animals });
    expect(pairs.map((pair, index) => pair.prompt.includes(items[index]?.context ?? '?'))).toEqual(
      items.map(() => true),
    );
    expect(pairs.some((pair) => pair.prompt.includes('the bald eagle'))).toBe(true);

    const leak = exportPairs({ ...options, animals: ['tiger', 'owl', 'bear', 'cat'] });
    await expect(leak.next()).rejects.toThrow(/"owl" is an animal of the generated test split/);
    expect(() => checkAnimals(animals, ['deductive/prontoqa'])).toThrow(
      /add deductive\/proofwriter/,
    );
    expect(() => checkAnimals(['tiger', 'bear', 'cat'])).toThrow(/at least 4/);
  });

  it('refuses bad flags with one line and exit code 2, writing no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-export-'));
    const out = join(dir, 'pairs.jsonl');
    const run = async (...flags: string[]) => {
      try {
        await exec(process.execPath, ['--import', 'tsx', SCRIPT, '--out', out, ...flags]);
        return { code: 0, stderr: '' };
      } catch (error) {
        return error as { code: number; stderr: string };
      }
    };
    for (const [flags, message] of [
      [['--animals', 'bear,cat,cow,owl'], /^export-data: "owl" is an animal of the generated test/],
      [['--rename', '5'], /^export-data: --rename is a share from 0 to 1, got "5"\.\n$/],
      [['--suites', 'nosuch'], /^export-data: --suites: no "nosuch"; choose from deductive/],
    ] as const) {
      const result = await run(...flags);
      expect(result.code, flags.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
    rmSync(dir, { recursive: true });
  });

  it('splits text so that a word is the same tokens after a space, a quote or a line break', () => {
    const pieces = (text: string) => text.match(PIECES) ?? [];
    expect(pieces('false? Rosa is not floral.')).toEqual([
      'false',
      '? ',
      'Rosa ',
      'is ',
      'not ',
      'floral',
      '.',
    ]);
    expect(pieces('{"goal":"Rosa is')).toEqual(['{"', 'goal', '":"', 'Rosa ', 'is']);
    expect(pieces('.\nRosa is 12')).toEqual(['.', '\n', 'Rosa ', 'is ', '1', '2']);
  });
});
