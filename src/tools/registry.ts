import { InvalidInputError } from '../core/errors.js';
import { type Tool, toolJsonSchema } from '../core/tool.js';
import { calculator } from './calculator.js';
import { causal } from './causal.js';
import { prover } from './prover.js';

/** The tools stepwise ships, in a stable order. */
export const shippedTools: readonly Tool[] = [calculator, prover, causal];

/**
 * The shipped tools with these names, in the order asked (repeats
 * dropped); all of them when `names` is omitted.
 *
 * @throws InvalidInputError naming the valid tools when a name is unknown.
 */
export function getTools(names?: readonly string[]): Tool[] {
  if (names === undefined) return [...shippedTools];
  if (!Array.isArray(names)) {
    throw new InvalidInputError(
      `getTools takes an array of tool names, e.g. getTools(['calculator']), not ${typeof names}.`,
    );
  }

  const tools: Tool[] = [];
  for (const name of new Set(names)) {
    const tool = shippedTools.find((candidate) => candidate.name === name);
    if (!tool) {
      const valid = shippedTools.map((candidate) => candidate.name).join(', ');
      throw new InvalidInputError(`Unknown tool "${name}". Valid tools: ${valid}.`);
    }
    tools.push(tool);
  }
  return tools;
}

export interface ToolDescription {
  name: string;
  description: string;
  /** The JSON Schema of the tool's input. */
  schema: Record<string, unknown>;
}

/** Name, description and input JSON Schema of each tool (default: the shipped ones). */
export function describeTools(tools: readonly Tool[] = shippedTools): ToolDescription[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    schema: toolJsonSchema(tool),
  }));
}
