import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/errors.js';
import { validateToolInput } from '../../src/core/tool.js';
import { answerCausalQuery, causal } from '../../src/tools/causal.js';
import { averageTreatmentEffect, computeProbability } from '../../src/tools/causal-inference.js';
import { buildCausalNetwork, type CausalVariable } from '../../src/tools/causal-network.js';

/*
 * Z confounds X and Y: Z -> X, Z -> Y, X -> Y.
 *   P(Z=1) = 0.5;  P(X=1 | Z=0) = 0.2, P(X=1 | Z=1) = 0.8
 *   P(Y=1 | X, Z): (0,0) 0.1, (0,1) 0.5, (1,0) 0.4, (1,1) 0.8
 *
 * Interventional (Z keeps its prior):
 *   P(Y=1 | do(X=1)) = 0.5 * 0.4 + 0.5 * 0.8 = 0.60
 *   P(Y=1 | do(X=0)) = 0.5 * 0.1 + 0.5 * 0.5 = 0.30  -> ATE = 0.30
 * Observational (seeing X=1 makes Z=1 likelier):
 *   P(X=1) = 0.5 * 0.2 + 0.5 * 0.8 = 0.5
 *   P(Z=1 | X=1) = 0.5 * 0.8 / 0.5 = 0.8 -> P(Y=1 | X=1) = 0.2 * 0.4 + 0.8 * 0.8 = 0.72
 *   P(Z=1 | X=0) = 0.5 * 0.2 / 0.5 = 0.2 -> P(Y=1 | X=0) = 0.8 * 0.1 + 0.2 * 0.5 = 0.18
 *   P(Y=1) = 0.5 * 0.72 + 0.5 * 0.18 = 0.45
 */
const confounded: CausalVariable[] = [
  { name: 'Y', parents: ['X', 'Z'], cpt: [0.1, 0.5, 0.4, 0.8] },
  { name: 'X', parents: ['Z'], cpt: { '0': 0.2, '1': 0.8 } },
  { name: 'Z', cpt: 0.5 },
];

describe('answerCausalQuery', () => {
  it('separates P(y | do(x)) from P(y | x) in a confounded graph', () => {
    const doing = answerCausalQuery({
      variables: confounded,
      query: { type: 'intervention', target: 'Y', do: { X: 1 } },
    });
    const seeing = answerCausalQuery({
      variables: confounded,
      query: { type: 'conditional', target: 'Y', given: { X: 1 } },
    });
    expect(doing.value).toBeCloseTo(0.6, 12);
    expect(doing.text).toBe('P(Y=1 | do(X=1)) = 0.6000');
    expect(seeing.value).toBeCloseTo(0.72, 12);
    expect(seeing.text).toBe('P(Y=1 | X=1) = 0.7200');
  });

  it('computes the average treatment effect', () => {
    const answer = answerCausalQuery({
      variables: confounded,
      query: { type: 'ate', treatment: 'X', outcome: 'Y' },
    });
    expect(answer.value).toBeCloseTo(0.3, 12);
    expect(answer.text).toBe(
      'ATE of X on Y = P(Y=1|do(X=1)) - P(Y=1|do(X=0)) = 0.6000 - 0.3000 = 0.3000',
    );
  });

  it('answers marginals, other target values and named cpt keys', () => {
    const named: CausalVariable[] = [
      { name: 'Z', cpt: { '': 0.5 } },
      { name: 'X', parents: ['Z'], cpt: [0.2, 0.8] },
      {
        name: 'Y',
        parents: ['X', 'Z'],
        cpt: { 'Z=0, X=0': 0.1, 'X=0,Z=1': 0.5, '1,0': 0.4, '11': 0.8 },
      },
    ];
    const marginal = answerCausalQuery({
      variables: named,
      query: { type: 'conditional', target: 'Y' },
    });
    expect(marginal.text).toBe('P(Y=1) = 0.4500');
    const zero = answerCausalQuery({
      variables: named,
      query: { type: 'conditional', target: 'Y', given: { X: 0 }, value: 0 },
    });
    expect(zero.value).toBeCloseTo(0.82, 12);
  });

  it("leaves the intervened variable's causes untouched", () => {
    const network = buildCausalNetwork(confounded);
    const cause = computeProbability(network, { event: { Z: 1 }, intervention: { X: 1 } });
    expect(cause).toBeCloseTo(0.5, 12);
    expect(averageTreatmentEffect(network, { treatment: 'Y', outcome: 'X' }).effect).toBeCloseTo(0);
  });
});

describe('graph validation', () => {
  const query = { type: 'conditional', target: 'A' } as const;
  const ask = (variables: CausalVariable[]) => () => answerCausalQuery({ variables, query });

  it.each<[string, CausalVariable[], RegExp]>([
    [
      'a cycle',
      [
        { name: 'A', parents: ['B'], cpt: [0.1, 0.2] },
        { name: 'B', parents: ['A'], cpt: [0.3, 0.4] },
      ],
      /cycle: (A -> B -> A|B -> A -> B)/,
    ],
    ['an unknown parent', [{ name: 'A', parents: ['Q'], cpt: [0.1, 0.2] }], /unknown parent "Q"/],
    ['a probability above 1', [{ name: 'A', cpt: 1.5 }], /P\(A=1\) = 1.5, outside \[0, 1\]/],
    [
      'a negative probability',
      [
        { name: 'B', cpt: 0.5 },
        { name: 'A', parents: ['B'], cpt: [0.5, -0.1] },
      ],
      /P\(A=1 \| B=1\) = -0.1/,
    ],
    [
      'a missing cpt row',
      [
        { name: 'B', cpt: 0.5 },
        { name: 'A', parents: ['B'], cpt: { '1': 0.3 } },
      ],
      /no cpt row for B=0 \(key "0"\)/,
    ],
    [
      'a cpt array of the wrong length',
      [
        { name: 'B', cpt: 0.5 },
        { name: 'A', parents: ['B'], cpt: [0.3] },
      ],
      /needs 2 entries, got 1/,
    ],
    [
      'a malformed cpt key',
      [
        { name: 'B', cpt: 0.5 },
        { name: 'A', parents: ['B'], cpt: { '0': 0.1, '2': 0.3 } },
      ],
      /cpt key "2"/,
    ],
    [
      'a duplicate name',
      [
        { name: 'A', cpt: 0.5 },
        { name: 'A', cpt: 0.2 },
      ],
      /defined twice/,
    ],
    [
      'too many variables',
      Array.from({ length: 17 }, (_, i) => ({ name: `V${i}`, cpt: 0.5 })),
      /at most 16/,
    ],
  ])('rejects %s', (_label, variables, message) => {
    expect(ask(variables)).toThrow(InvalidInputError);
    expect(ask(variables)).toThrow(message);
  });

  it('rejects unknown query variables and impossible conditions', () => {
    const unknown = { type: 'intervention', target: 'W', do: { X: 1 } } as const;
    expect(() => answerCausalQuery({ variables: confounded, query: unknown })).toThrow(
      /Unknown variable "W".*Variables: /,
    );
    const certain: CausalVariable[] = [{ name: 'A', cpt: 1 }];
    const impossible = { type: 'conditional', target: 'A', given: { A: 0 } } as const;
    expect(() => answerCausalQuery({ variables: certain, query: impossible })).toThrow(
      /probability 0/,
    );
  });
});

describe('causal tool', () => {
  it('validates model input with its schema and returns one line', async () => {
    const raw = {
      variables: confounded,
      query: { type: 'intervention', target: 'Y', do: { X: 0 } },
    };
    const input = validateToolInput(causal, raw);
    expect(input.ok).toBe(true);
    if (!input.ok) return;
    expect(await causal.call(input.value, {})).toBe('P(Y=1 | do(X=0)) = 0.3000');
    expect(validateToolInput(causal, { ...raw, query: { type: 'median' } }).ok).toBe(false);
  });
});
