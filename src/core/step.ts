import { z } from 'zod';
import { Usage } from './usage.js';

/** When a step started and ended, in epoch milliseconds. */
export const Timing = z.object({
  startedAt: z.number(),
  endedAt: z.number(),
});
export type Timing = z.infer<typeof Timing>;

const base = {
  id: z.string().min(1),
  /** The step this one follows from; trees (Tree of Thoughts) use it. */
  parentId: z.string().nullable(),
  /** Name of the reasoner that produced the step. */
  reasoner: z.string(),
  /** Depth in the reasoning tree; 0 for a linear chain's first step. */
  depth: z.number().int().nonnegative(),
  timing: Timing,
  /** Tokens spent producing this step (zero when no model call). */
  usage: Usage,
  /** The raw model text the step was parsed from, when there was one. */
  raw: z.string().nullable(),
};

export const ThoughtStep = z.object({
  ...base,
  type: z.literal('thought'),
  text: z.string(),
});

export const ActionStep = z.object({
  ...base,
  type: z.literal('action'),
  tool: z.string(),
  input: z.unknown(),
  /** Id of a native tool call, when the backend issued one. */
  callId: z.string().nullable(),
});

export const ObservationStep = z.object({
  ...base,
  type: z.literal('observation'),
  tool: z.string().nullable(),
  text: z.string(),
  isError: z.boolean(),
});

export const EvaluationStep = z.object({
  ...base,
  type: z.literal('evaluation'),
  /** What was evaluated: a vote, a state value, a trial verdict... */
  kind: z.string(),
  /** The step (or state) being judged, when there is one. */
  targetId: z.string().nullable(),
  score: z.number().nullable(),
  /** A label such as the voted answer or a verdict word. */
  label: z.string().nullable(),
  text: z.string(),
});

export const ReflectionStep = z.object({
  ...base,
  type: z.literal('reflection'),
  text: z.string(),
  trial: z.number().int().nonnegative(),
});

export const AnswerStep = z.object({
  ...base,
  type: z.literal('answer'),
  /** The canonical answer, or null when none could be extracted. */
  answer: z.string().nullable(),
  /** The text the answer was extracted from. */
  text: z.string(),
  /** How the answer was extracted (e.g. `boxed`, `declared`, `last-line`). */
  method: z.string(),
});

export const Step = z.discriminatedUnion('type', [
  ThoughtStep,
  ActionStep,
  ObservationStep,
  EvaluationStep,
  ReflectionStep,
  AnswerStep,
]);
export type Step = z.infer<typeof Step>;
export type StepType = Step['type'];
export type ThoughtStep = z.infer<typeof ThoughtStep>;
export type ActionStep = z.infer<typeof ActionStep>;
export type ObservationStep = z.infer<typeof ObservationStep>;
export type EvaluationStep = z.infer<typeof EvaluationStep>;
export type ReflectionStep = z.infer<typeof ReflectionStep>;
export type AnswerStep = z.infer<typeof AnswerStep>;

/** A step of a given type, as the fields a reasoner supplies before ids. */
export type StepOf<T extends StepType> = Extract<Step, { type: T }>;
