import { deductiveTask } from './deductive-task.js';
import { game24Task } from './game24-task.js';
import { genericTask } from './generic-task.js';
import type { ThoughtTask } from './task.js';

/** Names of the tasks that ship with Tree of Thoughts. */
export const thoughtTaskNames = ['generic', 'game24', 'deductive'] as const;

export type ThoughtTaskName = (typeof thoughtTaskNames)[number];

/** The tasks that ship with Tree of Thoughts, by name. */
export const thoughtTasks = {
  generic: genericTask,
  game24: game24Task,
  deductive: deductiveTask,
} satisfies Record<ThoughtTaskName, ThoughtTask<unknown>>;

/** A task given by name or as itself. */
export function resolveThoughtTask(
  task: ThoughtTask<unknown> | ThoughtTaskName,
): ThoughtTask<unknown> {
  return typeof task === 'string' ? thoughtTasks[task] : task;
}
