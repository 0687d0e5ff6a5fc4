import { at } from '../../util/at.js';
import type { Bit, LadderModel } from './ladder-model.js';

/** Variable name to value. */
export type LadderAssignment = Readonly<Record<string, Bit>>;

interface CompiledVariable {
  name: string;
  /** Positions of the parents, in table order. */
  parents: number[];
  noiseCount: number;
  table: readonly Bit[];
  /** Prior probability of each row of the variable's own noises. */
  noiseWeights: number[];
  /** P(variable = 1) for each row of parent values. */
  local: number[];
}

/** Bits an assignment fixes, and their values. */
interface Pattern {
  mask: number;
  value: number;
}

/**
 * Exact computations on a model, by its factorisation: each variable's
 * local noise is summed out given its parents, so rung 1 and 2 work on the
 * 2^n endogenous assignments, and a counterfactual updates each variable's
 * own noise given a full factual assignment (they are independent there).
 */
export class LadderCalculator {
  private readonly variables: CompiledVariable[];
  private readonly index: Map<string, number>;
  private readonly joints = new Map<string, number[]>();

  constructor(model: LadderModel) {
    this.index = new Map(model.variables.map((variable, position) => [variable.name, position]));
    const prior = new Map(model.noises.map((noise) => [noise.id, noise.probability]));
    this.variables = model.variables.map((variable) => {
      const noiseCount = variable.noises.length;
      const noiseWeights: number[] = [];
      for (let noise = 0; noise < 2 ** noiseCount; noise++) {
        let weight = 1;
        variable.noises.forEach((id, position) => {
          const chance = prior.get(id) ?? 0;
          weight *= (noise >> (noiseCount - 1 - position)) & 1 ? chance : 1 - chance;
        });
        noiseWeights.push(weight);
      }

      const local: number[] = [];
      for (let row = 0; row < 2 ** variable.parents.length; row++) {
        let chance = 0;
        noiseWeights.forEach((weight, noise) => {
          if (at(variable.table, (row << noiseCount) | noise) === 1) chance += weight;
        });
        local.push(chance);
      }
      const parents = variable.parents.map((parent) => this.position(parent));
      return {
        name: variable.name,
        parents,
        noiseCount,
        table: variable.table,
        noiseWeights,
        local,
      };
    });
  }

  /** P(event | given) in the model with do(intervention). */
  probability(
    event: LadderAssignment,
    given: LadderAssignment = {},
    intervention: LadderAssignment = {},
  ): number {
    const [wanted, observed] = [this.pattern(event), this.pattern(given)];
    let evidence = 0;
    let both = 0;
    this.joint(intervention).forEach((weight, bits) => {
      if (!matches(bits, observed)) return;
      evidence += weight;
      if (matches(bits, wanted)) both += weight;
    });
    return evidence === 0 ? Number.NaN : both / evidence;
  }

  /**
   * P(event in the world with do(intervention) | evidence in this world):
   * abduction (each factual assignment agreeing with the evidence, and the
   * posterior of every variable's noise given it), action (the
   * intervention replaces equations), prediction (a forward pass).
   */
  counterfactual(
    event: LadderAssignment,
    evidence: LadderAssignment,
    intervention: LadderAssignment,
  ): number {
    const [wanted, observed] = [this.pattern(event), this.pattern(evidence)];
    let total = 0;
    let hit = 0;
    this.joint({}).forEach((weight, factual) => {
      if (weight === 0 || !matches(factual, observed)) return;
      total += weight;
      hit += weight * this.predict(factual, wanted, intervention);
    });
    return total === 0 ? Number.NaN : hit / total;
  }

  private predict(factual: number, event: Pattern, intervention: LadderAssignment): number {
    const size = 2 ** this.variables.length;
    let states = new Float64Array(size);
    states[0] = 1;
    this.variables.forEach((variable, position) => {
      const next = new Float64Array(size);
      const forced = intervention[variable.name];
      const posterior = forced === undefined ? this.posterior(variable, position, factual) : [];

      states.forEach((weight, bits) => {
        if (weight === 0) return;
        if (forced !== undefined) {
          addTo(next, bits | (forced << position), weight);
          return;
        }
        const row = parentRow(variable, bits) << variable.noiseCount;
        for (const [noise, chance] of posterior) {
          addTo(next, bits | (at(variable.table, row | noise) << position), weight * chance);
        }
      });
      states = next;
    });

    let chance = 0;
    states.forEach((weight, bits) => {
      if (matches(bits, event)) chance += weight;
    });
    return chance;
  }

  /** P(noise row | the variable's value and its parents' in `factual`). */
  private posterior(variable: CompiledVariable, position: number, factual: number) {
    const value = (factual >> position) & 1;
    const row = parentRow(variable, factual) << variable.noiseCount;
    const rows: [number, number][] = [];
    let total = 0;
    variable.noiseWeights.forEach((weight, noise) => {
      if (at(variable.table, row | noise) !== value || weight === 0) return;
      rows.push([noise, weight]);
      total += weight;
    });
    return rows.map(([noise, weight]): [number, number] => [noise, weight / total]);
  }

  private joint(intervention: LadderAssignment): number[] {
    const key = JSON.stringify(intervention);
    const cached = this.joints.get(key);
    if (cached) return cached;

    const joint: number[] = [];
    for (let bits = 0; bits < 2 ** this.variables.length; bits++) {
      let weight = 1;
      this.variables.forEach((variable, position) => {
        const value = (bits >> position) & 1;
        const forced = intervention[variable.name];
        if (forced !== undefined) {
          if (forced !== value) weight = 0;
          return;
        }
        const chance = at(variable.local, parentRow(variable, bits));
        weight *= value === 1 ? chance : 1 - chance;
      });
      joint.push(weight);
    }
    this.joints.set(key, joint);
    return joint;
  }

  private pattern(assignment: LadderAssignment): Pattern {
    let mask = 0;
    let value = 0;
    for (const [name, bit] of Object.entries(assignment)) {
      mask |= 1 << this.position(name);
      value |= bit << this.position(name);
    }
    return { mask, value };
  }

  private position(name: string): number {
    const position = this.index.get(name);
    if (position === undefined) throw new RangeError(`Unknown variable "${name}".`);
    return position;
  }
}

function parentRow(variable: CompiledVariable, bits: number): number {
  let row = 0;
  for (const parent of variable.parents) row = (row << 1) | ((bits >> parent) & 1);
  return row;
}

function addTo(values: Float64Array, index: number, amount: number): void {
  values[index] = (values[index] ?? 0) + amount;
}

function matches(bits: number, pattern: Pattern): boolean {
  return (bits & pattern.mask) === pattern.value;
}
