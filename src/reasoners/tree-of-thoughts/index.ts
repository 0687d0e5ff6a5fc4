export { checkGame24 } from './check-game24.js';
export { deductiveTask, type DeductiveState } from './deductive-task.js';
export { game24Task, type Game24State } from './game24-task.js';
export { genericTask, type GenericState } from './generic-task.js';
export { parseFirstJson, type FirstJson } from '../../util/json-value.js';
export {
  readValue,
  readVote,
  VALUE_WORDS,
  type ValueReading,
  type VoteReading,
} from './read-evaluation.js';
export type {
  ChildrenPromptInput,
  GenerateMode,
  ThoughtCheck,
  ThoughtChild,
  ThoughtTask,
  ThoughtTaskHints,
} from './task.js';
export { thoughtTaskNames, thoughtTasks, type ThoughtTaskName } from './thought-tasks.js';
export { TreeOfThoughts, type TreeOfThoughtsOptions } from './tree-of-thoughts.js';
export {
  createTreeOfThoughts,
  treeOfThoughtsParams,
  type TreeOfThoughtsParams,
} from './tree-of-thoughts-params.js';
