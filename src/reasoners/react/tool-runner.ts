import { AbortedError, throwIfAborted } from '../../core/errors.js';
import {
  type Tool,
  callValidated,
  toolInputFields,
  toolJsonSchema,
  validateToolInput,
} from '../../core/tool.js';
import { observationText } from './tool-like.js';
import { resolveTool } from './tool-names.js';

export interface ToolOutcome {
  /** The resolved tool's name, or the name as the model wrote it. */
  tool: string;
  input: unknown;
  text: string;
  isError: boolean;
}

export interface RunToolOptions {
  coerce: boolean;
  signal: AbortSignal | undefined;
  taskContext: string | null;
}

/**
 * Resolves, validates and runs one tool call. Every failure (unknown
 * tool, bad input, a tool that throws) becomes an error observation the
 * model can react to; only cancellation propagates.
 */
export async function runTool(
  name: string,
  rawInput: unknown,
  tools: readonly Tool[],
  options: RunToolOptions,
): Promise<ToolOutcome> {
  const lookup = resolveTool(name, tools);
  if (!lookup.ok) {
    const valid = tools.map((tool) => tool.name).join(', ');
    const why = lookup.reason === 'ambiguous' ? 'matches more than one tool' : 'is not a tool';
    return {
      tool: name,
      input: rawInput,
      text: `"${name}" ${why}. Valid tools: ${valid}.`,
      isError: true,
    };
  }

  const { tool } = lookup;
  const validated = validateToolInput(tool, rawInput, { coerce: options.coerce });
  if (!validated.ok) {
    const schema = JSON.stringify(toolJsonSchema(tool).properties ?? {});
    return {
      tool: tool.name,
      input: rawInput,
      text: `${validated.error.message} Expected input: ${schema}`,
      isError: true,
    };
  }

  // A run stopped while the model was answering starts no tool.
  throwIfAborted(options.signal);
  try {
    // A tool written in plain JavaScript may return a number or an object.
    const output: unknown = await callValidated(tool, validated.value, {
      signal: options.signal,
      taskContext: options.taskContext,
    });
    const text = observationText(output);
    return { tool: tool.name, input: validated.value, text, isError: false };
  } catch (error) {
    if (error instanceof AbortedError || options.signal?.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { tool: tool.name, input: validated.value, text: `Error: ${message}`, isError: true };
  }
}

/** Renders tools for a text-protocol prompt: name, description, input shape. */
export function describeToolsForPrompt(tools: readonly Tool[]): string {
  return tools
    .map((tool) => `- ${tool.name}: ${tool.description} Input: ${inputShape(tool)}`)
    .join('\n');
}

function inputShape(tool: Tool): string {
  return `{${toolInputFields(tool).join(', ')}}`;
}
