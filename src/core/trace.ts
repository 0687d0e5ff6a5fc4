import { z } from 'zod';
import { ParseFailureError } from './errors.js';
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
/** A trace from parsed JSON; anything else is a ParseFailureError naming the field. */
export function parseTrace(data: unknown): Trace {
  const parsed = Trace.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map((part) => (typeof part === 'symbol' ? String(part) : part));
  throw new ParseFailureError(
    `Not a stepwise trace: ${path.join('.') || 'the value'}: ${issue?.message ?? 'invalid'}.`,
    { raw: JSON.stringify(data)?.slice(0, 2000) ?? String(data), path },
  );
}

export function traceToJson(trace: Trace): string {
  return JSON.stringify(trace);
}

/** A trace from its JSON text (see traceToJson). */
export function traceFromJson(json: string): Trace {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (cause) {
    throw new ParseFailureError('Not a stepwise trace: the text is not JSON.', {
      raw: String(json).slice(0, 2000),
      cause,
    });
  }
  return parseTrace(data);
}
