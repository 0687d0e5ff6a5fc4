import { definedOnly } from '../util/defined-only.js';
import type { Command } from 'commander';
import { loadAgent } from '../agents/agent.js';
import type { AnswerFormat, Reasoner } from '../core/reasoner.js';
import { createReasoner, reasonerNames } from '../reasoners/registry.js';
import { collectParam, integer, oneOf } from './options.js';

export interface ReasonerFlags {
  reasoner?: string;
  agent?: string;
  samples?: number;
  tools?: string;
  search?: string;
  breadth?: number;
  depth?: number;
  evaluate?: string;
  trials?: number;
  param: Record<string, string>;
}

/** The reasoner options `run` and `eval` share. */
export function addReasonerFlags(command: Command): Command {
  return command
    .option('--reasoner <name>', `one of ${reasonerNames.join(', ')} (default cot)`)
    .option(
      '--agent <name>',
      'a ready-made agent from agents/ (see stepwise list), or a .json file',
    )
    .option('--samples <k>', 'self-consistency: chains to sample', integer('--samples', 1))
    .option('--tools <names>', 'react: comma-separated tools (default all shipped)')
    .option('--search <kind>', 'tot: bfs or dfs', oneOf('--search', ['bfs', 'dfs']))
    .option('--breadth <b>', 'tot: states kept per level', integer('--breadth', 1))
    .option('--depth <d>', 'tot: depth limit', integer('--depth', 1))
    .option('--evaluate <how>', 'tot: value or vote', oneOf('--evaluate', ['value', 'vote']))
    .option('--trials <n>', 'reflexion: most trials', integer('--trials', 1))
    .option('--param <key=value>', 'reasoner parameter (repeatable)', collectParam, {});
}

export interface ResolvedReasoner {
  reasoner: Reasoner;
  name: string;
  params: Record<string, string | number | boolean>;
  /** The agent's answer format, when an agent was chosen. */
  format: AnswerFormat | undefined;
}

/** Builds the reasoner from an agent and/or flags; flags win over the agent. */
export function reasonerFromFlags(flags: ReasonerFlags): ResolvedReasoner {
  const agent = flags.agent ? loadAgent(flags.agent) : undefined;
  const name = flags.reasoner ?? agent?.reasoner ?? 'cot';
  const shortcuts = {
    samples: flags.samples,
    tools: flags.tools,
    search: flags.search,
    breadth: flags.breadth,
    depth: flags.depth,
    evaluate: flags.evaluate,
    maxTrials: flags.trials,
  };
  const params: Record<string, string | number | boolean> = {
    ...(agent && agent.reasoner === name ? agent.params : {}),
    ...definedOnly(shortcuts),
    ...flags.param,
  };
  return { reasoner: createReasoner(name, params), name, params, format: agent?.format };
}
