import { z } from 'zod';
import { AnswerFormat } from '../../core/reasoner.js';

/** Longest question, context and earlier answer the playground accepts, in characters. */
export const LIMITS = {
  question: 20_000,
  context: 100_000,
  turns: 50,
  /** Bytes of one POST /api/runs body. */
  runBody: 1 << 20,
  /** Bytes of one uploaded trace. */
  traceBody: 10 << 20,
};

const Turn = z.strictObject({
  question: z.string().max(LIMITS.question),
  answer: z.string().max(LIMITS.question),
});

/**
 * What the browser sends to start a run. It names a backend only by the
 * id of one the server was started with, and nothing here is a path or URL.
 */
export const RunRequest = z.strictObject({
  reasoner: z.string().min(1).max(64),
  backend: z.string().min(1).max(200),
  question: z.string().trim().min(1, 'must not be empty').max(LIMITS.question),
  context: z.string().max(LIMITS.context).nullable().default(null),
  format: AnswerFormat.default('text'),
  /** Reasoner parameters, validated further by the reasoner's own schema. */
  params: z
    .record(z.string().max(64), z.union([z.string().max(200), z.number(), z.boolean()]))
    .default({}),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(8192).optional(),
  seed: z.number().int().min(0).max(0xffff_ffff).default(0),
  /** Earlier turns of this conversation, oldest first. */
  history: z.array(Turn).max(LIMITS.turns).default([]),
});
export type RunRequest = z.infer<typeof RunRequest>;

/** The first message of a zod error, naming its field, for a 400 reply. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is invalid.';
  const field = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    return `Unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}.`;
  }
  return field ? `${field}: ${issue.message}.` : `${issue.message}.`;
}
