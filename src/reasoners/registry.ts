import { z } from 'zod';
import { numberParam } from './params.js';
import { InvalidInputError } from '../core/errors.js';
import type { Reasoner } from '../core/reasoner.js';
import { getTools } from '../tools/registry.js';
import { ChainOfThought } from './chain-of-thought.js';
import { Direct } from './direct.js';
import { Likelihood } from './likelihood.js';
import { ReAct } from './react/react.js';
import { Reflexion } from './reflexion/reflexion.js';
import { SelfConsistency } from './self-consistency.js';
import { createTreeOfThoughts, treeOfThoughtsParams } from './tree-of-thoughts/index.js';

interface ReasonerEntry {
  description: string;
  /** Parameters, coerced from `--param key=value` strings. */
  params: z.ZodObject;
  create(params: Record<string, unknown>): Reasoner;
}

const count = (what: string) => numberParam(z.number().int().min(0)).optional().describe(what);
const flag = (what: string) =>
  z
    .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')])
    .optional()
    .describe(what);
const shots = count('worked exemplars (default 0)');

/** Reasoners Reflexion may use as its actor. */
const ACTORS = ['direct', 'cot', 'self-consistency', 'react', 'tot'] as const;

const REASONERS: Record<string, ReasonerEntry> = {
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
      samples: numberParam(z.number().int().min(1))
        .optional()
        .describe('chains to sample (default 5)'),
      temperature: numberParam(z.number().min(0))
        .optional()
        .describe('sampling temperature (default 0.7)'),
      earlyStop: flag('stop once the leader is safe (default true)'),
    }),
    create: (params) => new SelfConsistency(params),
  },
  likelihood: {
    description: 'multiple choice by option log-likelihood, no generation (local backend)',
    params: z.strictObject({
      normalize: z
        .enum(['none', 'tokens'])
        .optional()
        .describe('divide by option tokens (default none)'),
    }),
    create: (params) => new Likelihood(params),
  },
  react: {
    description: 'ReAct: reason and call tools (native tool calls or the text protocol)',
    params: z.strictObject({
      tools: z.string().optional().describe('comma-separated tool names (default all shipped)'),
      protocol: z
        .enum(['auto', 'native', 'text'])
        .optional()
        .describe('tool protocol (default auto)'),
      maxSteps: numberParam(z.number().int().min(1)).optional().describe('model turns (default 8)'),
      coerce: flag('coerce near-miss tool input (default true)'),
      maxRepeats: count('identical repeated actions allowed (default 1)'),
    }),
    create: ({ tools, ...params }) => new ReAct({ ...params, tools: getTools(splitList(tools)) }),
  },
  tot: {
    description: 'Tree of Thoughts: search over partial solutions with value or vote evaluation',
    params: treeOfThoughtsParams,
    create: (params) => createTreeOfThoughts(params),
  },
  reflexion: {
    description: 'Reflexion: retry with self-reflection after failed trials',
    params: z.strictObject({
      actor: z.enum(ACTORS).optional().describe('reasoner for each trial (default cot)'),
      evaluator: z
        .enum(['auto', 'exact', 'heuristic', 'llm'])
        .optional()
        .describe('trial judge (default auto: exact with gold, else llm)'),
      maxTrials: numberParam(z.number().int().min(1))
        .optional()
        .describe('most trials (default 3)'),
      memorySize: numberParam(z.number().int().min(1))
        .optional()
        .describe('reflections kept (default 3)'),
      memoryTokens: numberParam(z.number().int().min(1))
        .optional()
        .describe('memory budget (default 400)'),
      tools: z.string().optional().describe('tools for a react actor'),
    }),
    create: ({ actor, tools, ...params }) =>
      new Reflexion({
        ...params,
        actor: createReasoner(typeof actor === 'string' ? actor : 'cot', tools ? { tools } : {}),
      }),
  },
};

export const reasonerNames = Object.keys(REASONERS);

/** Reasoners that answer a free question in a chat; `likelihood` only scores given options. */
export const CHAT_REASONERS = [
  'direct',
  'cot',
  'self-consistency',
  'react',
  'tot',
  'reflexion',
] as const;
export type ChatReasoner = (typeof CHAT_REASONERS)[number];

function splitList(value: unknown): string[] | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

export function describeReasoners(): { name: string; description: string; params: string[] }[] {
  return Object.entries(REASONERS).map(([name, entry]) => ({
    name,
    description: entry.description,
    params: Object.entries(entry.params.shape).map(
      ([key, schema]) => `${key}: ${(schema as z.ZodType).description ?? ''}`,
    ),
  }));
}

/** A reasoner's parameters as JSON Schema (what a client sends), for forms. */
export function reasonerParamSchemas(): {
  name: string;
  description: string;
  params: Record<string, unknown>;
}[] {
  return Object.entries(REASONERS).map(([name, entry]) => ({
    name,
    description: entry.description,
    params: z.toJSONSchema(entry.params, { io: 'input', unrepresentable: 'any' }),
  }));
}

/** Makes a reasoner by name, validating its parameters. */
export function createReasoner(name: string, params: Record<string, unknown> = {}): Reasoner {
  const entry = REASONERS[name];
  if (!entry) {
    throw new InvalidInputError(
      `Unknown reasoner "${name}"; choose one of ${reasonerNames.join(', ')}.`,
    );
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new InvalidInputError(
      `createReasoner takes the parameters of ${name} as an object, e.g. { shots: 2 }.`,
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
