import { expect } from 'vitest';
import { Step } from '../../../src/core/step.js';
import type { Trace } from '../../../src/core/trace.js';

/**
 * Asserts that a trace's steps form one tree: the first step is the root
 * state, every other step hangs below an earlier one (one level deeper),
 * states hang below states, and scores target states.
 */
export function expectTree(trace: Trace): void {
  const [root, ...rest] = trace.steps;
  expect(root?.type).toBe('thought');
  expect(root?.parentId).toBeNull();
  expect(root?.depth).toBe(0);
  if (!root) return;

  const byId = new Map<string, Step>([[root.id, root]]);
  for (const step of rest) {
    expect(Step.safeParse(step).success).toBe(true);
    const parent = step.parentId === null ? undefined : byId.get(step.parentId);
    expect(parent, `the parent of ${step.id}`).toBeDefined();
    expect(step.depth).toBe((parent?.depth ?? -2) + 1);
    if (step.type === 'thought') expect(parent?.type).toBe('thought');
    if (step.type === 'evaluation' && step.targetId !== null) {
      expect(byId.get(step.targetId)?.type).toBe('thought');
    }
    byId.set(step.id, step);
  }
}

/** The trace's thought steps, as their texts. */
export function thoughtTexts(trace: Trace): string[] {
  return trace.steps.flatMap((step) => (step.type === 'thought' ? [step.text] : []));
}

/** The trace's evaluation steps of one kind (`value`, `vote`, `ballot`, `check`). */
export function evaluations(trace: Trace, kind: string) {
  return trace.steps.flatMap((step) =>
    step.type === 'evaluation' && step.kind === kind ? [step] : [],
  );
}

/** The trace's last step when it is the answer step. */
export function finalAnswer(trace: Trace) {
  const last = trace.steps.at(-1);
  return last?.type === 'answer' ? last : undefined;
}
