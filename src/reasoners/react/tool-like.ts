import { z } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import { type Tool, checkTool } from '../../core/tool.js';

/** Where a LangChain tool finds the running task's context, in `config.configurable`. */
export const TASK_CONTEXT_KEY = 'taskContext';

/**
 * The shape of a LangChain tool (`tool()` / StructuredTool), read
 * structurally so the core never imports @langchain/core.
 */
interface LangChainToolShape {
  name: string;
  description: string;
  schema: unknown;
  invoke(input: unknown, config?: Record<string, unknown>): Promise<unknown>;
}

export type ToolLike = Tool | LangChainToolShape;

function isLangChainTool(value: ToolLike): value is LangChainToolShape {
  if (typeof value !== 'object' || value === null) return false;
  return 'invoke' in value && 'schema' in value && !('call' in value && 'input' in value);
}

/**
 * Accepts stepwise tools and LangChain tools alike. A LangChain tool's zod 4
 * schema is used as is; a JSON Schema is kept as metadata, so the model
 * still sees its fields, and the LangChain tool validates its own input.
 */
export function asTool(value: ToolLike, where = 'The tool'): Tool {
  if (!isLangChainTool(value)) {
    checkTool(value, where);
    return value;
  }
  if (typeof value.name !== 'string' || typeof value.invoke !== 'function') {
    throw new InvalidInputError(`${where} looks like a LangChain tool but has no name or invoke.`);
  }
  return {
    name: value.name,
    description: value.description,
    input: inputSchema(value.schema),
    async call(input, options) {
      const output = await value.invoke(input, {
        ...(options.signal && { signal: options.signal }),
        configurable: { [TASK_CONTEXT_KEY]: options.taskContext ?? null },
      });
      return observationText(output);
    },
  };
}

function inputSchema(schema: unknown): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  const json =
    typeof schema === 'object' && schema !== null ? (schema as Record<string, unknown>) : {};
  const isJsonSchema = 'type' in json || 'properties' in json;
  return z.record(z.string(), z.unknown()).meta(isJsonSchema ? json : { type: 'object' });
}

/** A tool's output as observation text: strings as they are, messages by their text. */
export function observationText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (typeof output === 'object' && output !== null && 'text' in output) {
    const text: unknown = Reflect.get(output, 'text');
    if (typeof text === 'string') return text;
  }
  return JSON.stringify(output) ?? String(output);
}
