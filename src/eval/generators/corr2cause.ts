import { InvalidInputError } from '../../core/errors.js';
import type { EvalItem } from '../item.js';
import { at } from '../../util/at.js';
import {
  drawCausalItem,
  generateDistinct,
  splitOfKey,
  type CausalSplit,
} from './causal-item-draw.js';
import {
  CORR2CAUSE_RELATIONS,
  equivalenceClasses,
  holds,
  independences,
  pairsOf,
  type Corr2causeRelation,
  type Dag,
  type Independence,
} from './corr2cause-graph.js';
import { explainAnswer, hypothesisText, premiseText } from './corr2cause-text.js';

export interface Corr2causeKnobs {
  /** Fewest variables, at least 3. Default: 3. */
  minNodes?: number;
  /** Most variables, at most 5 (29,281 DAGs to group). Default: 4. */
  maxNodes?: number;
  /**
   * Kinds of hypothesis: `parent` (A directly causes B), `ancestor` (A is
   * a cause of B), `mediated` (A causes something else which causes B),
   * `confounder` and `collider` (some common cause or effect of A and B),
   * `collider-of` (A and B both directly cause C). Default: all six.
   */
  relations?: readonly Corr2causeRelation[];
}

export interface GenerateCorr2causeOptions extends Corr2causeKnobs {
  /** Seed of the whole set: the same seed gives the same items. */
  seed: number;
  /** How many items to generate; at most the split's distinct items. */
  count: number;
  /** Which split; no premise is ever in two splits. */
  split: CausalSplit;
}

export interface Corr2causeItemOptions extends Corr2causeKnobs {
  seed: number;
  split: CausalSplit;
  /** Position in the split, from 0; id `corr2cause-<split>-<index + 1>`. */
  index: number;
}

const NAME = 'corr2cause';
const MIN_NODES = 3;
const MAX_NODES = 5;
const SHARED_ATTEMPTS = 20;

interface ClassInfo {
  size: number;
  dags: readonly Dag[];
  statements: Independence[];
  premise: string;
  /** The split that owns this premise. */
  split: CausalSplit;
}

/** One hypothesis about one class; `nodes` as in `holds`. */
interface Hypothesis {
  info: ClassInfo;
  relation: Corr2causeRelation;
  nodes: number[];
}

/**
 * Generates Corr2Cause-style items: the full set of (conditional)
 * independences implied by a DAG over 3 to 5 variables, stated as in
 * Corr2Cause, and a causal hypothesis. The answer is yes exactly when the
 * hypothesis holds in every DAG of the Markov equivalence class, i.e. in
 * every DAG with the same independences (faithfulness).
 *
 * Items 2k and 2k+1 ask the same kind of hypothesis with opposite
 * answers. Within a kind and answer, hypotheses are drawn uniformly over
 * all sizes allowed, so larger systems dominate: there are 11 premises
 * over 3 variables, 185 over 4 and 8,782 over 5 (about 2% of 3..4 items
 * have 3 variables). A split owns whole premises: every hypothesis about
 * one set of independences is in the same split. `generateCorr2cause`
 * never repeats an item and throws when the split runs out; the streamed
 * `corr2causeItem` repeats items of rare kinds (only 36 confounder
 * hypotheses over 4 variables are entailed, across all splits).
 */
export function generateCorr2cause(options: GenerateCorr2causeOptions): EvalItem[] {
  return generateDistinct<EvalItem>({
    count: options.count,
    key: keyOf,
    draw: (index, isTaken) => drawCorr2cause({ ...options, index }, isTaken),
  });
}

/** Item `index` of a split on its own, for streaming large suites. */
export function corr2causeItem(options: Corr2causeItemOptions): EvalItem {
  return drawCorr2cause(options);
}

function drawCorr2cause(
  options: Corr2causeItemOptions,
  isTaken?: (candidate: EvalItem) => boolean,
): EvalItem {
  const minNodes = options.minNodes ?? MIN_NODES;
  const maxNodes = options.maxNodes ?? 4;
  const relations = options.relations ?? CORR2CAUSE_RELATIONS;
  validate(minNodes, maxNodes, relations);

  return drawCausalItem<EvalItem>({
    name: NAME,
    seed: options.seed,
    split: options.split,
    index: options.index,
    splitKey: (item) => item.context ?? '',
    ...(isTaken ? { isTaken } : {}),
    build: ({ random, shared, label, id, attempt }) => {
      const sizes = Array.from({ length: maxNodes - minNodes + 1 }, (_, step) => minNodes + step);
      const pools = (kind: Corr2causeRelation) =>
        sizes.map((size) => pool(size, options.split, kind, label));
      const total = (kind: Corr2causeRelation) =>
        pools(kind).reduce((sum, hypotheses) => sum + hypotheses.length, 0);

      // Late draws stop sharing: the shared kind may be used up in this split.
      let relation = (attempt < SHARED_ATTEMPTS ? shared : random).pick(relations);
      if (total(relation) === 0) {
        const open = relations.filter((kind) => total(kind) > 0);
        if (open.length === 0) {
          throw new InvalidInputError(
            `No ${options.split} premise with ${minNodes}-${maxNodes} nodes has a hypothesis ` +
              `of kind ${relations.join(', ')} whose answer is ${label ? 'yes' : 'no'}. ` +
              'Allow 4 or more nodes or more kinds: with 3 nodes only 18 hypotheses are yes.',
          );
        }
        relation = random.pick(open);
      }

      // Uniform over all hypotheses of the kind, whatever their size.
      let offset = random.int(0, total(relation) - 1);
      const hypotheses = pools(relation).find((candidates) => {
        if (offset < candidates.length) return true;
        offset -= candidates.length;
        return false;
      });
      const hypothesis = at(hypotheses ?? [], offset);
      const symmetric =
        relation === 'confounder' || relation === 'collider-of' || relation === 'collider';
      const nodes = [...hypothesis.nodes];
      if (symmetric && random.bool()) [nodes[0], nodes[1]] = [at(nodes, 1), at(nodes, 0)];
      return toItem(id, { ...hypothesis, nodes });
    },
  });
}

const CLASS_INFO = new Map<number, ClassInfo[]>();
const POOLS = new Map<string, Map<string, Hypothesis[]>>();

function classInfo(size: number): ClassInfo[] {
  const known = CLASS_INFO.get(size);
  if (known) return known;
  const infos = equivalenceClasses(size).map((dags) => {
    const statements = independences(at(dags, 0)).map(({ a, b, given }) => ({ a, b, given }));
    const premise = premiseText(size, statements);
    return { size, dags, statements, premise, split: splitOfKey(NAME, premise) };
  });
  CLASS_INFO.set(size, infos);
  return infos;
}

/** The hypotheses of a kind and answer over the premises a split owns. */
function pool(
  size: number,
  split: CausalSplit,
  relation: Corr2causeRelation,
  label: boolean,
): readonly Hypothesis[] {
  const key = `${size}:${relation}`;
  let buckets = POOLS.get(key);
  if (!buckets) {
    buckets = new Map();
    for (const info of classInfo(size)) {
      for (const nodes of instances(size, relation)) {
        const bucket = `${info.split}:${info.dags.every((dag) => holds(dag, relation, nodes))}`;
        const hypotheses = buckets.get(bucket) ?? [];
        hypotheses.push({ info, relation, nodes });
        buckets.set(bucket, hypotheses);
      }
    }
    POOLS.set(key, buckets);
  }
  return buckets.get(`${split}:${label}`) ?? [];
}

function instances(size: number, relation: Corr2causeRelation): number[][] {
  const pairs = pairsOf(size);
  switch (relation) {
    case 'parent':
    case 'ancestor':
    case 'mediated':
      return pairs.flatMap(([a, b]) => [
        [a, b],
        [b, a],
      ]);
    case 'confounder':
    case 'collider':
      return pairs;
    case 'collider-of':
      return pairs.flatMap(([a, b]) =>
        Array.from({ length: size }, (_, c) => c)
          .filter((c) => c !== a && c !== b)
          .map((c) => [a, b, c]),
      );
  }
}

function toItem(id: string, hypothesis: Hypothesis): EvalItem {
  const { info, relation, nodes } = hypothesis;
  const size = info.size;
  const support = info.dags.filter((dag) => holds(dag, relation, nodes)).length;
  const answer = support === info.dags.length;
  return {
    id,
    question:
      'Can we deduce the following from the statistical relations above? ' +
      hypothesisText(relation, nodes),
    context: info.premise,
    options: null,
    answer: answer ? 'yes' : 'no',
    format: 'yes-no',
    category: 'causal',
    suite: 'causal/corr2cause',
    difficulty: {
      nodes: size,
      relation: CORR2CAUSE_RELATIONS.indexOf(relation),
      equivalenceClass: info.dags.length,
    },
    goldReasoning: explainAnswer({ ...info, relation, nodes }),
  };
}

function keyOf(item: EvalItem): string {
  return `${item.context ?? ''}\n${item.question}`;
}

function validate(minNodes: number, maxNodes: number, relations: readonly Corr2causeRelation[]) {
  const whole = Number.isInteger(minNodes) && Number.isInteger(maxNodes);
  if (!whole || minNodes < MIN_NODES || maxNodes > MAX_NODES || minNodes > maxNodes) {
    throw new InvalidInputError(
      `Nodes must be whole numbers with ${MIN_NODES} <= minNodes <= maxNodes <= ${MAX_NODES}, ` +
        `got ${minNodes} and ${maxNodes}.`,
    );
  }
  if (relations.length === 0 || relations.some((r) => !CORR2CAUSE_RELATIONS.includes(r))) {
    throw new InvalidInputError(
      `relations must be a non-empty list of ${CORR2CAUSE_RELATIONS.join(', ')}, ` +
        `got [${relations.join(', ')}].`,
    );
  }
}
