import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import { defineTool } from '../core/tool.js';
import { parseGroundStatement, parseTheory, type Theory } from './english-logic.js';
import { capitalize } from '../util/text.js';
import { atomKey, negateAtom, renderAtom } from './english-words.js';
import { type Derivation, forwardChain } from './forward-chain.js';

export type ProofAnswer = 'true' | 'false' | 'unknown';

export interface ProveOptions {
  /** Premises: facts and rules as English sentences. */
  facts: string;
  /**
   * The statement to check. A leading question such as "Is the following
   * statement true or false?" is dropped, and "Is Sally bright?" is read
   * as "Sally is bright."
   */
  goal: string;
}

export interface ProofResult {
  /**
   * `true` when the statement follows, `false` when its negation follows,
   * `unknown` when neither does (open world: unprovable is not false).
   */
  answer: ProofAnswer;
  /** The sentences used, in order, with "So ..." for each derived step. */
  proof: string[];
  /** Both the goal and its negation follow; the answer is then `unknown`. */
  contradictory: boolean;
  /** How many premise sentences were outside the fragment and ignored. */
  skipped: number;
  skippedSentences: string[];
  /** The goal as it was read, e.g. "Sally is not bright." */
  statement: string;
}

const GOAL_FORMS =
  'Write one statement such as "Sally is a wumpus.", "The bear is not big." or ' +
  '"The cat does not chase the dog."';

/**
 * Forward-chains the premises to a fixpoint and answers the goal.
 *
 * @throws InvalidInputError when the goal is not a statement of the fragment.
 */
export function prove(options: ProveOptions): ProofResult {
  const theory = parseTheory(options.facts);
  const statement = readGoal(options.goal);
  const goals = parseGroundStatement(statement, theory);
  if (!goals) {
    throw new InvalidInputError(`Could not read the goal "${options.goal.trim()}". ${GOAL_FORMS}`);
  }
  const known = forwardChain(theory.statements);

  const base = {
    contradictory: false,
    skipped: theory.skipped.length,
    skippedSentences: theory.skipped,
    statement: goals.map((atom) => capitalize(renderAtom(atom, theory.lexicon))).join(' '),
  };
  const proved = goals.every((atom) => known.has(atomKey(atom)));

  // One refuted conjunct refutes a conjunction, whatever the others do.
  const refuted = goals.find((atom) => known.has(atomKey(negateAtom(atom))));
  const proof = proved ? explain(goals.map(atomKey), known, theory) : [];
  const disproof = refuted ? explain([atomKey(negateAtom(refuted))], known, theory) : [];

  if (proved && refuted) {
    return { answer: 'unknown', proof: [...proof, ...disproof], ...base, contradictory: true };
  }
  if (proved) return { answer: 'true', proof, ...base };
  if (refuted) return { answer: 'false', proof: disproof, ...base };
  return { answer: 'unknown', proof: [], ...base };
}

export const prover = defineTool({
  name: 'prover',
  description:
    'Checks a statement against facts and if-then rules written in simple English ' +
    '("Every wumpus is a yumpus.", "If someone is big then they chase the cat.") by forward ' +
    'chaining. Answers true, false (its negation follows) or unknown (neither follows), ' +
    "with the proof. Leave facts out to use the task's premises.",
  input: z.object({
    facts: z.string().optional().describe("Premises as sentences. Default: the task's context."),
    goal: z.string().describe('The one statement to check, e.g. "The bear is not young."'),
  }),
  call: ({ facts, goal }, { taskContext }) => {
    const premises = facts?.trim() ? facts : (taskContext ?? '');
    if (!premises.trim()) {
      throw new InvalidInputError(
        'There are no premises: pass "facts" as sentences, e.g. "Bob is big."',
      );
    }
    return formatProof(prove({ facts: premises, goal }));
  },
});

/** The observation: the answer on the first line, then the proof or the reason. */
export function formatProof(result: ProofResult): string {
  const lines: string[] = [result.answer];
  if (result.contradictory) {
    lines.push(
      `Both "${result.statement}" and its negation follow, so the premises contradict each ` +
        `other. Proofs: ${result.proof.join(' ')}`,
    );
  } else if (result.answer === 'unknown') {
    lines.push(`Neither "${result.statement}" nor its negation follows from the premises.`);
  } else {
    const label = result.answer === 'true' ? 'Proof' : 'Proof of the negation';
    lines.push(`${label}: ${result.proof.join(' ')}`);
  }

  if (result.skipped > 0) {
    const example = result.skippedSentences[0] ?? '';
    const shown = example.length > 80 ? `${example.slice(0, 77)}...` : example;
    const noun = result.skipped === 1 ? 'sentence' : 'sentences';
    lines.push(`Skipped ${result.skipped} ${noun} outside the supported English, e.g. "${shown}"`);
  }
  return lines.join('\n');
}

/** Drops a leading question or label and turns "Is X Y?" into "X is Y." */
function readGoal(goal: string): string {
  let text = goal.trim();
  const question = text.lastIndexOf('?');
  if (question >= 0 && text.slice(question + 1).trim() !== '') text = text.slice(question + 1);
  text = text
    .trim()
    .replace(/^(?:true or false|statement|goal|claim|prove)\s*:\s*/i, '')
    .replace(/^(?:is it true that|prove that|whether)\s+/i, '')
    .replace(/[?.!\s]+$/, '');

  const asked = /^(is|does)\s+(.+)$/i.exec(text);
  if (asked && goal.trim().endsWith('?')) {
    const words = (asked[2] ?? '').split(/\s+/);
    if (asked[1]?.toLowerCase() === 'does') return `${words.join(' ')}.`;

    // "Is the bear not a big thing": the complement is the last word.
    const complement = words.pop() ?? '';
    const article = /^(?:a|an)$/i.test(words.at(-1) ?? '') ? ` ${words.pop()}` : '';
    const negation = words.at(-1)?.toLowerCase() === 'not' ? ` ${words.pop()}` : '';
    return `${words.join(' ')} is${negation}${article} ${complement}.`;
  }
  return `${text}.`;
}

function explain(keys: string[], known: Map<string, Derivation>, theory: Theory): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string): void => {
    const derivation = known.get(key);
    if (seen.has(key) || !derivation) return;
    seen.add(key);

    const text = sentence(theory.statements[derivation.statement]?.text ?? '');
    if (derivation.premises.length === 0) {
      if (!lines.includes(text)) lines.push(text);
      return;
    }
    derivation.premises.forEach(visit);
    lines.push(text, `So ${renderAtom(derivation.atom, theory.lexicon)}`);
  };
  keys.forEach(visit);
  return lines;
}

function sentence(text: string): string {
  return /[.!]$/.test(text) ? text : `${text}.`;
}
