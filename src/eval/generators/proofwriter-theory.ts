import { capitalize } from '../../util/text.js';
import { VERBS } from './proofwriter-vocabulary.js';

/** The one variable of a rule ("something", "it"). */
export const VARIABLE = '?x';

/**
 * `predicate(subject)` for an attribute ("the bear is big"), or
 * `predicate(subject, object)` for a relation ("the cat eats the dog").
 * Terms are entity names as written in the vocabulary, or `VARIABLE`.
 */
export interface Literal {
  predicate: string;
  subject: string;
  object: string | null;
  negated: boolean;
}

/**
 * An if-then rule. `form` picks the English: `class` ("All red things
 * are big.", "Red, cold things are big.") needs positive attributes of
 * the variable throughout; `if` always works.
 */
export interface Rule {
  conditions: Literal[];
  conclusion: Literal;
  form: 'if' | 'class';
}

export interface Theory {
  /** People ("someone", "they", names) or animals ("something", "the bear"). */
  people: boolean;
  facts: Literal[];
  rules: Rule[];
}

/** How a literal became known: stated (depth 0), or a rule applied to premises. */
export interface Derivation {
  literal: Literal;
  /** Rule applications on the longest branch of the shallowest proof. */
  depth: number;
  rule: number | null;
  premises: string[];
}

export function literalKey(literal: Literal): string {
  const object = literal.object === null ? '' : `,${literal.object}`;
  return `${literal.negated ? '-' : ''}${literal.predicate}(${literal.subject}${object})`;
}

export function negate(literal: Literal): Literal {
  return { ...literal, negated: !literal.negated };
}

/** Entities a theory mentions, in order of first mention. */
export function entitiesOf(theory: Theory): string[] {
  const literals = [
    ...theory.facts,
    ...theory.rules.flatMap((rule) => [...rule.conditions, rule.conclusion]),
  ];
  const terms = literals.flatMap((literal) => [literal.subject, literal.object ?? VARIABLE]);
  return [...new Set(terms.filter((term) => term !== VARIABLE))];
}

/**
 * Forward chaining round by round to the fixpoint, so each literal keeps
 * its shallowest proof. Negation is explicit (open world): a condition
 * "is not red" needs "not red" to be known.
 */
export function closeTheory(theory: Theory): Map<string, Derivation> {
  const known = new Map<string, Derivation>();
  for (const literal of theory.facts) {
    known.set(literalKey(literal), { literal, depth: 0, rule: null, premises: [] });
  }
  const entities = entitiesOf(theory);

  for (let round = 1; ; round++) {
    const found: Derivation[] = [];
    theory.rules.forEach((rule, position) => {
      const hasVariable = [...rule.conditions, rule.conclusion].some(mentionsVariable);
      for (const entity of hasVariable ? entities : [VARIABLE]) {
        const premises = rule.conditions.map((condition) => literalKey(bind(condition, entity)));
        if (!premises.every((key) => known.has(key))) continue;
        const literal = bind(rule.conclusion, entity);
        found.push({ literal, depth: round, rule: position, premises });
      }
    });

    const before = known.size;
    for (const derivation of found) {
      const key = literalKey(derivation.literal);
      if (!known.has(key)) known.set(key, derivation);
    }
    if (known.size === before) return known;
  }
}

/** Whether some literal and its negation are both known. */
export function isContradictory(known: ReadonlyMap<string, Derivation>): boolean {
  return [...known.values()].some((entry) => known.has(literalKey(negate(entry.literal))));
}

export function bind(literal: Literal, entity: string): Literal {
  const resolve = (term: string) => (term === VARIABLE ? entity : term);
  return {
    ...literal,
    subject: resolve(literal.subject),
    object: literal.object === null ? null : resolve(literal.object),
  };
}

function mentionsVariable(literal: Literal): boolean {
  return literal.subject === VARIABLE || literal.object === VARIABLE;
}

/** A ground literal as a sentence: "The cat does not eat the dog." */
export function renderFact(literal: Literal): string {
  return `${capitalize(clause(literal, { subject: '', object: '' }))}.`;
}

/** A rule as one sentence, in its form. */
export function renderRule(rule: Rule, people: boolean): string {
  if (rule.form === 'class') return renderClassRule(rule, people);

  const first = people ? 'someone' : 'something';
  const pronoun = people ? 'they' : 'it';
  const conditions = rule.conditions.map((condition, index) => {
    const previous = rule.conditions[index - 1];

    // "is big and red": a second attribute of the same subject drops "it is".
    const continues =
      previous !== undefined &&
      previous.object === null &&
      condition.object === null &&
      previous.subject === condition.subject &&
      index === rule.conditions.length - 1;
    if (continues) return `${condition.negated ? 'not ' : ''}${condition.predicate}`;
    const seen = rule.conditions.slice(0, index).some(mentionsVariable);
    return clause(condition, { subject: seen ? pronoun : first, object: seen ? 'it' : first });
  });
  const conclusion = clause(rule.conclusion, { subject: pronoun, object: 'it' });
  return `If ${conditions.join(' and ')} then ${conclusion}.`;
}

function renderClassRule(rule: Rule, people: boolean): string {
  const head = people ? 'people' : 'things';
  const adjectives = rule.conditions.map((condition) => condition.predicate);
  const conclusion = rule.conclusion.predicate;
  if (adjectives.length > 1)
    return `${capitalize(adjectives.join(', '))} ${head} are ${conclusion}.`;
  return `All ${adjectives[0] ?? ''} ${head} are ${conclusion}.`;
}

/** Whether a rule can be written as "All red things are big." */
export function fitsClassForm(rule: Rule): boolean {
  const positiveAttribute = (literal: Literal) =>
    literal.subject === VARIABLE && literal.object === null && !literal.negated;
  return rule.conditions.every(positiveAttribute) && positiveAttribute(rule.conclusion);
}

/** A clause without its full stop; the words stand in for the variable. */
function clause(literal: Literal, words: { subject: string; object: string }): string {
  const subject = termText(literal.subject, words.subject);
  const plural = subject === 'they';
  if (literal.object === null) {
    const verb = plural ? 'are' : 'is';
    return `${subject} ${verb} ${literal.negated ? 'not ' : ''}${literal.predicate}`;
  }

  const object = termText(literal.object, words.object);
  const verb = VERBS.find((candidate) => candidate.base === literal.predicate);
  const base = verb?.base ?? literal.predicate;
  if (literal.negated) return `${subject} ${plural ? 'do' : 'does'} not ${base} ${object}`;
  return `${subject} ${plural ? base : (verb?.third ?? `${base}s`)} ${object}`;
}

function termText(term: string, variableWord: string): string {
  if (term === VARIABLE) return variableWord;
  return /^[A-Z]/.test(term) ? term : `the ${term}`;
}
