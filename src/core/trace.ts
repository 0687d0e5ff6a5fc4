import { z } from 'zod';
import { Step } from './step.js';
import { Usage } from './usage.js';

export const StopReason = z.enum([
  'answer',
  'no-answer',
  'budget-calls',
  'budget-tokens',
  'aborted',
  'error',
]);
export type StopReason = z.infer<typeof StopReason>;

export const Result = z.object({
  /** Canonical answer, or null when none was extracted. */
  answer: z.string().nullable(),
  stopReason: StopReason,
  /** Backend calls made. */
  calls: z.number().int().nonnegative(),
  usage: Usage,
  latencyMs: z.number().nonnegative(),
  /** Error code and message when stopReason is `error`. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type Result = z.infer<typeof Result>;

/** A run's steps, result and usage: JSON-serialisable and replayable. */
export const Trace = z.object({
  version: z.literal(1),
  reasoner: z.string(),
  backend: z.string(),
  task: z.object({
    question: z.string(),
    context: z.string().nullable(),
    format: z.string(),
    options: z.array(z.string()).nullable(),
    gold: z.string().nullable().default(null),
  }),
  steps: z.array(Step),
  result: Result,
});
export type Trace = z.infer<typeof Trace>;

/** Validates unknown data (e.g. parsed JSON) as a trace. */
export function parseTrace(data: unknown): Trace {
  return Trace.parse(data);
}

export function traceToJson(trace: Trace): string {
  return JSON.stringify(trace);
}

export function traceFromJson(json: string): Trace {
  return Trace.parse(JSON.parse(json));
}
