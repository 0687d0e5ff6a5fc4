import { capitalize } from '../../util/text.js';
import { InvalidInputError } from '../../core/errors.js';
import type { EvalItem } from '../item.js';
import { createRandom, hashString, type Random } from '../../util/random.js';
import {
  describeFunction,
  drawGrammar,
  type GrammarRule,
  isGrammarIdentifiable,
  meaning,
  expandPhrase,
} from './rules-grammar.js';
import {
  applySteps,
  describeStep,
  drawList,
  drawSteps,
  isIdentifiable,
  type ListStep,
  showList,
} from './rules-list.js';
import type { RulesSplit } from './rules-vocabulary.js';

export type { RulesSplit } from './rules-vocabulary.js';
export type { GrammarFunction, GrammarRule } from './rules-grammar.js';
export type { ListPrimitive, ListStep } from './rules-list.js';

export type RulesKind = 'list' | 'grammar' | 'mixed';

/** The rule behind an item, for checking items; never part of the item. */
export type HiddenRule = { kind: 'list'; steps: ListStep[] } | ({ kind: 'grammar' } & GrammarRule);

export interface RulesItemOptions {
  /** Seed of the whole set: the same seed gives the same items. */
  seed: number;
  /**
   * Which split. Grammars use each split's own invented words; a list
   * item belongs to the split its query list hashes to, so no query list
   * of one split is ever asked in another.
   */
  split: RulesSplit;
  /** Position of the item in its split, from 0. */
  index: number;
  /**
   * `list` (a hidden list function), `grammar` (a pseudo-word grammar) or
   * `mixed`: each pair of items holds one of each. Default: `mixed`.
   */
  kind?: RulesKind;
  /**
   * Primitives composed (list) or function words applied in the query
   * (grammar), 1 or 2. Default: each item draws 1 or 2.
   */
  depth?: number;
  /** Input-output examples in the context, 2 to 10. Default: 4. */
  examples?: number;
}

export interface GenerateRulesOptions extends Omit<RulesItemOptions, 'index'> {
  /** How many items to generate. */
  count: number;
}

const MAX_ATTEMPTS = 2000;
const SPLIT_BUCKET: Readonly<Record<RulesSplit, number>> = { train: 0, dev: 1, test: 2 };

/**
 * Generates rule-induction items: a few input-output examples of a
 * hidden rule and a new input, answered as a list ("3, 5, 7", "[]",
 * "red, red, blue"). An item is kept only when its examples identify the
 * answer: every rule of the library that fits them gives the same answer
 * (see `isIdentifiable` and `isGrammarIdentifiable`).
 *
 * Item i depends only on (seed, split, i), so a longer set starts with a
 * shorter one. Items are not deduplicated across indices; tests measure
 * the rate.
 */
export function generateRules(options: GenerateRulesOptions): EvalItem[] {
  const { count, ...rest } = options;
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidInputError(`count must be a whole number >= 0, got ${count}.`);
  }
  return Array.from({ length: count }, (_, index) => rulesItem({ ...rest, index }));
}

/** Item `index` of a split on its own, equal to `generateRules(...)[index]`. */
export function rulesItem(options: RulesItemOptions): EvalItem {
  return rulesItemWithRule(options).item;
}

/** An item with the rule behind it, for tests that check items independently. */
export function rulesItemWithRule(options: RulesItemOptions): { item: EvalItem; rule: HiddenRule } {
  const { seed, split, index } = options;
  const examples = options.examples ?? 4;
  validate({ seed, index, kind: options.kind, depth: options.depth, examples });

  const pair = hashString(`rules-kind:${seed}:${split}:${Math.floor(index / 2)}`) % 2;
  const mixed = pair === index % 2 ? 'list' : 'grammar';
  const kind = options.kind === undefined || options.kind === 'mixed' ? mixed : options.kind;
  const depth = options.depth ?? 1 + (hashString(`rules-depth:${seed}:${split}:${index}`) % 2);
  const id = `rules-${split}-${String(index + 1).padStart(4, '0')}`;

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const random = createRandom(hashString(`rules:${seed}:${split}:${index}:${attempt}`));
    const plan = { id, split, depth, examples };
    const result = kind === 'list' ? listItem(random, plan) : grammarItem(random, plan);
    if (result) return result;
  }
  throw new InvalidInputError(
    `Could not draw an identifiable ${kind} rule of depth ${depth} from ${examples} examples; ` +
      'allow more examples.',
  );
}

interface Plan {
  id: string;
  split: RulesSplit;
  depth: number;
  examples: number;
}

function listItem(random: Random, plan: Plan): { item: EvalItem; rule: HiddenRule } | null {
  const steps = drawSteps(random, plan.depth);
  const inputs: number[][] = [];
  for (let tries = 0; inputs.length < plan.examples + 1 && tries < 50; tries++) {
    const input = drawList(random);
    const last = inputs.length === plan.examples;
    const bucket = hashString(`rules-list-split:${input.join(',')}`) % 3;
    if (last && bucket !== SPLIT_BUCKET[plan.split]) continue;
    if (!inputs.some((other) => other.join(',') === input.join(','))) inputs.push(input);
  }
  const query = inputs.pop();
  if (!query || inputs.length < plan.examples) return null;

  const examples = inputs.map((input) => ({ input, output: applySteps(steps, input) }));
  const answer = applySteps(steps, query);

  // Examples that change nothing or empty every list show too little of the rule.
  const unchanged = examples.every(
    (example) => showList(example.output) === showList(example.input),
  );
  if (unchanged || examples.every((example) => example.output.length === 0)) return null;
  if (!isIdentifiable({ examples, query, answer, depth: plan.depth })) return null;

  const lines = examples.map(
    (example) => `${showList(example.input)} -> ${showList(example.output)}`,
  );
  const reasoning = [`The rule: ${steps.map(describeStep).join(', then ')}.`];
  let current = query;
  for (const step of steps) {
    const next = applySteps([step], current);
    reasoning.push(`${capitalize(describeStep(step))}: ${showList(current)} -> ${showList(next)}.`);
    current = next;
  }
  const item = baseItem(plan, {
    context: ['One hidden rule turns each input list into its output list.', ...lines].join('\n'),
    question: `What does the rule turn ${showList(query)} into? Answer with the output list.`,
    answer: answer.length === 0 ? '[]' : answer.join(', '),
    reasoning,
  });
  return { item, rule: { kind: 'list', steps } };
}

function grammarItem(random: Random, plan: Plan): { item: EvalItem; rule: HiddenRule } | null {
  const draft = drawGrammar(random, { split: plan.split, depth: plan.depth, count: plan.examples });
  const { rule, examples, query } = draft;
  if (examples.length !== plan.examples) return null;
  const answer = meaning(rule, query);
  const functionWords = Object.keys(rule.functions);
  if (!isGrammarIdentifiable({ examples, query, answer, functionWords })) return null;

  const lines = examples.map(
    (example) => `${example.phrase.join(' ')} -> ${example.output.join(' ')}`,
  );
  const reasoning = [
    ...[...new Set(query)].map((word) => {
      const name = rule.functions[word];
      return name ? describeFunction(word, name) : `"${word}" means ${rule.primitives[word]}.`;
    }),
    ...(expandPhrase(query, rule.functions)?.steps ?? []).map(
      (step) => `"${step.words.join(' ')}" means ${meaning(rule, step.words).join(' ')}.`,
    ),
  ];
  const item = baseItem(plan, {
    context: [
      'In an invented language, each phrase stands for a sequence of colours.',
      ...lines,
    ].join('\n'),
    question: `What does "${query.join(' ')}" stand for? Answer with the colours in order.`,
    answer: answer.join(', '),
    reasoning,
  });
  return { item, rule: { kind: 'grammar', ...rule } };
}

function baseItem(
  plan: Plan,
  parts: { context: string; question: string; answer: string; reasoning: string[] },
): EvalItem {
  return {
    id: plan.id,
    question: parts.question,
    context: parts.context,
    options: null,
    answer: parts.answer,
    format: 'list',
    category: 'inductive',
    suite: 'inductive/rules',
    difficulty: { depth: plan.depth, examples: plan.examples },
    goldReasoning: parts.reasoning,
  };
}

function validate(options: {
  seed: number;
  index: number;
  kind: string | undefined;
  depth: number | undefined;
  examples: number;
}) {
  const { seed, index, kind, depth, examples } = options;
  if (!Number.isFinite(seed)) {
    throw new InvalidInputError(`seed must be a finite number, got ${seed}.`);
  }
  if (!Number.isInteger(index) || index < 0) {
    throw new InvalidInputError(`index must be a whole number >= 0, got ${index}.`);
  }
  if (kind !== undefined && !['list', 'grammar', 'mixed'].includes(kind)) {
    throw new InvalidInputError(`kind must be "list", "grammar" or "mixed", got "${kind}".`);
  }
  if (depth !== undefined && depth !== 1 && depth !== 2) {
    throw new InvalidInputError(`depth must be 1 or 2, got ${depth}.`);
  }
  if (!Number.isInteger(examples) || examples < 2 || examples > 10) {
    throw new InvalidInputError(`examples must be a whole number from 2 to 10, got ${examples}.`);
  }
}
