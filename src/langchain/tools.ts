import { isBaseMessage } from '@langchain/core/messages';
import {
  type StructuredToolInterface,
  type ToolRunnableConfig,
  isStructuredTool,
  tool as langChainTool,
} from '@langchain/core/tools';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import {
  type Tool,
  callValidated,
  checkTool,
  toolJsonSchema,
  validateToolInput,
} from '../core/tool.js';

import { TASK_CONTEXT_KEY } from '../reasoners/react/tool-like.js';

export { TASK_CONTEXT_KEY };

/** Whether a value is a LangChain tool (a StructuredTool, e.g. from `tool()`). */
export function isLangChainTool(value: unknown): value is StructuredToolInterface {
  if (typeof value !== 'object' || value === null) return false;
  return (
    isStructuredTool(value as StructuredToolInterface) &&
    'schema' in value &&
    typeof Reflect.get(value, 'invoke') === 'function'
  );
}

/**
 * A LangChain tool as a stepwise tool. A zod 4 schema is used as the input
 * schema directly; any other (zod 3, JSON Schema) is kept as JSON Schema
 * for prompts and native calls, and the LangChain tool validates the input
 * itself. The task's context reaches it as `config.configurable.taskContext`.
 */
export function fromLangChainTool(source: StructuredToolInterface): Tool {
  if (!isLangChainTool(source)) {
    throw new InvalidInputError(
      'fromLangChainTool needs a LangChain tool (a name, a schema and an invoke method), ' +
        'e.g. one made by tool() from @langchain/core/tools.',
    );
  }
  return {
    name: source.name,
    description: source.description,
    input: inputSchemaOf(source.schema),
    async call(input, options) {
      const output: unknown = await source.invoke(input, {
        ...(options.signal && { signal: options.signal }),
        configurable: { [TASK_CONTEXT_KEY]: options.taskContext ?? null },
      });
      return outputText(output);
    },
  };
}

function inputSchemaOf(schema: unknown): z.ZodType {
  if (schema instanceof z.ZodType) return schema;

  // zod 3 and JSON Schema alike come out as JSON Schema here.
  const json = toJsonSchema(schema as Parameters<typeof toJsonSchema>[0]) as Record<
    string,
    unknown
  >;
  const { $schema: _dialect, ...rest } = json;

  // The metadata becomes the JSON Schema, so the model still sees every field.
  const base = rest['type'] === 'object' ? z.record(z.string(), z.unknown()) : z.unknown();
  return base.meta(rest);
}

/** What a LangChain tool returned, as observation text. */
function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (isBaseMessage(output)) return output.text;
  if (Array.isArray(output) && output.every(isTextBlock)) {
    return output.map((block) => block.text).join('');
  }
  return JSON.stringify(output) ?? String(output);
}

function isTextBlock(value: unknown): value is { type: 'text'; text: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Reflect.get(value, 'type') === 'text' &&
    typeof Reflect.get(value, 'text') === 'string'
  );
}

/**
 * A stepwise tool as a LangChain tool, for agents and `bindTools`. A zod
 * object input is handed to LangChain as is; any other input travels as
 * its JSON Schema and is validated (and coerced) on the stepwise side.
 */
export function toLangChainTool(source: Tool): StructuredToolInterface {
  checkTool(source, 'toLangChainTool: the tool');
  const fields = { name: source.name, description: source.description };

  if (source.input instanceof z.ZodObject) {
    // LangChain has parsed the input against the same schema already.
    return langChainTool(
      (input: unknown, config: ToolRunnableConfig) =>
        callValidated(source, input, callOptionsOf(config)),
      { ...fields, schema: source.input },
    );
  }

  return langChainTool(
    async (input: unknown, config: ToolRunnableConfig) => {
      const parsed = validateToolInput(source, input);
      if (!parsed.ok) throw parsed.error;
      return callValidated(source, parsed.value, callOptionsOf(config));
    },
    { ...fields, schema: toolJsonSchema(source) },
  );
}

function callOptionsOf(config: ToolRunnableConfig | undefined) {
  const context: unknown = config?.configurable?.[TASK_CONTEXT_KEY];
  return {
    signal: config?.signal,
    taskContext: typeof context === 'string' ? context : null,
  };
}
