/** Helpers for users' own tests: deterministic backends. */
export { ScriptedBackend, loadScriptedBackend, type Script } from './backends/scripted.js';
