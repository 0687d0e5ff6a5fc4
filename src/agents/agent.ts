import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import { AnswerFormat } from '../core/reasoner.js';
import { packagePath } from '../paths.js';

/** A ready-made composition: a reasoner with its parameters and tools. */
export const AgentDefinition = z.strictObject({
  description: z.string(),
  reasoner: z.string(),
  /** Reasoner parameters, as `--param` would give them. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  /** Answer format when the caller sets none. */
  format: AnswerFormat.optional(),
});
export type AgentDefinition = z.infer<typeof AgentDefinition>;

export interface Agent extends AgentDefinition {
  name: string;
}

/** Loads a shipped agent by name (agents/NAME.json) or an agent file by path. */
export function loadAgent(nameOrPath: string): Agent {
  if (typeof nameOrPath !== 'string' || nameOrPath === '') {
    throw new InvalidInputError(
      `loadAgent takes an agent name (${listAgentNames().join(', ')}) or a .json file path.`,
    );
  }
  const file = nameOrPath.endsWith('.json')
    ? nameOrPath
    : packagePath('agents', `${nameOrPath}.json`);
  if (!existsSync(file)) {
    const known = listAgentNames().join(', ');
    throw new InvalidInputError(
      `Unknown agent "${nameOrPath}"; choose one of ${known}, or give a .json file.`,
    );
  }

  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new InvalidInputError(`The agent file ${file} is not valid JSON.`, { cause });
  }
  const parsed = AgentDefinition.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError(
      `The agent file ${file} is invalid at ${issue?.path.join('.') || 'top level'}: ${issue?.message}.`,
    );
  }
  return { name: basename(file, extname(file)), ...parsed.data };
}

export function listAgentNames(): string[] {
  return readdirSync(packagePath('agents'))
    .filter((file) => file.endsWith('.json'))
    .map((file) => basename(file, '.json'))
    .sort();
}

export function listAgents(): Agent[] {
  return listAgentNames().map(loadAgent);
}
