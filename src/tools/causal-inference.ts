import { InvalidInputError } from '../core/errors.js';
import type { CausalNetwork } from './causal-network.js';

export type Bit = 0 | 1;

/** Variable name to value. */
export type Assignment = Readonly<Record<string, Bit>>;

export interface ProbabilityOptions {
  /** The values whose joint probability is asked, e.g. {Y: 1}. */
  event: Assignment;
  /** Observed values to condition on. Default: none. */
  given?: Assignment;
  /** Values set by intervention, do(X = x). Default: none. */
  intervention?: Assignment;
}

/**
 * P(event | given, do(intervention)), exactly, by summing the truncated
 * factorisation over all 2^n assignments: each intervened variable is
 * fixed and loses its own cpt factor; every other variable keeps
 * P(variable | parents).
 *
 * @throws InvalidInputError for unknown names, or when P(given) is 0
 * under the intervention, so the conditional is undefined.
 */
export function computeProbability(network: CausalNetwork, options: ProbabilityOptions): number {
  const event = positions(network, options.event, 'event');
  const given = positions(network, options.given ?? {}, 'given');
  const intervention = positions(network, options.intervention ?? {}, 'do');
  const fixed = new Map(intervention);
  const size = network.names.length;
  let evidence = 0;
  let joint = 0;

  for (let bits = 0; bits < 2 ** size; bits += 1) {
    if (!agrees(bits, intervention)) continue;
    if (!agrees(bits, given)) continue;

    let weight = 1;
    for (let variable = 0; variable < size && weight > 0; variable += 1) {
      if (fixed.has(variable)) continue;
      const chance = network.tables[variable]?.[parentRow(bits, network.parents[variable] ?? [])];
      weight *= bitOf(bits, variable) === 1 ? (chance ?? 0) : 1 - (chance ?? 0);
    }

    evidence += weight;
    if (agrees(bits, event)) joint += weight;
  }

  if (evidence === 0) {
    throw new InvalidInputError(
      'The condition has probability 0 in this graph, so the conditional probability is undefined.',
    );
  }
  return joint / evidence;
}

export interface TreatmentEffect {
  /** P(outcome = 1 | do(treatment = 1)). */
  treated: number;
  /** P(outcome = 1 | do(treatment = 0)). */
  untreated: number;
  /** treated - untreated. */
  effect: number;
}

/** The average treatment effect of a binary treatment on a binary outcome. */
export function averageTreatmentEffect(
  network: CausalNetwork,
  options: { treatment: string; outcome: string },
): TreatmentEffect {
  const ask = (value: Bit): number =>
    computeProbability(network, {
      event: { [options.outcome]: 1 },
      intervention: { [options.treatment]: value },
    });
  const treated = ask(1);
  const untreated = ask(0);
  return { treated, untreated, effect: treated - untreated };
}

/** The assignment keyed by position in the network. */
function positions(network: CausalNetwork, assignment: Assignment, role: string): Map<number, Bit> {
  const result = new Map<number, Bit>();
  for (const [name, value] of Object.entries(assignment)) {
    const position = network.names.indexOf(name);
    if (position < 0) {
      throw new InvalidInputError(
        `Unknown variable "${name}" in ${role}. Variables: ${network.names.join(', ')}.`,
      );
    }
    result.set(position, value);
  }
  return result;
}

function agrees(bits: number, assignment: ReadonlyMap<number, Bit>): boolean {
  for (const [position, value] of assignment) if (bitOf(bits, position) !== value) return false;
  return true;
}

function parentRow(bits: number, parents: readonly number[]): number {
  let row = 0;
  for (const parent of parents) row = row * 2 + bitOf(bits, parent);
  return row;
}

function bitOf(bits: number, position: number): Bit {
  return ((bits >> position) & 1) as Bit;
}
