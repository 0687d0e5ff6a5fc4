import { z } from 'zod';
import type { Tool } from '../../core/tool.js';

/**
 * The shape of a LangChain tool (`tool()` / StructuredTool), read
 * structurally so the core never imports @langchain/core.
 */
interface LangChainToolShape {
  name: string;
  description: string;
  schema: unknown;
  invoke(input: unknown, config?: { signal?: AbortSignal }): Promise<unknown>;
}

export type ToolLike = Tool | LangChainToolShape;

function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && 'safeParse' in value && '_zod' in value;
}

function isLangChainTool(value: ToolLike): value is LangChainToolShape {
  return 'invoke' in value && 'schema' in value && !('call' in value && 'input' in value);
}

/** Accepts stepwise tools and LangChain tools alike. */
export function asTool(value: ToolLike): Tool {
  if (!isLangChainTool(value)) return value;
  const input = isZodSchema(value.schema) ? value.schema : z.record(z.string(), z.unknown());
  return {
    name: value.name,
    description: value.description,
    input,
    async call(parsed, options) {
      const output = await value.invoke(parsed, options.signal ? { signal: options.signal } : {});
      return typeof output === 'string' ? output : JSON.stringify(output);
    },
  };
}
