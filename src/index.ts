export * from './core/index.js';
export { extractAnswer, type Extraction } from './answers/extract.js';
export { normalizeAnswer } from './answers/normalize.js';
export { createBackend, parseBackendSpec, type CreateBackendOptions } from './backends/spec.js';
export { CachedBackend, defaultCacheDir, type CacheOptions } from './backends/cache.js';
export { ScriptedBackend, loadScriptedBackend, type Script } from './backends/scripted.js';
export { ChainOfThought, type ChainOfThoughtOptions } from './reasoners/chain-of-thought.js';
export { Direct, type DirectOptions } from './reasoners/direct.js';
export {
  SelfConsistency,
  tallyVotes,
  type SelfConsistencyOptions,
} from './reasoners/self-consistency.js';
export { createReasoner, reasonerNames } from './reasoners/registry.js';
export { EvalItem } from './eval/item.js';
export { runEval, type EvalOptions, type EvalEvent } from './eval/runner.js';
export { loadSuite, loadDataFile, DEFAULT_SUITE_SEED } from './eval/suites.js';
export { summarize, type Summary } from './eval/summary.js';
export { wilsonInterval } from './eval/statistics.js';
export { ItemResult, readResults } from './eval/results.js';
