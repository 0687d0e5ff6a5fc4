import { z } from 'zod';
import { numberParam } from '../params.js';
import { InvalidInputError } from '../../core/errors.js';
import { thoughtTaskNames } from './thought-tasks.js';
import { TreeOfThoughts } from './tree-of-thoughts.js';

const count = (what: string) => numberParam(z.number().int().min(1)).optional().describe(what);

/**
 * Parameters of the `tot` reasoner, coerced from `--param key=value`
 * strings. Each maps to the `TreeOfThoughtsOptions` field of its name.
 */
export const treeOfThoughtsParams = z.strictObject({
  search: z.enum(['bfs', 'dfs']).optional().describe('bfs or dfs (default bfs)'),
  breadth: count('states kept per level, children tried per state in dfs (default 3)'),
  depth: count('most thoughts from the root (default: generic 4, game24 3, deductive 8)'),
  generate: z
    .enum(['propose', 'sample'])
    .optional()
    .describe('propose or sample next thoughts (default: sample generic, else propose)'),
  samples: count('thoughts asked for per state (default 3)'),
  evaluate: z.enum(['value', 'vote']).optional().describe('value or vote (default value)'),
  evaluations: count('evaluation calls per state or vote (default 1)'),
  threshold: numberParam(z.number().min(0).max(1))
    .optional()
    .describe('lowest score dfs explores (default 0.5)'),
  temperature: numberParam(z.number().min(0))
    .optional()
    .describe('temperature of sampled thoughts (default 0.7)'),
  task: z
    .enum(thoughtTaskNames)
    .optional()
    .describe(`${thoughtTaskNames.join(', ')} (default generic)`),
});

export type TreeOfThoughtsParams = z.output<typeof treeOfThoughtsParams>;

/**
 * Makes the `tot` reasoner from CLI-style parameters (strings or values).
 * Bad parameters are an InvalidInputError naming the parameter.
 */
export function createTreeOfThoughts(params: Record<string, unknown> = {}): TreeOfThoughts {
  const parsed = treeOfThoughtsParams.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join('.') || 'params';
    throw new InvalidInputError(
      `Bad parameter ${key} for reasoner tot: ${issue?.message ?? 'invalid'}. ` +
        `Valid: ${Object.keys(treeOfThoughtsParams.shape).join(', ')}.`,
    );
  }
  return new TreeOfThoughts(parsed.data);
}
