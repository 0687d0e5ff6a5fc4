import { labelOptions, matchOptionText } from '../../answers/options.js';
import { normalizeAnswer } from '../../answers/normalize.js';
import type { Task } from '../../core/reasoner.js';
import { readPrompt, renderTask, renderTemplate } from '../prompts.js';
import type { ThoughtChild, ThoughtTask } from './task.js';

/** `subject` things are (or are not) `predicate`, as one context sentence says. */
export interface DeductiveRule {
  sentence: string;
  subject: string;
  predicate: string;
  negated: boolean;
}

/** The entity is (or is not) `term`. */
export interface DeductiveFact {
  term: string;
  negated: boolean;
}

/** What the context and question state, read once and shared by all states. */
export interface DeductiveTheory {
  /** The entity the question is about, or null when the question names none. */
  entity: string | null;
  /** The asked statement about the entity. */
  goal: DeductiveFact | null;
  rules: readonly DeductiveRule[];
  /** Terms used as kinds (`a wumpus`), written with an article. */
  concepts: ReadonlySet<string>;
}

export interface DeductiveState {
  theory: DeductiveTheory;
  /** Facts about the entity, stated or derived, in order. */
  facts: readonly DeductiveFact[];
}

const GENERAL = /^(every|each|all)\s+(\w+)\s+(?:is|are)\s+(not\s+)?(an?\s+)?(\w+)$/i;
const PLURAL = /^(\w+)\s+are\s+(not\s+)?(\w+)$/i;
const FACT = /\b([A-Z]\w*)\s+is\s+(not\s+)?(?:an?\s+)?(\w+)\W*$/;

/**
 * Proof search over ProntoQA-style rules (`Every wumpus is a yumpus.`,
 * `Yumpuses are not sweet.`) about one entity: a state is the facts known
 * about it, and a thought applies one rule to derive a new fact. A
 * proposed fact that no rule gives from the known facts is left out. A
 * state is final once the asked statement or its negation is derived;
 * the answer is the letter of the `True` or `False` option (A or B with
 * no options), or the truth word in other formats.
 */
export const deductiveTask: ThoughtTask<DeductiveState> = {
  name: 'deductive',
  hints: { generate: 'propose', depth: 8 },

  initial(task) {
    const theory = readTheory(task);
    const facts: DeductiveFact[] = [];
    for (const sentence of sentences(task.context ?? '')) {
      const fact = readFact(sentence, theory);
      if (fact && !knows(facts, fact)) facts.push(fact);
    }
    return { theory, facts };
  },

  render(state) {
    return state.facts.length > 0
      ? state.facts.map((fact) => describe(fact, state.theory)).join('\n')
      : 'No facts yet.';
  },

  childrenPrompt({ task, state, count }) {
    return renderTemplate(readPrompt('tot-deductive-propose.txt'), {
      task: renderTask(task),
      entity: state.theory.entity ?? 'the entity',
      facts: deductiveTask.render(state),
      count: String(count),
    }).trim();
  },

  parseChildren(reply, { state }) {
    const children: ThoughtChild<DeductiveState>[] = [];
    const derived: DeductiveFact[] = [];
    for (const line of reply.split('\n')) {
      const child = applyLine(line, state);
      const fact = child?.state.facts.at(-1);
      if (!child || !fact || knows(derived, fact)) continue;
      derived.push(fact);
      children.push(child);
    }
    return children;
  },

  valuePrompt(state, task) {
    return renderTemplate(readPrompt('tot-value.txt'), {
      task: renderTask(task),
      state: deductiveTask.render(state),
    }).trim();
  },

  isFinal(state) {
    return verdict(state) !== null;
  },

  check(state, task) {
    const truth = verdict(state);
    return truth === null
      ? { solved: false, answer: null }
      : { solved: true, answer: answerFor(truth, task) };
  },
};

function readTheory(task: Task): DeductiveTheory {
  const read: DeductiveRule[] = [];
  const kinds = new Set<string>();
  for (const sentence of sentences(task.context ?? '')) {
    const rule = readRule(sentence);
    if (!rule) continue;
    read.push(rule.rule);
    kinds.add(rule.rule.subject);
    if (rule.kind) kinds.add(rule.kind);
  }

  // A plural predicate ("Tumpuses are fimpuses") names a kind read elsewhere.
  const rules = read.map((rule) => ({ ...rule, predicate: canonical(rule.predicate, kinds) }));
  const goal = FACT.exec(task.question.trim());
  const term = goal?.[3]?.toLowerCase();
  return {
    entity: goal?.[1] ?? null,
    goal: term ? { term: canonical(term, kinds), negated: Boolean(goal?.[2]) } : null,
    rules,
    concepts: kinds,
  };
}

/** A rule sentence, with the kind its predicate names when it has an article. */
function readRule(sentence: string): { rule: DeductiveRule; kind: string | null } | null {
  const general = GENERAL.exec(sentence);
  if (general) {
    const [, quantifier = '', subject = '', not, article, predicate = ''] = general;
    // "All cats are mammals" names its kind in the plural.
    const kind = /^all$/i.test(quantifier) ? singular(subject) : subject.toLowerCase();
    const rule = { sentence: `${sentence}.`, subject: kind, predicate: predicate.toLowerCase() };
    return {
      rule: { ...rule, negated: Boolean(not) },
      kind: article ? predicate.toLowerCase() : null,
    };
  }

  const plural = PLURAL.exec(sentence);
  if (!plural) return null;
  const [, subjects = '', not, predicate = ''] = plural;
  return {
    rule: {
      sentence: `${sentence}.`,
      subject: singular(subjects),
      predicate: predicate.toLowerCase(),
      negated: Boolean(not),
    },
    kind: null,
  };
}

/** The state after a proposed fact, or null when no rule gives it from known facts. */
function applyLine(line: string, parent: DeductiveState): ThoughtChild<DeductiveState> | null {
  const { theory } = parent;
  const proposed = readFact(line.trim(), theory);
  if (!proposed || knows(parent.facts, proposed)) return null;

  const rule = theory.rules.find(
    (candidate) =>
      sameTerm(candidate.predicate, proposed.term) &&
      candidate.negated === proposed.negated &&
      parent.facts.some((fact) => !fact.negated && sameTerm(fact.term, candidate.subject)),
  );
  if (!rule) return null;
  const fact = { term: rule.predicate, negated: rule.negated };
  return {
    state: { theory, facts: [...parent.facts, fact] },
    thought: `${rule.sentence} So ${describe(fact, theory)}`,
  };
}

function readFact(text: string, theory: DeductiveTheory): DeductiveFact | null {
  const match = FACT.exec(text);
  if (!match || !theory.entity || match[1]?.toLowerCase() !== theory.entity.toLowerCase()) {
    return null;
  }
  const term = match[3]?.toLowerCase() ?? '';
  return { term: canonical(term, theory.concepts), negated: Boolean(match[2]) };
}

/** True when the goal is derived, false when its negation is, else null. */
function verdict(state: DeductiveState): boolean | null {
  const { goal } = state.theory;
  const fact = goal && state.facts.find((known) => sameTerm(known.term, goal.term));
  return fact ? fact.negated === goal.negated : null;
}

function answerFor(truth: boolean, task: Task): string {
  const word = truth ? 'True' : 'False';
  if (task.format === 'letter') {
    const options = labelOptions(task.options ?? ['A) True', 'B) False']);
    return matchOptionText(word, options) ?? (truth ? 'A' : 'B');
  }
  if (task.format === 'yes-no') return truth ? 'yes' : 'no';
  return normalizeAnswer(word, task.format === 'truth' ? 'truth' : 'text') ?? word;
}

function describe(fact: DeductiveFact, theory: DeductiveTheory): string {
  const name = theory.entity ?? 'It';
  const not = fact.negated ? 'not ' : '';
  const article = theory.concepts.has(fact.term) ? (/^[aeiou]/.test(fact.term) ? 'an ' : 'a ') : '';
  return `${name} is ${not}${article}${fact.term}.`;
}

function knows(facts: readonly DeductiveFact[], fact: DeductiveFact): boolean {
  return facts.some((known) => known.negated === fact.negated && sameTerm(known.term, fact.term));
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim().replace(/[.!?]+$/, ''))
    .filter((sentence) => sentence !== '');
}

function canonical(term: string, concepts: ReadonlySet<string>): string {
  return [...concepts].find((concept) => sameTerm(concept, term)) ?? term;
}

/** A plural such as `wumpuses` back to `wumpus`; a singular stays as it is. */
function singular(word: string): string {
  const lower = word.toLowerCase();
  if (/(?:s|x|z|ch|sh)es$/.test(lower)) return lower.slice(0, -2);
  if (/[^su]s$/.test(lower)) return lower.slice(0, -1);
  return lower;
}

function sameTerm(left: string, right: string): boolean {
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  return a === b || plural(a) === b || plural(b) === a;
}

function plural(noun: string): string {
  return /(?:s|x|z|ch|sh)$/.test(noun) ? `${noun}es` : `${noun}s`;
}
