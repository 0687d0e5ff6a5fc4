/**
 * Exports training pairs for the embedded model: the exact prompts that
 * stepwise's reasoners render for a model without a chat template, each
 * with the completion a perfect model would write, taken from the
 * generators' gold reasoning and answers.
 *
 * The real reasoners run, against a teacher backend that answers every
 * call with the gold completion, so prompts (and ReAct's scratchpad with
 * the prover's real observation) are byte for byte what they send at run
 * time.
 *
 *   tsx scripts/training/export-data.ts --out .training/data.jsonl --per-suite 2000 --seed 7
 *   tsx scripts/training/export-data.ts --help
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { renderPrompt } from '../../src/backends/local-prompt.js';
import {
  type Backend,
  type GenerateRequest,
  type GenerateResult,
  requestMessages,
  streamFromGenerate,
} from '../../src/core/backend.js';
import type { Reasoner } from '../../src/core/reasoner.js';
import { solve } from '../../src/core/run.js';
import { emptyUsage } from '../../src/core/usage.js';
import type { EvalItem } from '../../src/eval/item.js';
import { suiteItems } from '../../src/eval/suites.js';
import { ChainOfThought } from '../../src/reasoners/chain-of-thought.js';
import { Direct } from '../../src/reasoners/direct.js';
import { ReAct } from '../../src/reasoners/react/react.js';
import { prove } from '../../src/tools/prover.js';
import { getTools } from '../../src/tools/registry.js';
import { oneRuleForm } from '../../src/eval/generators/prontoqa.js';
import { generateProofwriter, validateAnimals } from '../../src/eval/generators/proofwriter.js';
import { ANIMALS, VERBS, type Verb } from '../../src/eval/generators/proofwriter-vocabulary.js';
import { deriveSeed } from '../../src/util/hash.js';
import { type Random, createRandom } from '../../src/util/random.js';
import { type NameStyle, renameEntities } from './rename.js';

/**
 * Suites and their share of `perSuite` items: the deductive ones, which the
 * model card's targets are on, get twice as many; corr2cause has about 900
 * distinct items per split, so it is capped below that.
 */
const SUITES: { name: string; share: number; cap?: number }[] = [
  { name: 'deductive/prontoqa', share: 2 },
  { name: 'deductive/proofwriter', share: 2 },
  { name: 'inductive/kinship', share: 1 },
  { name: 'inductive/rules', share: 1 },
  { name: 'causal/ladder', share: 1 },
  { name: 'causal/corr2cause', share: 1, cap: 800 },
];

/** The prover settles these suites' statements, so ReAct is trained on them. */
const PROVABLE = new Set(['deductive/prontoqa', 'deductive/proofwriter']);

export interface Pair {
  suite: string;
  reasoner: string;
  difficulty: Record<string, number>;
  prompt: string;
  completion: string;
}

/** The statement a true/false question asks about: the text after its question mark. */
export function statementOf(question: string): string {
  const at = question.lastIndexOf('?');
  return (at >= 0 ? question.slice(at + 1) : question).trim();
}

/**
 * How a chain of thought writes the rules it applies: `stated`, as the
 * context states them (PrOntoQA's own chains); `one`, PrOntoQA's rules all
 * as "Each X is Y." (see `oneRuleForm`).
 */
export type RuleForm = 'stated' | 'one';

/** What a perfect model replies to one call of a reasoner on an item. */
function teacherReply(
  reasoner: string,
  item: EvalItem,
  prompt: string,
  ruleForm: RuleForm,
): string {
  const answer = `Answer: ${item.answer}`;
  if (reasoner === 'direct') return answer;
  if (reasoner === 'cot') {
    const chain = item.goldReasoning ?? [];
    const lines =
      ruleForm === 'one' && item.suite === 'deductive/prontoqa' ? chain.map(oneRuleForm) : chain;
    return `${lines.join('\n')}\n${answer}`;
  }
  // ReAct's text protocol: the prompt ends with the cue `Thought:`. Prove the
  // statement first; once the prover's observation is in, answer from it.
  if (!prompt.includes('\nObservation: ')) {
    const goal = JSON.stringify({ goal: statementOf(item.question) });
    return ` I check the statement with the prover.\nAction: prover\nAction Input: ${goal}`;
  }
  return ` I know the answer\nFinal Answer: ${item.answer}`;
}

/** A backend that answers as the teacher and records each (prompt, completion). */
class TeacherBackend implements Backend {
  readonly id = 'teacher';
  readonly capabilities = {
    streaming: false,
    tools: false,
    logprobs: false,
    n: false,
    seed: false,
    chat: false,
  };
  readonly pairs: { prompt: string; completion: string }[] = [];

  constructor(
    private readonly reasoner: string,
    private readonly item: EvalItem,
    private readonly ruleForm: RuleForm,
  ) {}

  identity(): Promise<string> {
    return Promise.resolve('teacher');
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const prompt = renderPrompt(requestMessages(request));
    const completion = teacherReply(this.reasoner, this.item, prompt, this.ruleForm);
    this.pairs.push({ prompt, completion });
    return {
      choices: [{ text: completion, finishReason: 'stop' }],
      usage: emptyUsage(),
      model: 'teacher',
    };
  }

  stream(request: GenerateRequest) {
    return streamFromGenerate(this, request);
  }
}

function reasonersFor(suite: string): [string, Reasoner][] {
  const list: [string, Reasoner][] = [
    ['direct', new Direct()],
    ['cot', new ChainOfThought()],
  ];
  if (PROVABLE.has(suite)) {
    list.push(['react', new ReAct({ tools: getTools(['prover']), protocol: 'text' })]);
  }
  return list;
}

/**
 * Items like `item` that ask about other statements of its subject: a
 * property named in the context, negated or not at random. With a
 * `relational` share, that share of an attribute question's variants, and
 * every variant of a relational question, ask a relational statement over
 * the context's animals instead (where it states relations). The prover
 * gives the gold label. A generator's question is partly predictable from
 * its context (it asks about the end of the proof chain), so without these
 * a model learns to guess the statement instead of copying it from the
 * question, and fails on other wordings.
 */
export function statementVariants(
  item: EvalItem,
  count: number,
  seed: number,
  relational = 0,
): EvalItem[] {
  const statement = statementOf(item.question);
  const subject = /^(.+?) is /.exec(statement)?.[1];
  if (!item.context || !item.options) return [];
  const relations = relational > 0 ? relationalFacts(item.context) : [];
  if (!subject && relations.length === 0) return [];
  const random = createRandom(deriveSeed(seed, item.id, 'variants'));
  const relationalDraw = () => relations.length > 0 && random.next() < relational;
  const properties = [
    ...new Set(
      [...item.context.matchAll(/\b(?:is|are) (?:not )?([a-z]+)\./g)].map(
        (match) => match[1] ?? '',
      ),
    ),
  ].filter(Boolean);
  const variants: EvalItem[] = [];
  for (let attempt = 0; attempt < count * 4 && variants.length < count; attempt++) {
    const asked =
      relationalDraw() || !subject
        ? relationalStatement(relations, random)
        : attributeStatement(subject, properties, random);
    if (asked === statement) continue;
    const verdict = prove({ facts: item.context, goal: asked }).answer;
    const letter = { true: 'A', false: 'B', unknown: 'C' }[verdict];
    if (letter === 'C' && item.options.length < 3) continue;
    variants.push({
      ...item,
      id: `${item.id}-v${variants.length}`,
      question: item.question.slice(0, item.question.length - statement.length) + asked,
      answer: letter,
      goldReasoning: null,
    });
  }
  return variants;
}

/** "X is P." or "X is not P.", for a property drawn from `properties`. */
function attributeStatement(subject: string, properties: string[], random: Random): string {
  const property = random.pick(properties);
  return `${subject} is ${random.bool() ? 'not ' : ''}${property}.`;
}

interface RelationalFact {
  subject: string;
  verb: Verb;
  object: string;
}

/** ProofWriter's verbs by each form a fact writes them in ("sees", "does not see"). */
const VERB_BY_FORM = new Map(
  VERBS.flatMap((verb) => [
    [verb.third, verb],
    [`does not ${verb.base}`, verb],
  ]),
);
const RELATIONAL_FACT = new RegExp(
  `^The (.+?) (${[...VERB_BY_FORM.keys()].join('|')}) the (.+?)\\.$`,
);

/** The relational facts a ProofWriter context states ("The cat sees the bald eagle."). */
function relationalFacts(context: string): RelationalFact[] {
  const facts: RelationalFact[] = [];
  for (const sentence of context.split(/(?<=\.) /)) {
    const [, subject, form, object] = RELATIONAL_FACT.exec(sentence) ?? [];
    const verb = VERB_BY_FORM.get(form ?? '');
    if (subject && verb && object) facts.push({ subject, verb, object });
  }
  return facts;
}

/**
 * A relational statement over the entities and verbs of `facts` (at least
 * one), negated or not at random: "The lion does not chase the cow."
 */
function relationalStatement(facts: RelationalFact[], random: Random): string {
  const animals = [...new Set(facts.flatMap((fact) => [fact.subject, fact.object]))];
  const verb = random.pick(facts).verb;
  const [subject, object] = [random.pick(animals), random.pick(animals)];
  return random.bool()
    ? `The ${subject} ${verb.third} the ${object}.`
    : `The ${subject} does not ${verb.base} the ${object}.`;
}

export interface ExportOptions {
  /** Train-split items per suite, times the suite's share. */
  perSuite: number;
  seed: number;
  /** More statements per deductive item, for ReAct. Default: 0. */
  variants?: number;
  /**
   * Share of an attribute question's variants that ask a relational statement
   * ("The cat sees the dog.") where the context states relations; a
   * relational question's variants all do once this is above 0. Default: 0.
   */
  relational?: number;
  /** Share of the items that get invented entity names (see rename.ts). Default: 0. */
  rename?: number;
  /** Which invented names (see rename.ts). Default: `closed`. */
  names?: NameStyle;
  /** Keep only the pairs of these suites and reasoners. */
  suites?: string[];
  reasoners?: string[];
  /** How chains of thought write PrOntoQA's rules. Default: `stated`. */
  ruleForm?: RuleForm;
  /** ProofWriter's distractor facts, fewest and most (the generator's default if absent). */
  distractorFacts?: readonly [number, number];
  /**
   * The animals of ProofWriter's animal theories instead of the train
   * split's (the generator's default if absent). None may be a test-split
   * animal, so the generated test split stays unseen. Renaming replaces
   * only the train split's animals: any other listed animal keeps its name.
   */
  animals?: readonly string[];
}

/**
 * Throws unless `animals` can name ProofWriter's animals in an export of
 * `suites` (all if absent): the generator's rules, no test-split animal,
 * and ProofWriter among the suites.
 */
export function checkAnimals(animals: readonly string[], suites?: readonly string[]): void {
  if (suites && !suites.includes('deductive/proofwriter')) {
    throw new Error(
      "--animals names ProofWriter's animals; add deductive/proofwriter to --suites.",
    );
  }
  validateAnimals(animals);
  const testAnimal = animals.find((animal) => ANIMALS.test.includes(animal));
  if (testAnimal !== undefined) {
    throw new Error(
      `"${testAnimal}" is an animal of the generated test split, which training must not see; ` +
        'remove it from the animals.',
    );
  }
}

/** The train-split items of a suite that the export draws from. */
function trainItems(suite: string, count: number, options: ExportOptions): Iterable<EvalItem> {
  const { seed, distractorFacts, animals } = options;
  if (suite === 'deductive/proofwriter' && (distractorFacts || animals)) {
    return generateProofwriter({ seed, split: 'train', count, distractorFacts, animals });
  }
  return suiteItems(suite, { split: 'train', count, seed }).items;
}

/** Every training pair of the items `options` asks for, in suite order. */
export async function* exportPairs(options: ExportOptions): AsyncGenerator<Pair> {
  const {
    perSuite,
    seed,
    variants = 0,
    rename = 0,
    names = 'closed',
    ruleForm = 'stated',
  } = options;
  if (options.animals) checkAnimals(options.animals, options.suites);
  const reasonerWanted = (name: string) => !options.reasoners || options.reasoners.includes(name);
  for (const { name: suite, share, cap } of SUITES) {
    if (options.suites && !options.suites.includes(suite)) continue;
    const count = Math.min(perSuite * share, cap ?? Infinity);
    for (const generated of trainItems(suite, count, options)) {
      const random = createRandom(deriveSeed(seed, generated.id, 'rename'));
      const original =
        random.next() < rename ? renameEntities(generated, suite, random, names) : generated;
      const extra =
        PROVABLE.has(suite) && reasonerWanted('react')
          ? statementVariants(original, variants, seed, options.relational)
          : [];
      for (const [item, name, reasoner] of [
        ...reasonersFor(suite).map(([name, reasoner]) => [original, name, reasoner] as const),
        // Variants have no gold reasoning: they train ReAct only.
        ...extra.flatMap((variant) =>
          reasonersFor(suite)
            .filter(([name]) => name === 'react')
            .map(([name, reasoner]) => [variant, name, reasoner] as const),
        ),
      ]) {
        if (!reasonerWanted(name)) continue;
        const teacher = new TeacherBackend(name, item, ruleForm);
        const trace = await solve(
          reasoner,
          {
            question: item.question,
            context: item.context,
            options: item.options,
            format: item.format,
          },
          { backend: teacher },
        );
        // The teacher's answer must read back as gold, or the pair teaches a wrong format.
        if (trace.result.answer !== item.answer) {
          throw new Error(
            `${name} on ${item.id}: the teacher's reply reads as ${trace.result.answer}, not ${item.answer}.`,
          );
        }
        for (const pair of teacher.pairs) {
          yield { suite, reasoner: name, difficulty: item.difficulty, ...pair };
        }
      }
    }
  }
}

const USAGE = `Usage: tsx scripts/training/export-data.ts [options]
  --out FILE               where the pairs go, one JSON per line (default .training/data.jsonl)
  --per-suite N            items per suite, twice as many for the deductive ones (default 2000)
  --seed S                 generator seed (default 7)
  --variants N             more statements per deductive item for ReAct (default 0)
  --relational S           share of ProofWriter's variants asked as relations, 0-1 (default 0)
  --rename S               share of items whose entities get invented names, 0-1 (default 0)
  --names closed|open      which invented names (default closed)
  --suites a,b             only these suites (${SUITES.map((suite) => suite.name).join(', ')})
  --reasoners a,b          only these reasoners (direct, cot, react)
  --rule-form stated|one   how PrOntoQA's chains write their rules (default stated)
  --distractor-facts L,H   ProofWriter's fewest and most distractor facts
  --animals a,b,...        ProofWriter's animals instead of the train split's (at least 4)
`;

/** A whole number of at least `least`, or an error naming the flag. */
function wholeNumber(flag: string, text: string, least: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < least) {
    throw new Error(`${flag} is a whole number of at least ${least}, got "${text}".`);
  }
  return value;
}

/** A share from 0 to 1, or an error naming the flag. */
function share(flag: string, text: string): number {
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) {
    throw new Error(`${flag} is a share from 0 to 1, got "${text}".`);
  }
  return value;
}

/** A comma list whose every entry is one of `known`, or an error naming the flag. */
function listOf(flag: string, text: string | undefined, known: readonly string[]) {
  const list = text?.split(',');
  const unknown = list?.find((entry) => !known.includes(entry));
  if (unknown !== undefined) {
    throw new Error(`${flag}: no "${unknown}"; choose from ${known.join(', ')}.`);
  }
  return list;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', short: 'h' },
      out: { type: 'string', default: '.training/data.jsonl' },
      'per-suite': { type: 'string', default: '2000' },
      seed: { type: 'string', default: '7' },
      variants: { type: 'string', default: '0' },
      relational: { type: 'string', default: '0' },
      rename: { type: 'string', default: '0' },
      names: { type: 'string', default: 'closed' },
      suites: { type: 'string' },
      reasoners: { type: 'string' },
      'rule-form': { type: 'string', default: 'stated' },
      'distractor-facts': { type: 'string' },
      animals: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const ruleForm = values['rule-form'];
  if (ruleForm !== 'stated' && ruleForm !== 'one') {
    throw new Error(`--rule-form is stated or one, got "${ruleForm}".`);
  }
  const names = values.names;
  if (names !== 'closed' && names !== 'open') {
    throw new Error(`--names is closed or open, got "${names}".`);
  }
  const facts = values['distractor-facts']?.split(',');
  if (facts && facts.length !== 2) {
    throw new Error(`--distractor-facts is "fewest,most", got "${values['distractor-facts']}".`);
  }
  const suites = listOf(
    '--suites',
    values.suites,
    SUITES.map((suite) => suite.name),
  );
  const animals = values.animals?.split(',');
  const options: ExportOptions = {
    perSuite: wholeNumber('--per-suite', values['per-suite'], 1),
    seed: wholeNumber('--seed', values.seed, 0),
    variants: wholeNumber('--variants', values.variants, 0),
    relational: share('--relational', values.relational),
    rename: share('--rename', values.rename),
    names,
    suites,
    reasoners: listOf('--reasoners', values.reasoners, ['direct', 'cot', 'react']),
    ruleForm,
    distractorFacts: facts && [
      wholeNumber('--distractor-facts', facts[0] ?? '', 0),
      wholeNumber('--distractor-facts', facts[1] ?? '', 0),
    ],
    animals,
  };
  // Checked before the output file is opened, so a bad list leaves no file behind.
  if (animals) checkAnimals(animals, suites);

  const out = values.out;
  await mkdir(dirname(out), { recursive: true });
  const file = createWriteStream(out);
  let count = 0;
  for await (const pair of exportPairs(options)) {
    if (!file.write(`${JSON.stringify(pair)}\n`)) {
      await new Promise<void>((resume) => file.once('drain', () => resume()));
    }
    count++;
  }
  await new Promise<void>((done) => file.end(done));
  process.stdout.write(`${count} pairs -> ${out}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    // One line for what to fix; DEBUG=1 adds the stack.
    process.stderr.write(`export-data: ${error instanceof Error ? error.message : error}\n`);
    if (process.env.DEBUG) console.error(error);
    process.exitCode = 2;
  });
}
