import { z } from 'zod';
import { defineTool } from '../core/tool.js';
import {
  type Assignment,
  averageTreatmentEffect,
  type Bit as BitValue,
  computeProbability,
} from './causal-inference.js';
import { buildCausalNetwork, CausalVariable } from './causal-network.js';

const Bit = z.literal([0, 1]);
const Values = z.record(z.string(), Bit);

export const CausalQuery = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('intervention'),
    target: z.string().describe('The variable whose probability is asked.'),
    do: Values.describe('Variables set by intervention, e.g. {"X": 1}.'),
    value: Bit.optional().describe('The target value asked about. Default: 1.'),
  }),
  z.object({
    type: z.literal('ate'),
    treatment: z.string(),
    outcome: z.string(),
  }),
  z.object({
    type: z.literal('conditional'),
    target: z.string().describe('The variable whose probability is asked.'),
    given: Values.optional().describe('Observed values, e.g. {"X": 1}. Default: {}.'),
    value: Bit.optional().describe('The target value asked about. Default: 1.'),
  }),
]);
export type CausalQuery = z.infer<typeof CausalQuery>;

export interface CausalQueryOptions {
  /** The graph: binary variables, their parents and conditional probabilities. */
  variables: readonly CausalVariable[];
  query: CausalQuery;
}

export interface CausalAnswer {
  /** The probability, or the effect for an `ate` query. */
  value: number;
  /** One line, e.g. "P(Y=1 | do(X=1)) = 0.7200". */
  text: string;
}

/**
 * Answers an interventional, conditional or average-treatment-effect
 * query exactly, by enumeration.
 *
 * @throws InvalidInputError when the graph or the query is invalid.
 */
export function answerCausalQuery(options: CausalQueryOptions): CausalAnswer {
  const network = buildCausalNetwork(options.variables);
  const { query } = options;

  if (query.type === 'ate') {
    const { treatment, outcome } = query;
    const result = averageTreatmentEffect(network, { treatment, outcome });
    const terms = `P(${outcome}=1|do(${treatment}=1)) - P(${outcome}=1|do(${treatment}=0))`;
    const numbers = `${fixed(result.treated)} - ${fixed(result.untreated)}`;
    return {
      value: result.effect,
      text: `ATE of ${treatment} on ${outcome} = ${terms} = ${numbers} = ${fixed(result.effect)}`,
    };
  }

  const value: BitValue = query.value ?? 1;
  const event = { [query.target]: value };
  if (query.type === 'intervention') {
    const probability = computeProbability(network, { event, intervention: query.do });
    const condition = Object.keys(query.do).length > 0 ? ` | do(${listValues(query.do)})` : '';
    return {
      value: probability,
      text: `P(${query.target}=${value}${condition}) = ${fixed(probability)}`,
    };
  }

  const given = query.given ?? {};
  const probability = computeProbability(network, { event, given });
  const condition = Object.keys(given).length > 0 ? ` | ${listValues(given)}` : '';
  return {
    value: probability,
    text: `P(${query.target}=${value}${condition}) = ${fixed(probability)}`,
  };
}

export const causal = defineTool({
  name: 'causal',
  description:
    'Exact causal inference on a small graph of binary (0/1) variables, up to 16: ' +
    'P(target | do(...)) by the truncated factorisation, the average treatment effect ' +
    'P(Y=1|do(X=1)) - P(Y=1|do(X=0)), or an ordinary conditional P(target | given).',
  input: z.object({
    variables: z
      .array(CausalVariable)
      .describe('Every variable of the graph, each with its parents and cpt.'),
    query: CausalQuery.describe(
      'What to compute: {"type": "intervention", "target", "do"}, {"type": "ate", ' +
        '"treatment", "outcome"} or {"type": "conditional", "target", "given"}.',
    ),
  }),
  call: (input) => answerCausalQuery(input).text,
});

function listValues(values: Assignment): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

function fixed(value: number): string {
  // Rounding can leave -0.0000 for a tiny negative effect.
  const text = value.toFixed(4);
  return text === '-0.0000' ? '0.0000' : text;
}
