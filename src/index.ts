export * from './core/index.js';
export { extractAnswer, type Extraction } from './answers/extract.js';
export { normalizeAnswer } from './answers/normalize.js';
export { createBackend, parseBackendSpec, type CreateBackendOptions } from './backends/spec.js';
export { CachedBackend, defaultCacheDir, type CacheOptions } from './backends/cache.js';
export { ScriptedBackend, loadScriptedBackend, type Script } from './backends/scripted.js';
export { ChainOfThought, type ChainOfThoughtOptions } from './reasoners/chain-of-thought.js';
export { Direct, type DirectOptions } from './reasoners/direct.js';
export { Likelihood, type LikelihoodOptions } from './reasoners/likelihood.js';
export {
  SelfConsistency,
  tallyVotes,
  type SelfConsistencyOptions,
} from './reasoners/self-consistency.js';
export { ReAct, type ReActOptions } from './reasoners/react/react.js';
export { parseReactReply, type ReactReply } from './reasoners/react/text-protocol.js';
export { Reflexion, type ReflexionOptions } from './reasoners/reflexion/reflexion.js';
export {
  exactEvaluator,
  heuristicEvaluator,
  llmEvaluator,
  type Evaluator,
  type Verdict,
} from './reasoners/reflexion/evaluators.js';
export {
  TreeOfThoughts,
  checkGame24,
  game24Task,
  genericTask,
  deductiveTask,
  type ThoughtTask,
  type TreeOfThoughtsOptions,
} from './reasoners/tree-of-thoughts/index.js';
export { createReasoner, describeReasoners, reasonerNames } from './reasoners/registry.js';
export { calculator, causal, prover, getTools, shippedTools } from './tools/index.js';
export { loadAgent, listAgents, type Agent } from './agents/agent.js';
export { EvalItem } from './eval/item.js';
export { runEval, type EvalOptions, type EvalEvent } from './eval/runner.js';
export { loadSuite, suiteItems, loadDataFile, DEFAULT_SUITE_SEED } from './eval/suites.js';
export { summarize, type Summary } from './eval/summary.js';
export { wilsonInterval } from './eval/statistics.js';
export { ItemResult, readResults } from './eval/results.js';
export { listen, type Listening, type ListenOptions } from './server/listen.js';
export { createOpenAIApp, type OpenAIAppOptions } from './server/openai/app.js';
export { servedModels } from './server/openai/models.js';
export {
  createPlayground,
  type Playground,
  type PlaygroundOptions,
} from './server/playground/app.js';
export { EvalTraces } from './server/playground/eval-traces.js';
