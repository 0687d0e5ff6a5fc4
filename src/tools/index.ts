export { calculator, evaluateExpression, formatNumber } from './calculator.js';
export {
  answerCausalQuery,
  type CausalAnswer,
  CausalQuery,
  type CausalQueryOptions,
  causal,
} from './causal.js';
export {
  type Assignment,
  averageTreatmentEffect,
  type Bit,
  computeProbability,
  type ProbabilityOptions,
  type TreatmentEffect,
} from './causal-inference.js';
export {
  buildCausalNetwork,
  type CausalNetwork,
  CausalVariable,
  MAX_CAUSAL_VARIABLES,
} from './causal-network.js';
export {
  formatProof,
  type ProofAnswer,
  type ProofResult,
  type ProveOptions,
  prove,
  prover,
} from './prover.js';
export { describeTools, getTools, shippedTools, type ToolDescription } from './registry.js';
