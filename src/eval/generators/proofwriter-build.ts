import type { Random } from '../../util/random.js';
import {
  bind,
  fitsClassForm,
  type Literal,
  negate,
  type Rule,
  type Theory,
  VARIABLE,
} from './proofwriter-theory.js';
import { ATTRIBUTES, PEOPLE, type ProofwriterSplit, VERBS } from './proofwriter-vocabulary.js';

export type ProofwriterLabel = 'true' | 'false' | 'unknown';

export interface DraftPlan {
  split: ProofwriterSplit;
  /** Rule applications the question needs (for `unknown`: the closure's depth). */
  depth: number;
  label: ProofwriterLabel;
  /** People ("Anne", "someone") or animals ("the bear", "something"). */
  people: boolean;
  /** The animals an animal theory draws its entities from (people come from the split). */
  animals: readonly string[];
  /** Fewest and most distractor facts. */
  distractorFacts: readonly [number, number];
}

/** A theory and the statement asked about; the caller checks it by chaining. */
export interface Draft {
  theory: Theory;
  question: Literal;
}

interface Builder {
  random: Random;
  people: boolean;
  entities: string[];
  attributes: string[];
  facts: Literal[];
  rules: Rule[];
  /** Subject-predicate(-object) slots the planted chain already uses. */
  used: Set<string>;
}

/**
 * Plants a proof chain of `depth` rule applications ending in the asked
 * literal (or, for `unknown`, a rule one condition short of it), then
 * adds distractor facts and rules. The caller keeps the draft only when
 * chaining gives the planned label and depth.
 */
export function draftTheory(random: Random, plan: DraftPlan): Draft {
  const { people } = plan;
  const pool = people ? PEOPLE[plan.split] : plan.animals;
  const builder: Builder = {
    random,
    people,
    entities: random.shuffle(pool).slice(0, random.int(3, 4)),
    attributes: random.shuffle(ATTRIBUTES).slice(0, random.int(6, 8)),
    facts: [],
    rules: [],
    used: new Set(),
  };

  // Asked polarity is drawn first, so "not" in a question says nothing about the label.
  const askedNegated = random.bool();
  const lastNegated = plan.label === 'false' ? !askedNegated : askedNegated;
  const chain = plantChain(builder, plan.depth, lastNegated);
  const last = chain.at(-1) ?? chain[0];
  if (!last) throw new RangeError('A chain has at least its starting fact.');

  // Every theory gets a near miss, so its presence does not mark Unknown items.
  const missed = plantBrokenRule(builder, random.pick(chain));
  let question: Literal;
  if (plan.label === 'unknown') question = { ...missed, negated: askedNegated };
  else question = plan.label === 'true' ? last : negate(last);

  addDistractors(builder, question, plan.distractorFacts);
  const rules = builder.rules.map((rule) => ({
    ...rule,
    form: fitsClassForm(rule) && random.bool(0.4) ? ('class' as const) : ('if' as const),
  }));
  return {
    theory: { people, facts: random.shuffle(builder.facts), rules: random.shuffle(rules) },
    question,
  };
}

/** The starting fact and each literal derived from it, in order. */
function plantChain(builder: Builder, depth: number, lastNegated: boolean): Literal[] {
  const { random } = builder;
  const subject = builder.entities[0] ?? '';
  const startNegated = depth === 0 ? lastNegated : random.bool(0.3);
  const start = freshLiteral(builder, subject, startNegated, 0.35);
  builder.facts.push(start);

  const chain = [start];
  let current = start;
  for (let step = 1; step <= depth; step++) {
    const negated = step === depth ? lastNegated : random.bool(0.3);
    current = plantStep(builder, current, negated);
    chain.push(current);
  }
  return chain;
}

/** A rule whose condition is `current` and whose conclusion is new; returns it bound. */
function plantStep(builder: Builder, current: Literal, negated: boolean): Literal {
  const { random } = builder;
  const subject = current.subject;
  const conditions = [lift(current, subject)];
  if (random.bool(0.35)) {
    const extra = freshLiteral(builder, subject, random.bool(0.25), 0);
    builder.facts.push(extra);
    conditions.splice(random.int(0, 1), 0, lift(extra, subject));
  }

  // From a relation the chain may move on to its object: "... then the dog chases it".
  const object = current.object;
  const move = object !== null && random.bool(0.5);
  if (move && random.bool()) {
    const conclusion = freshLiteral(builder, object, negated, 0);
    builder.rules.push({ conditions, conclusion, form: 'if' });
    return conclusion;
  }
  if (move) {
    const verb = freshVerb(builder, object, subject);
    if (verb) {
      const bound: Literal = { predicate: verb, subject: object, object: subject, negated };
      builder.rules.push({ conditions, conclusion: lift(bound, subject), form: 'if' });
      return bound;
    }
  }

  // A ground rule names its entity: "If the bear is big then the bear is red."
  const ground = random.bool(0.15);
  const conclusion = freshLiteral(builder, subject, negated, 0.3);
  builder.rules.push({
    conditions: ground ? conditions.map((condition) => bind(condition, subject)) : conditions,
    conclusion: ground ? conclusion : lift(conclusion, subject),
    form: 'if',
  });
  return conclusion;
}

/**
 * A rule that would conclude a new literal about a chain entity but has
 * a condition nothing gives: a fresh attribute, or the opposite of a fact.
 */
function plantBrokenRule(builder: Builder, anchor: Literal): Literal {
  const { random } = builder;
  const subject = anchor.subject;
  const stated = builder.facts.filter(
    (fact) => fact.subject === subject && fact.object === null && !sameSlot(fact, anchor),
  );
  const trap = stated.length > 0 && random.bool(0.4);
  const missing = trap
    ? negate(random.pick(stated))
    : freshLiteral(builder, subject, random.bool(0.25), 0);
  const conditions = random.bool(0.3)
    ? [lift(missing, subject)]
    : random.shuffle([lift(anchor, subject), lift(missing, subject)]);
  const asked = freshLiteral(builder, subject, random.bool(), 0.3);
  builder.rules.push({ conditions, conclusion: lift(asked, subject), form: 'if' });
  return asked;
}

function addDistractors(
  builder: Builder,
  question: Literal,
  [fewest, most]: readonly [number, number],
): void {
  const { random, entities } = builder;
  for (let count = random.int(fewest, most); count > 0; count--) {
    const literal = randomLiteral(builder, random.pick(entities), 0.35);
    const taken = builder.facts.some((fact) => sameSlot(fact, literal));
    if (!taken && !sameSlot(literal, question)) builder.facts.push(literal);
  }

  for (let count = random.int(1, 3); count > 0; count--) {
    const [conclusion, ...conditions] = distinctLiterals(builder, random.bool(0.4) ? 3 : 2);
    if (conclusion) builder.rules.push({ conditions, conclusion, form: 'if' });
  }

  // A rule concluding the asked statement for whatever else fits it, so that a
  // rule with the question's wording does not mark True items.
  if (random.bool(0.7)) {
    const condition = randomLiteral(builder, VARIABLE, 0.25);
    const conclusion = lift(random.bool(0.75) ? question : negate(question), question.subject);
    if (!sameSlot(condition, conclusion)) {
      builder.rules.push({ conditions: [condition], conclusion, form: 'if' });
    }
  }
}

/** Literals of the variable on different predicates, for a rule that reads sensibly. */
function distinctLiterals(builder: Builder, count: number): Literal[] {
  const literals: Literal[] = [];
  for (let tries = 0; literals.length < count && tries < 20; tries++) {
    const negatedChance = literals.length === 0 ? 0.35 : 0.25;
    const literal = randomLiteral(builder, VARIABLE, negatedChance);
    if (!literals.some((other) => sameSlot(other, literal))) literals.push(literal);
  }
  return literals;
}

function sameSlot(a: Literal, b: Literal): boolean {
  return a.subject === b.subject && a.predicate === b.predicate && a.object === b.object;
}

/** An attribute (or, for animals, a relation) of `subject` no chain step used yet. */
function freshLiteral(
  builder: Builder,
  subject: string,
  negated: boolean,
  relationChance: number,
): Literal {
  const { random } = builder;
  if (!builder.people && random.bool(relationChance)) {
    const object = random.pick(builder.entities.filter((entity) => entity !== subject));
    const verb = freshVerb(builder, subject, object);
    if (verb) return { predicate: verb, subject, object, negated };
  }
  const free = builder.attributes.filter((word) => !builder.used.has(`${subject}|${word}`));
  const predicate = free.length > 0 ? random.pick(free) : random.pick(builder.attributes);
  builder.used.add(`${subject}|${predicate}`);
  return { predicate, subject, object: null, negated };
}

function freshVerb(builder: Builder, subject: string, object: string): string | null {
  const free = VERBS.filter((verb) => !builder.used.has(`${subject}|${verb.base}|${object}`));
  if (free.length === 0) return null;
  const verb = builder.random.pick(free).base;
  builder.used.add(`${subject}|${verb}|${object}`);
  return verb;
}

/** Any literal over the theory's words; `subject` may be the variable. */
function randomLiteral(builder: Builder, subject: string, negatedChance: number): Literal {
  const { random } = builder;
  const negated = random.bool(negatedChance);
  if (!builder.people && random.bool(0.35)) {
    const objects = builder.entities.filter((entity) => entity !== subject);
    const verb = random.pick(VERBS).base;
    return { predicate: verb, subject, object: random.pick(objects), negated };
  }
  return { predicate: random.pick(builder.attributes), subject, object: null, negated };
}

/** The literal with `entity` replaced by the variable. */
function lift(literal: Literal, entity: string): Literal {
  const swap = (term: string) => (term === entity ? VARIABLE : term);
  return {
    ...literal,
    subject: swap(literal.subject),
    object: literal.object === null ? null : swap(literal.object),
  };
}
