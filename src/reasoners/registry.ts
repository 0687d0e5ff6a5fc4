import { z } from 'zod';
import type { Reasoner } from '../core/reasoner.js';
import { InvalidInputError } from '../core/errors.js';
import { ChainOfThought } from './chain-of-thought.js';
import { Direct } from './direct.js';
import { SelfConsistency } from './self-consistency.js';

interface ReasonerEntry {
  description: string;
  /** Parameters, coerced from `--param key=value` strings. */
  params: z.ZodObject;
  create(params: Record<string, unknown>): Reasoner;
}

const shots = z.coerce.number().int().min(0).optional().describe('worked exemplars (default 0)');

const REASONERS = {
  direct: {
    description: 'answer only, no reasoning (baseline)',
    params: z.strictObject({ shots }),
    create: (params) => new Direct(params),
  },
  cot: {
    description: 'chain-of-thought: reason step by step, then answer (one call)',
    params: z.strictObject({ shots }),
    create: (params) => new ChainOfThought(params),
  },
  'self-consistency': {
    description: 'k sampled chains of thought, majority vote with early stop',
    params: z.strictObject({
      shots,
      samples: z.coerce.number().int().min(1).optional().describe('chains to sample (default 5)'),
      temperature: z.coerce
        .number()
        .min(0)
        .optional()
        .describe('sampling temperature (default 0.7)'),
      earlyStop: z
        .enum(['true', 'false'])
        .transform((value) => value === 'true')
        .optional()
        .describe('stop once the leader is safe (default true)'),
    }),
    create: (params) => new SelfConsistency(params),
  },
} satisfies Record<string, ReasonerEntry>;

export type ReasonerName = keyof typeof REASONERS;

export const reasonerNames = Object.keys(REASONERS) as ReasonerName[];

export function describeReasoners(): { name: string; description: string; params: string[] }[] {
  return Object.entries(REASONERS).map(([name, entry]) => ({
    name,
    description: entry.description,
    params: Object.entries(entry.params.shape).map(
      ([key, schema]) => `${key}: ${(schema as z.ZodType).description ?? ''}`,
    ),
  }));
}

/** Makes a reasoner by name, validating its parameters. */
export function createReasoner(name: string, params: Record<string, unknown> = {}): Reasoner {
  const entry = (REASONERS as Record<string, ReasonerEntry>)[name];
  if (!entry) {
    throw new InvalidInputError(
      `Unknown reasoner "${name}"; choose one of ${reasonerNames.join(', ')}.`,
    );
  }
  const parsed = entry.params.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join('.') || (issue && 'keys' in issue ? String(issue.keys) : '');
    throw new InvalidInputError(
      `Bad parameter ${key} for reasoner ${name}: ${issue?.message}. Valid: ${Object.keys(entry.params.shape).join(', ')}.`,
    );
  }
  return entry.create(parsed.data);
}
