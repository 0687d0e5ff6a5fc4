import { at } from '../../util/at.js';

export type Bit = 0 | 1;

export type LadderShape =
  'chain' | 'fork' | 'collider' | 'confounding' | 'mediation' | 'front-door';

export const LADDER_SHAPES: readonly LadderShape[] = [
  'chain',
  'fork',
  'collider',
  'confounding',
  'mediation',
  'front-door',
];

/** Treatment X, outcome Y, mediator M, other cause or covariate Z, confounder U. */
export type LadderRole = 'X' | 'Y' | 'M' | 'Z' | 'U';

/** A cause makes its child present; a blocker makes it absent. */
export type LadderEffect = 'causes' | 'blocks';

export interface ShapeGraph {
  /** Roles, parents before children. */
  roles: readonly LadderRole[];
  /** Edges `[parent, child]`; a child's parents come in this order. */
  edges: readonly (readonly [LadderRole, LadderRole])[];
}

/**
 * The graphs. `fork` is the textbook one (X <- Z -> Y, no effect of X on
 * Y); CLadder's "fork" (X -> Y <- Z) is `collider` here, whose explaining
 * away questions are about X and Z among cases with a given Y.
 */
export const SHAPE_GRAPHS: Readonly<Record<LadderShape, ShapeGraph>> = {
  chain: {
    roles: ['X', 'M', 'Y'],
    edges: [
      ['X', 'M'],
      ['M', 'Y'],
    ],
  },
  fork: {
    roles: ['Z', 'X', 'Y'],
    edges: [
      ['Z', 'X'],
      ['Z', 'Y'],
    ],
  },
  collider: {
    roles: ['X', 'Z', 'Y'],
    edges: [
      ['X', 'Y'],
      ['Z', 'Y'],
    ],
  },
  confounding: {
    roles: ['Z', 'X', 'Y'],
    edges: [
      ['Z', 'X'],
      ['Z', 'Y'],
      ['X', 'Y'],
    ],
  },
  mediation: {
    roles: ['X', 'M', 'Y'],
    edges: [
      ['X', 'M'],
      ['M', 'Y'],
      ['X', 'Y'],
    ],
  },
  'front-door': {
    roles: ['U', 'X', 'M', 'Y'],
    edges: [
      ['U', 'X'],
      ['U', 'Y'],
      ['X', 'M'],
      ['M', 'Y'],
    ],
  },
};

/** An exogenous factor, present with `probability` independently of all others. */
export interface LadderNoise {
  /** `B_Y` for the background cause of Y, `W_XY` for the edge X -> Y. */
  id: string;
  probability: number;
}

export interface LadderVariable {
  name: string;
  role: LadderRole;
  /** Names of its direct causes, in the order of the table's inputs. */
  parents: string[];
  /** How each parent acts on it, aligned with `parents`. */
  effects: LadderEffect[];
  /** Its own factors: the background cause, then one per parent. */
  noises: string[];
  /**
   * Its structural equation as a truth table: the value for each row of
   * inputs (parents, then noises), read as a binary number with the first
   * input most significant.
   */
  table: Bit[];
}

/**
 * A binary structural causal model as plain JSON. A root is its background
 * factor. Any other variable is present exactly when its background cause
 * or a present cause's factor acts, and no present blocker's factor acts.
 */
export interface LadderModel {
  shape: LadderShape;
  /** Parents before children. */
  variables: LadderVariable[];
  noises: LadderNoise[];
}

export interface LadderModelSpec {
  shape: LadderShape;
  names: Readonly<Partial<Record<LadderRole, string>>>;
  /** One per edge of the shape, in its order. */
  effects: readonly LadderEffect[];
  /** Per role: P(root present), or P(background cause acts) for a child. */
  background: Readonly<Partial<Record<LadderRole, number>>>;
  /** One per edge: P(the factor of that edge acts). */
  strengths: readonly number[];
}

export function createLadderModel(spec: LadderModelSpec): LadderModel {
  const graph = SHAPE_GRAPHS[spec.shape];
  const nameOf = (role: LadderRole): string => spec.names[role] ?? role;
  const noises: LadderNoise[] = [];
  const variables: LadderVariable[] = [];

  for (const role of graph.roles) {
    noises.push({ id: `B_${role}`, probability: spec.background[role] ?? 0 });
    const variable: LadderVariable = {
      name: nameOf(role),
      role,
      parents: [],
      effects: [],
      noises: [`B_${role}`],
      table: [],
    };
    graph.edges.forEach(([parent, child], edge) => {
      if (child !== role) return;
      variable.parents.push(nameOf(parent));
      variable.effects.push(at(spec.effects, edge));
      variable.noises.push(`W_${parent}${role}`);
      noises.push({ id: `W_${parent}${role}`, probability: at(spec.strengths, edge) });
    });
    variable.table = truthTable(variable.effects);
    variables.push(variable);
  }
  return { shape: spec.shape, variables, noises };
}

function truthTable(effects: readonly LadderEffect[]): Bit[] {
  const parents = effects.length;
  const inputs = parents === 0 ? 1 : 2 * parents + 1;
  const table: Bit[] = [];
  for (let row = 0; row < 2 ** inputs; row++) {
    const input = (position: number) => (row >> (inputs - 1 - position)) & 1;
    if (parents === 0) {
      table.push(input(0) as Bit);
      continue;
    }

    let caused = input(parents) === 1;
    let blocked = false;
    effects.forEach((effect, parent) => {
      const acts = input(parent) === 1 && input(parents + 1 + parent) === 1;
      if (acts && effect === 'causes') caused = true;
      if (acts && effect === 'blocks') blocked = true;
    });
    table.push(caused && !blocked ? 1 : 0);
  }
  return table;
}
