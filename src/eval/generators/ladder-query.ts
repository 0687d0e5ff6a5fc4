import { LadderCalculator } from './ladder-calculator.js';
import type { Bit, LadderModel, LadderRole } from './ladder-model.js';

export type LadderRung = 1 | 2 | 3;

export type LadderDirection = 'more' | 'less';

/**
 * A yes-no question about treatment X and outcome Y (and Z for explaining
 * away). Rung 1: `marginal`, `correlation`, `conditional`,
 * `explaining-away`; rung 2: `ate`, `intervention`; rung 3:
 * `counterfactual`, `ett`.
 */
export type LadderQuery =
  | { type: 'marginal' }
  | { type: 'correlation'; direction: LadderDirection }
  | { type: 'conditional'; treatment: Bit }
  | { type: 'explaining-away'; direction: LadderDirection; collider: Bit }
  | { type: 'ate'; direction: LadderDirection }
  | { type: 'intervention'; treatment: Bit }
  | { type: 'counterfactual'; treatment: Bit; factual: Bit; outcome: Bit }
  | { type: 'ett'; treatment: Bit; outcome: Bit };

export type LadderQueryType = LadderQuery['type'];

export const QUERY_RUNGS: Readonly<Record<LadderQueryType, LadderRung>> = {
  marginal: 1,
  correlation: 1,
  conditional: 1,
  'explaining-away': 1,
  ate: 2,
  intervention: 2,
  counterfactual: 3,
  ett: 3,
};

/** Closest a compared quantity may come to its threshold. */
const MARGIN = 0.02;
/** Below this a difference is a structural zero (no causal path). */
const ZERO = 1e-9;

export interface QueryResult {
  answer: boolean;
  /** False when the answer is too close to call or undefined. */
  decisive: boolean;
  /** The computation, one step per line. */
  steps: string[];
}

const state = (value: Bit) => (value === 1 ? 'present' : 'absent');
const other = (value: Bit): Bit => (value === 1 ? 0 : 1);

/** The question text, with names in place of roles. */
export function phraseQuery(query: LadderQuery, name: (role: LadderRole) => string): string {
  const [x, y, z] = [name('X'), name('Y'), name('Z')];
  switch (query.type) {
    case 'marginal':
      return `Is the overall probability that ${y} is present greater than 50%?`;
    case 'correlation':
      return (
        `Is ${y} ${query.direction} likely to be present when ${x} is present ` +
        `than when ${x} is absent?`
      );
    case 'conditional':
      return (
        `Given that ${x} is ${state(query.treatment)}, is the probability that ` +
        `${y} is present greater than 50%?`
      );
    case 'explaining-away':
      return (
        `Among cases where ${y} is ${state(query.collider)}, is ${z} ${query.direction} ` +
        `likely to be present when ${x} is present than when ${x} is absent?`
      );
    case 'ate':
      return (
        `If we intervene to make ${x} present, is ${y} ${query.direction} likely to be ` +
        `present than if we intervene to make ${x} absent?`
      );
    case 'intervention':
      return (
        `If we intervene to make ${x} ${state(query.treatment)}, is the probability ` +
        `that ${y} is present greater than 50%?`
      );
    case 'counterfactual':
      return (
        `Given that ${x} was ${state(query.treatment)} and ${y} was ` +
        `${state(query.factual)}, is it more likely than not that ${y} would have been ` +
        `${state(query.outcome)} if ${x} had been ${state(other(query.treatment))}?`
      );
    case 'ett':
      return (
        `Given that ${x} was ${state(query.treatment)}, is it more likely than not that ` +
        `${y} would have been ${state(query.outcome)} if ${x} had been ` +
        `${state(other(query.treatment))}?`
      );
  }
}

/** Answers a query by exact computation on the model. */
export function answerQuery(model: LadderModel, query: LadderQuery): QueryResult {
  const calculator = new LadderCalculator(model);
  const name = (role: LadderRole) => model.variables.find((v) => v.role === role)?.name ?? role;
  const [x, y, z] = [name('X'), name('Y'), name('Z')];
  const treated = calculator.probability({ [x]: 1 });
  const observable = treated >= MARGIN && treated <= 1 - MARGIN;

  switch (query.type) {
    case 'marginal':
      return threshold('P(Y=1)', calculator.probability({ [y]: 1 }), true);
    case 'conditional': {
      const a = query.treatment;
      return threshold(
        `P(Y=1 | X=${a})`,
        calculator.probability({ [y]: 1 }, { [x]: a }),
        observable,
      );
    }
    case 'intervention': {
      const a = query.treatment;
      const value = calculator.probability({ [y]: 1 }, {}, { [x]: a });
      return threshold(`P(Y=1 | do(X=${a}))`, value, true);
    }
    case 'correlation':
      return compare(query.direction, 'P(Y=1 | X=1)', 'P(Y=1 | X=0)', observable, [
        calculator.probability({ [y]: 1 }, { [x]: 1 }),
        calculator.probability({ [y]: 1 }, { [x]: 0 }),
      ]);
    case 'explaining-away': {
      const c = query.collider;
      const given = (a: Bit) => ({ [x]: a, [y]: c });
      const seen = ([1, 0] as const).every((a) => calculator.probability(given(a)) >= MARGIN);
      return compare(query.direction, `P(Z=1 | X=1, Y=${c})`, `P(Z=1 | X=0, Y=${c})`, seen, [
        calculator.probability({ [z]: 1 }, given(1)),
        calculator.probability({ [z]: 1 }, given(0)),
      ]);
    }
    case 'ate':
      return compare(query.direction, 'P(Y=1 | do(X=1))', 'P(Y=1 | do(X=0))', true, [
        calculator.probability({ [y]: 1 }, {}, { [x]: 1 }),
        calculator.probability({ [y]: 1 }, {}, { [x]: 0 }),
      ]);
    case 'counterfactual':
    case 'ett': {
      const a = query.treatment;
      const c = query.outcome;
      const evidence: Record<string, Bit> = { [x]: a };
      let observed = `X=${a}`;
      if (query.type === 'counterfactual') {
        evidence[y] = query.factual;
        observed += `, Y=${query.factual}`;
      }
      const chance = calculator.probability(evidence);
      const label = `P(Y_{X=${other(a)}}=${c} | ${observed})`;
      const value = calculator.counterfactual({ [y]: c }, evidence, { [x]: other(a) });
      const result = threshold(label, value, chance >= MARGIN);
      result.steps.splice(
        1,
        0,
        `Abduction: update the factors on the evidence ${observed} ` +
          `(probability ${format(chance)}).`,
        `Action: set X=${other(a)}, keeping the updated factors.`,
        `Prediction: compute P(Y=${c}) in the modified model.`,
      );
      return result;
    }
  }
}

function threshold(label: string, value: number, defined: boolean): QueryResult {
  const answer = value > 0.5;
  return {
    answer,
    decisive: defined && Number.isFinite(value) && Math.abs(value - 0.5) >= MARGIN,
    steps: [
      `Query: is ${label} > 0.5?`,
      `Exact computation: ${label} = ${format(value)}.`,
      `${format(value)} ${answer ? '>' : '<'} 0.5, so the answer is ${answer ? 'yes' : 'no'}.`,
    ],
  };
}

function compare(
  direction: LadderDirection,
  first: string,
  second: string,
  defined: boolean,
  [left, right]: [number, number],
): QueryResult {
  const raw = left - right;
  const difference = Math.abs(raw) < ZERO ? 0 : raw;
  const answer = direction === 'more' ? difference > 0 : difference < 0;
  const sign = difference > 0 ? '>' : difference < 0 ? '<' : '=';
  return {
    answer,
    decisive:
      defined && Number.isFinite(raw) && (difference === 0 || Math.abs(difference) >= MARGIN),
    steps: [
      `Query: is ${first} - ${second} ${direction === 'more' ? '> 0' : '< 0'}?`,
      `Exact computation: ${first} = ${format(left)}; ${second} = ${format(right)}.`,
      `${format(left)} - ${format(right)} = ${format(difference)} ${sign} 0, ` +
        `so the answer is ${answer ? 'yes' : 'no'}.`,
    ],
  };
}

function format(value: number): string {
  return value.toFixed(4);
}
