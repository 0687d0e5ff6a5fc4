import type { Statement } from './english-logic.js';
import { type Atom, atomKey } from './english-words.js';

/** How a ground literal became known: given by a sentence, or a rule applied to premises. */
export interface Derivation {
  atom: Atom;
  /** Index of the statement that gave or produced it. */
  statement: number;
  /** Keys of the literals the rule consumed; empty for a given fact. */
  premises: string[];
}

type Binding = ReadonlyMap<string, string>;

/**
 * Applies the rules round by round until nothing new follows, so every
 * literal keeps its shallowest derivation. Negation is classical and
 * explicit: a condition "is not red" holds only where "not red" is known,
 * never because "red" is missing (no negation as failure).
 */
export function forwardChain(statements: readonly Statement[]): Map<string, Derivation> {
  const known = new Map<string, Derivation>();
  const index = new Map<string, Atom[]>();
  const add = (derivation: Derivation): void => {
    const key = atomKey(derivation.atom);
    if (known.has(key)) return;
    known.set(key, derivation);
    const signature = signatureOf(derivation.atom);
    const atoms = index.get(signature);
    if (atoms) atoms.push(derivation.atom);
    else index.set(signature, [derivation.atom]);
  };

  statements.forEach((statement, position) => {
    if (statement.type !== 'fact') return;
    for (const atom of statement.atoms) add({ atom, statement: position, premises: [] });
  });

  for (;;) {
    const found: Derivation[] = [];
    statements.forEach((statement, position) => {
      if (statement.type !== 'rule') return;
      for (const binding of match(statement.conditions, new Map(), index)) {
        const premises = statement.conditions.map((condition) =>
          atomKey(substitute(condition, binding)),
        );
        for (const conclusion of statement.conclusions) {
          const atom = substitute(conclusion, binding);
          found.push({ atom, statement: position, premises });
        }
      }
    });

    const before = known.size;
    for (const derivation of found) add(derivation);
    if (known.size === before) return known;
  }
}

/** Every binding of the rule's variables that makes all conditions known. */
function* match(
  conditions: readonly Atom[],
  binding: Binding,
  index: ReadonlyMap<string, Atom[]>,
): Generator<Binding> {
  const [first, ...rest] = conditions;
  if (!first) {
    yield binding;
    return;
  }

  for (const fact of index.get(signatureOf(first)) ?? []) {
    const extended = unify(first, fact, binding);
    if (extended) yield* match(rest, extended, index);
  }
}

function unify(pattern: Atom, fact: Atom, binding: Binding): Binding | null {
  let result: Map<string, string> | null = new Map(binding);
  result = bindTerm(pattern.subject, fact.subject, result);
  if (result && pattern.object !== null && fact.object !== null) {
    result = bindTerm(pattern.object, fact.object, result);
  }
  return result;
}

function bindTerm(
  term: string,
  value: string,
  binding: Map<string, string>,
): Map<string, string> | null {
  if (!term.startsWith('?')) return term === value ? binding : null;
  const bound = binding.get(term);
  if (bound === undefined) return binding.set(term, value);
  return bound === value ? binding : null;
}

function substitute(atom: Atom, binding: Binding): Atom {
  const resolve = (term: string): string => binding.get(term) ?? term;
  return {
    ...atom,
    subject: resolve(atom.subject),
    object: atom.object === null ? null : resolve(atom.object),
  };
}

function signatureOf(atom: Atom): string {
  return `${atom.negated ? 'not ' : ''}${atom.predicate}/${atom.object === null ? 1 : 2}`;
}
