import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';

/** Exact enumeration visits 2^n assignments; 16 variables is 65,536. */
export const MAX_CAUSAL_VARIABLES = 16;

export const CausalVariable = z.object({
  name: z.string().min(1).describe('The variable\'s name, e.g. "smoking". Values are 0 or 1.'),
  parents: z
    .array(z.string())
    .optional()
    .describe('Names of its direct causes, in the order the cpt uses. Default: [].'),
  cpt: z
    .union([z.number(), z.array(z.number()), z.record(z.string(), z.number())])
    .describe(
      'P(variable = 1) for each assignment of its parents. Either a number (no parents); ' +
        'or an array indexed by the parents read as a binary number, first parent most ' +
        'significant: [P(=1|0,0), P(=1|0,1), P(=1|1,0), P(=1|1,1)]; or an object keyed by ' +
        'the parents\' values in order, {"0,0": 0.1, "0,1": 0.5, "1,0": 0.4, "1,1": 0.9} ' +
        '("" for no parents; "X=1,Z=0" also works).',
    ),
});
export type CausalVariable = z.infer<typeof CausalVariable>;

/** A validated network: variables in topological order, each cpt as an array. */
export interface CausalNetwork {
  /** Names, parents before children. */
  names: string[];
  /** For each variable, its parents' positions in `names`, in cpt order. */
  parents: number[][];
  /** For each variable, P(=1) per parent assignment (first parent most significant). */
  tables: number[][];
}

/**
 * Validates variables into a network.
 *
 * @throws InvalidInputError on duplicate names, unknown parents, cycles,
 * more than 16 variables, missing or malformed cpt rows, or a
 * probability outside [0, 1].
 */
export function buildCausalNetwork(variables: readonly CausalVariable[]): CausalNetwork {
  if (variables.length === 0) throw new InvalidInputError('The graph has no variables.');
  if (variables.length > MAX_CAUSAL_VARIABLES) {
    throw new InvalidInputError(
      `The graph has ${variables.length} variables; at most ${MAX_CAUSAL_VARIABLES} are ` +
        'supported (exact enumeration).',
    );
  }

  const byName = new Map<string, CausalVariable>();
  for (const variable of variables) {
    if (byName.has(variable.name)) {
      throw new InvalidInputError(`Variable "${variable.name}" is defined twice.`);
    }
    byName.set(variable.name, variable);
  }
  for (const variable of variables) checkParents(variable, byName);

  const names = topologicalOrder(variables, byName);
  const position = new Map(names.map((name, index) => [name, index]));
  const ordered = names.map((name) => byName.get(name) as CausalVariable);
  return {
    names,
    parents: ordered.map((variable) =>
      (variable.parents ?? []).map((parent) => position.get(parent) ?? -1),
    ),
    tables: ordered.map(readTable),
  };
}

function checkParents(variable: CausalVariable, byName: ReadonlyMap<string, CausalVariable>): void {
  const seen = new Set<string>();
  for (const parent of variable.parents ?? []) {
    if (parent === variable.name) {
      throw new InvalidInputError(`Variable "${parent}" lists itself as a parent.`);
    }
    if (seen.has(parent)) {
      throw new InvalidInputError(`Variable "${variable.name}" lists parent "${parent}" twice.`);
    }
    if (!byName.has(parent)) {
      throw new InvalidInputError(
        `Variable "${variable.name}" has unknown parent "${parent}". Define every parent as a ` +
          `variable too (known: ${[...byName.keys()].join(', ')}).`,
      );
    }
    seen.add(parent);
  }
}

/** Parents before children; a cycle is reported with its path. */
function topologicalOrder(
  variables: readonly CausalVariable[],
  byName: ReadonlyMap<string, CausalVariable>,
): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      // The walk follows child -> parent; reversed, it reads as cause -> effect.
      const cycle = [...path.slice(path.indexOf(name)), name].reverse().join(' -> ');
      throw new InvalidInputError(
        `The graph has a cycle: ${cycle}. A causal graph must be acyclic.`,
      );
    }
    state.set(name, 'visiting');
    for (const parent of byName.get(name)?.parents ?? []) visit(parent, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const variable of variables) visit(variable.name, []);
  return order;
}

function readTable(variable: CausalVariable): number[] {
  const parents = variable.parents ?? [];
  const rows = 2 ** parents.length;
  const cpt = variable.cpt;
  let table: number[];

  if (typeof cpt === 'number') {
    if (parents.length > 0) {
      throw new InvalidInputError(
        `Variable "${variable.name}" has parents, so its cpt needs ${rows} entries, ` +
          'not one number.',
      );
    }
    table = [cpt];
  } else if (Array.isArray(cpt)) {
    if (cpt.length !== rows) {
      throw new InvalidInputError(
        `Variable "${variable.name}" has ${parents.length} parent(s), so its cpt array needs ` +
          `${rows} entries, got ${cpt.length}.`,
      );
    }
    table = [...cpt];
  } else {
    table = tableFromRecord(variable.name, parents, cpt);
  }

  table.forEach((probability, row) => {
    if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
      const condition = parents.length > 0 ? ` | ${rowLabel(row, parents)}` : '';
      throw new InvalidInputError(
        `Variable "${variable.name}" has P(${variable.name}=1${condition}) = ${probability}, ` +
          'outside [0, 1].',
      );
    }
  });
  return table;
}

function tableFromRecord(
  name: string,
  parents: readonly string[],
  cpt: Readonly<Record<string, number>>,
): number[] {
  const table = new Array<number | undefined>(2 ** parents.length).fill(undefined);
  for (const [key, probability] of Object.entries(cpt)) {
    const row = rowOf(key, parents);
    if (row === null) {
      throw new InvalidInputError(
        `Variable "${name}" has cpt key "${key}", which is not an assignment of its parents ` +
          `(${parents.join(', ') || 'none'}); use keys like "${rowKey(0, parents.length)}".`,
      );
    }
    if (table[row] !== undefined) {
      throw new InvalidInputError(`Variable "${name}" gives cpt row "${key}" twice.`);
    }
    table[row] = probability;
  }

  const missing = table.findIndex((probability) => probability === undefined);
  if (missing >= 0) {
    throw new InvalidInputError(
      `Variable "${name}" has no cpt row for ${rowLabel(missing, parents)} (key ` +
        `"${rowKey(missing, parents.length)}"); it needs all ${table.length} rows.`,
    );
  }
  return table.map((probability) => probability ?? 0);
}

/** The row a key names: "1,0", "10" or "X=1,Z=0"; null when it names none. */
function rowOf(key: string, parents: readonly string[]): number | null {
  const compact = key.replace(/\s+/g, '');
  if (parents.length === 0) return compact === '' ? 0 : null;

  let parts = compact.split(',');
  if (parts.length === 1 && /^[01]+$/.test(compact)) parts = [...compact];
  if (parts.length !== parents.length) return null;

  const values = new Map<string, string>();
  parts.forEach((part, index) => {
    const [left, right] = part.includes('=') ? part.split('=') : [parents[index], part];
    if (left !== undefined && right !== undefined) values.set(left, right);
  });

  let row = 0;
  for (const parent of parents) {
    const value = values.get(parent);
    if (value !== '0' && value !== '1') return null;
    row = row * 2 + Number(value);
  }
  return row;
}

/** The key of a row: row 2 of two parents is "1,0". */
export function rowKey(row: number, parentCount: number): string {
  return Array.from({ length: parentCount }, (_, index) =>
    String((row >> (parentCount - 1 - index)) & 1),
  ).join(',');
}

function rowLabel(row: number, parents: readonly string[]): string {
  const values = rowKey(row, parents.length).split(',');
  return parents.map((parent, index) => `${parent}=${values[index] ?? ''}`).join(', ');
}
