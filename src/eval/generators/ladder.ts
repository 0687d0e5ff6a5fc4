import { InvalidInputError } from '../../core/errors.js';
import type { EvalItem } from '../item.js';
import type { Random } from '../../util/random.js';
import { drawCausalItem, generateDistinct, type CausalSplit } from './causal-item-draw.js';
import {
  createLadderModel,
  LADDER_SHAPES,
  SHAPE_GRAPHS,
  type Bit,
  type LadderEffect,
  type LadderModel,
  type LadderRole,
  type LadderShape,
} from './ladder-model.js';
import {
  answerQuery,
  phraseQuery,
  QUERY_RUNGS,
  type LadderQuery,
  type LadderQueryType,
  type LadderRung,
  type QueryResult,
} from './ladder-query.js';
import { describeLadderModel, equation } from './ladder-text.js';
import { LADDER_STORIES, NONSENSE_WORDS, type LadderStory } from './ladder-vocabulary.js';

export type LadderNames = 'commonsense' | 'anti-commonsense' | 'nonsense' | 'mixed';

export interface LadderKnobs {
  /** Graph shapes to draw from. Default: all six, `LADDER_SHAPES`. */
  shapes?: readonly LadderShape[];
  /** Rungs of the ladder to ask at. Default: `[1, 2, 3]`. */
  rungs?: readonly LadderRung[];
  /**
   * Variable names: `commonsense` (smoking -> tar buildup -> lung cancer,
   * effects as expected), `anti-commonsense` (the same names placed so
   * every edge runs against common sense, e.g. lung cancer -> smoking, with
   * random effects), `nonsense` (invented words, random effects), or
   * `mixed`, one of the three per item. Default: `mixed`.
   */
  names?: LadderNames;
}

export interface GenerateLadderOptions extends LadderKnobs {
  /** Seed of the whole set: the same seed gives the same items. */
  seed: number;
  /** How many items to generate. */
  count: number;
  /** Which split; no item text is ever in two splits. */
  split: CausalSplit;
}

export interface LadderItemOptions extends LadderKnobs {
  seed: number;
  split: CausalSplit;
  /** Position in the split, from 0; id `ladder-<split>-<index + 1>`. */
  index: number;
}

export interface LadderItemWithModel {
  item: EvalItem;
  /** The model the context states, as plain JSON. */
  model: LadderModel;
  query: LadderQuery;
}

const NAME = 'ladder';
const STYLES = ['commonsense', 'anti-commonsense', 'nonsense'] as const;
type Style = (typeof STYLES)[number];

/**
 * Generates CLadder-style items: a binary structural causal model stated
 * in words (graph, equations, noise probabilities) and a yes-no question
 * at rung 1 (association), 2 (intervention) or 3 (counterfactual),
 * answered by exact computation on the model.
 *
 * Item i equals `ladderItem({ ...options, index: i })` unless that one
 * repeats an earlier item (then the next draw is used). Even counts are
 * exactly balanced; splits are disjoint by construction (see
 * `drawCausalItem`).
 */
export function generateLadder(options: GenerateLadderOptions): EvalItem[] {
  return generateDistinct<LadderItemWithModel>({
    count: options.count,
    key: ({ item }) => keyOf(item),
    draw: (index, isTaken) => drawLadder({ ...options, index }, isTaken),
  }).map(({ item }) => item);
}

/** Item `index` of a split on its own, for streaming large suites. */
export function ladderItem(options: LadderItemOptions): EvalItem {
  return drawLadder(options).item;
}

/** Item `index` with the model and query behind it, for checking. */
export function ladderItemWithModel(options: LadderItemOptions): LadderItemWithModel {
  return drawLadder(options);
}

function drawLadder(
  options: LadderItemOptions,
  isTaken?: (candidate: LadderItemWithModel) => boolean,
): LadderItemWithModel {
  const shapes = options.shapes ?? LADDER_SHAPES;
  const rungs = options.rungs ?? [1, 2, 3];
  const names = options.names ?? 'mixed';
  validate(shapes, rungs, names);

  return drawCausalItem<LadderItemWithModel>({
    name: NAME,
    seed: options.seed,
    split: options.split,
    index: options.index,
    splitKey: ({ item }) => keyOf(item),
    ...(isTaken ? { isTaken } : {}),
    build: ({ random, shared, label, id, owns }) => {
      const shape = shared.pick(shapes);
      const rung = shared.pick(rungs);
      const style = names === 'mixed' ? shared.pick(STYLES) : names;
      const query = randomQuery(random, shape, rung);
      const model = randomModel(random, shape, style);
      const text = phrase(model, query);
      if (!owns(keyOf(text))) return null;

      const result = answerQuery(model, query);
      if (!result.decisive || result.answer !== label) return null;
      return { item: toItem(id, model, query, rung, result, text), model, query };
    },
  });
}

function randomQuery(random: Random, shape: LadderShape, rung: LadderRung): LadderQuery {
  const types = (Object.keys(QUERY_RUNGS) as LadderQueryType[]).filter(
    (type) => QUERY_RUNGS[type] === rung && (type !== 'explaining-away' || shape === 'collider'),
  );
  const bit = (): Bit => (random.bool() ? 1 : 0);
  const direction = () => random.pick(['more', 'less'] as const);

  const type = random.pick(types);
  switch (type) {
    case 'marginal':
      return { type };
    case 'correlation':
    case 'ate':
      return { type, direction: direction() };
    case 'explaining-away':
      return { type, direction: direction(), collider: bit() };
    case 'conditional':
    case 'intervention':
      return { type, treatment: bit() };
    case 'counterfactual':
      return { type, treatment: bit(), factual: bit(), outcome: bit() };
    case 'ett':
      return { type, treatment: bit(), outcome: bit() };
  }
}

function randomModel(random: Random, shape: LadderShape, style: Style): LadderModel {
  const graph = SHAPE_GRAPHS[shape];
  const randomEffects = () =>
    graph.edges.map((): LadderEffect => (random.bool(0.7) ? 'causes' : 'blocks'));
  let names: Partial<Record<LadderRole, string>>;
  let effects: LadderEffect[];

  if (style === 'nonsense') {
    const words = random.shuffle(NONSENSE_WORDS);
    names = Object.fromEntries(graph.roles.map((role, position) => [role, words[position]]));
    effects = randomEffects();
  } else {
    const story = random.pick(LADDER_STORIES.filter((candidate) => candidate.shape === shape));
    names = style === 'commonsense' ? story.names : random.pick(reversalsOf(story));
    effects = style === 'commonsense' ? [...story.effects] : randomEffects();
  }

  const background: Partial<Record<LadderRole, number>> = {};
  for (const role of graph.roles) {
    const root = graph.edges.every(([, child]) => child !== role);
    background[role] = (root ? random.int(10, 90) : random.int(5, 50)) / 100;
  }
  const strengths = graph.edges.map(() => random.int(20, 95) / 100);
  return createLadderModel({ shape, names, effects, background, strengths });
}

const REVERSALS = new WeakMap<LadderStory, Partial<Record<LadderRole, string>>[]>();

function reversalsOf(story: LadderStory): Partial<Record<LadderRole, string>>[] {
  const known = REVERSALS.get(story);
  if (known) return known;
  const placements = reversals(story.shape, story.names);
  REVERSALS.set(story, placements);
  return placements;
}

/**
 * Placements of a story's names on the shape where no edge keeps a
 * direction of the story and at least one edge reverses one.
 */
function reversals(
  shape: LadderShape,
  names: Readonly<Partial<Record<LadderRole, string>>>,
): Partial<Record<LadderRole, string>>[] {
  const { roles, edges } = SHAPE_GRAPHS[shape];
  const story = new Set(edges.map(([parent, child]) => `${names[parent]}>${names[child]}`));
  const placements: Partial<Record<LadderRole, string>>[] = [];

  for (const order of permutations(roles)) {
    const placed = Object.fromEntries(
      roles.map((role, position) => [role, names[order[position] ?? role]]),
    );
    const stated = edges.map(([parent, child]) => [placed[parent], placed[child]]);
    const kept = stated.some(([parent, child]) => story.has(`${parent}>${child}`));
    const reversed = stated.some(([parent, child]) => story.has(`${child}>${parent}`));
    if (!kept && reversed) placements.push(placed);
  }
  return placements;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, position) =>
    permutations([...items.slice(0, position), ...items.slice(position + 1)]).map((rest) => [
      item,
      ...rest,
    ]),
  );
}

function toItem(
  id: string,
  model: LadderModel,
  query: LadderQuery,
  rung: LadderRung,
  result: QueryResult,
  text: Phrased,
): EvalItem {
  const edges = model.variables.flatMap((variable) =>
    variable.parents.map((parent) => `${roleOf(model, parent)} -> ${variable.role}`),
  );
  const factors = model.noises.map((noise) => `P(${noise.id}) = ${noise.probability.toFixed(2)}`);

  return {
    id,
    ...text,
    options: null,
    answer: result.answer ? 'yes' : 'no',
    format: 'yes-no',
    category: 'causal',
    suite: 'causal/ladder',
    difficulty: {
      rung,
      shape: LADDER_SHAPES.indexOf(model.shape),
      nodes: model.variables.length,
      factors: model.noises.length,
    },
    goldReasoning: [
      `Let ${model.variables.map((v) => `${v.role} = ${v.name}`).join('; ')}.`,
      `Graph (${model.shape}): ${edges.join(', ')}.`,
      `Equations: ${model.variables.map((v) => equation(model, v)).join('; ')}.`,
      `Independent factors: ${factors.join(', ')}.`,
      ...result.steps,
    ],
  };
}

function roleOf(model: LadderModel, name: string): string {
  return model.variables.find((variable) => variable.name === name)?.role ?? name;
}

interface Phrased {
  context: string;
  question: string;
}

function phrase(model: LadderModel, query: LadderQuery): Phrased {
  const name = (role: LadderRole) => model.variables.find((v) => v.role === role)?.name ?? role;
  return { context: describeLadderModel(model), question: phraseQuery(query, name) };
}

/** Identity of an item: its text, which states the whole model and query. */
function keyOf(text: { context: string | null; question: string }): string {
  return `${text.context ?? ''}\n${text.question}`;
}

function validate(shapes: readonly LadderShape[], rungs: readonly LadderRung[], names: string) {
  if (shapes.length === 0 || shapes.some((shape) => !LADDER_SHAPES.includes(shape))) {
    throw new InvalidInputError(
      `shapes must be a non-empty list of ${LADDER_SHAPES.join(', ')}, got [${shapes.join(', ')}].`,
    );
  }
  if (rungs.length === 0 || rungs.some((rung) => ![1, 2, 3].includes(rung))) {
    throw new InvalidInputError(
      `rungs must be a non-empty list of 1, 2, 3, got [${rungs.join(', ')}].`,
    );
  }
  if (![...STYLES, 'mixed'].includes(names)) {
    throw new InvalidInputError(
      `names must be commonsense, anti-commonsense, nonsense or mixed, got ${names}.`,
    );
  }
}
