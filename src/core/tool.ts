import { z } from 'zod';
import type { ToolDefinition } from './backend.js';
import { InvalidInputError, ParseFailureError } from './errors.js';

export interface ToolCallOptions {
  signal?: AbortSignal | undefined;
  /** The running task's context (premises), for tools that can use it. */
  taskContext?: string | null | undefined;
}

/**
 * A tool a reasoner can call: a zod input schema and a function. `Input` is
 * what the schema parses to; `Given` what `call` takes, which differ only
 * when the schema transforms (a tool made by defineTool checks its input).
 */
export interface Tool<Input = unknown, Given = Input> {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodType<Input, Given>;
  /** Runs the tool; the returned text is the observation. */
  call(input: Given, options: ToolCallOptions): Promise<string>;
}

export interface DefineToolOptions<Schema extends z.ZodType> {
  /** Name the model calls it by: letters, digits, `_` and `-`. */
  name: string;
  description: string;
  input: Schema;
  call(input: z.output<Schema>, options: ToolCallOptions): Promise<string> | string;
}

/** What a tool may be called by: what model APIs accept as a function name. */
const TOOL_NAME = /^[\w-]{1,64}$/;

/** A zod 4 schema, classic or zod/mini: both carry zod's internals under `_zod`. */
function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/**
 * A defineTool tool's own function, by its checking `call`, for callers that
 * have validated the input. Keyed by `call` itself, so a copy of the tool
 * (`{ ...tool, description }`) finds it too.
 */
const validatedCalls = new WeakMap<
  object,
  (input: never, options: ToolCallOptions) => Promise<string>
>();

/**
 * Defines a tool; `call` may be sync or async. The tool's `call` checks its
 * input against `input` (without coercion), so code that calls it directly
 * gets a clear InvalidInputError for a bad input. ReAct and the LangChain
 * adapter validate first and pass the parsed value on (see callValidated),
 * so a schema's transforms run once.
 */
export function defineTool<Schema extends z.ZodType>(
  options: DefineToolOptions<Schema>,
): Tool<z.output<Schema>, z.input<Schema>> {
  checkTool(options, 'defineTool');
  const run = async (input: z.output<Schema>, callOptions: ToolCallOptions = {}) =>
    options.call(input, callOptions);
  const tool: Tool<z.output<Schema>, z.input<Schema>> = {
    name: options.name,
    description: options.description,
    input: options.input as z.ZodType<z.output<Schema>, z.input<Schema>>,
    call: async (input, callOptions) => {
      const checked = validateToolInput(tool, input, { coerce: false });
      if (!checked.ok) throw new InvalidInputError(checked.error.message);
      return run(checked.value, callOptions);
    },
  };
  validatedCalls.set(tool.call, run);
  return tool;
}

/**
 * Calls `tool` with input already parsed by its schema (validateToolInput's
 * value): a defineTool tool skips its own check, so transforms run once.
 */
export function callValidated<Input, Given>(
  tool: Tool<Input, Given>,
  input: Input,
  options: ToolCallOptions,
): Promise<string> {
  const run = validatedCalls.get(tool.call) as
    ((input: Input, options: ToolCallOptions) => Promise<string>) | undefined;
  // A tool of its own making has no parsed form to skip to: its call takes what it parses.
  return run ? run(input, options) : tool.call(input as unknown as Given, options);
}

/**
 * Throws an InvalidInputError unless `value` has what a tool needs: a name
 * the model can call, a description, a zod input schema and a call function.
 * `where` says who was given it, e.g. `ReAct tool 2`.
 */
export function checkTool(value: unknown, where: string): void {
  const tool = (typeof value === 'object' && value !== null ? value : {}) as Partial<Tool>;
  let problem: string | undefined;
  if (typeof value !== 'object' || value === null) {
    problem = `is ${value === null ? 'null' : typeof value}, not a tool`;
  } else if (typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) {
    problem = `needs a name of 1-64 letters, digits, _ or - (got ${JSON.stringify(tool.name)})`;
  } else if (typeof tool.description !== 'string') {
    problem = `(${tool.name}) needs a description`;
  } else if (!isZodSchema(tool.input)) {
    problem = `(${tool.name}) needs input, a zod schema of its arguments`;
  } else if (typeof tool.call !== 'function') {
    problem = `(${tool.name}) needs a call function`;
  }
  if (problem) {
    throw new InvalidInputError(
      `${where} ${problem}; make tools with defineTool({ name, description, input, call }).`,
    );
  }
}

const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

/** The JSON Schema of a tool's input, for prompts and native tool calls (cached per schema). */
export function toolJsonSchema(tool: Tool): Record<string, unknown> {
  const cached = jsonSchemas.get(tool.input);
  if (cached) return cached;
  const schema = z.toJSONSchema(tool.input, { unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema: _dialect, ...rest } = schema;
  jsonSchemas.set(tool.input, rest);
  return rest;
}

/** A tool as the backend's native tool-calling definition. */
export function toolDefinition(tool: Tool): ToolDefinition {
  return { name: tool.name, description: tool.description, parameters: toolJsonSchema(tool) };
}

export type ToolInputResult<Input> =
  { ok: true; value: Input } | { ok: false; error: ParseFailureError };

export interface ValidateToolInputOptions {
  /**
   * Coerce near-misses to the schema's types before validating: numeric
   * strings to numbers, "true"/"false" to booleans, a comma list to a
   * string array, a bare value to a one-field object. Default: true.
   */
  coerce?: boolean;
}

/** Validates raw model-produced input against a tool's schema. */
export function validateToolInput<Input, Given>(
  tool: Tool<Input, Given>,
  raw: unknown,
  options: ValidateToolInputOptions = {},
): ToolInputResult<Input> {
  const value = options.coerce === false ? raw : coerceToSchema(raw, toolJsonSchema(tool as Tool));
  const parsed = tool.input.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };

  const issue = parsed.error.issues[0];
  const path = issue?.path.map((part) => (typeof part === 'symbol' ? String(part) : part)) ?? [];
  const where = path.length > 0 ? ` at ${path.join('.')}` : '';
  return {
    ok: false,
    error: new ParseFailureError(
      `Invalid input for tool ${tool.name}${where}: ${issue?.message ?? 'does not match the schema'}.`,
      { raw: typeof raw === 'string' ? raw : JSON.stringify(raw), path },
    ),
  };
}

type JsonSchema = Record<string, unknown>;

/** Coerces a value toward a JSON Schema's types; leaves anything else alone. */
export function coerceToSchema(value: unknown, schema: JsonSchema): unknown {
  const type = schema.type;
  if (type === 'object' && isRecord(schema.properties)) {
    const properties = schema.properties as Record<string, JsonSchema>;
    const keys = Object.keys(properties);

    // A bare value for a tool with one field: {"expression": value}.
    if (!isRecord(value) && keys.length === 1 && keys[0] !== undefined) {
      return { [keys[0]]: coerceToSchema(value, properties[keys[0]] ?? {}) };
    }
    if (!isRecord(value)) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        properties[key] ? coerceToSchema(item, properties[key]) : item,
      ]),
    );
  }
  if (type === 'array' && typeof value === 'string') {
    const items = isRecord(schema.items) ? schema.items : {};
    return value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map((part) => coerceToSchema(part, items));
  }
  if (type === 'array' && Array.isArray(value) && isRecord(schema.items)) {
    const items = schema.items;
    return value.map((item) => coerceToSchema(item, items));
  }
  if ((type === 'number' || type === 'integer') && typeof value === 'string') {
    const number = Number(value.trim());
    return value.trim() !== '' && Number.isFinite(number) ? number : value;
  }
  if (type === 'boolean' && typeof value === 'string') {
    const word = value.trim().toLowerCase();
    return word === 'true' ? true : word === 'false' ? false : value;
  }
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return String(value);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type SchemaNode = {
  type?: unknown;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  description?: unknown;
};

/** A short type name for a JSON Schema node: `string`, `number[]`, `object | string`. */
function typeName(node: SchemaNode | undefined): string {
  if (!node) return 'any';
  const union = node.anyOf ?? node.oneOf;
  if (union) return [...new Set(union.map(typeName))].join(' | ');
  if (node.type === 'array') return `${typeName(node.items)}[]`;
  return typeof node.type === 'string' ? node.type : 'any';
}

/**
 * A tool's input fields with their types, one line each (`expression:
 * string`), with descriptions when `described` is set. Optional fields end in `?`.
 */
export function toolInputFields(tool: Tool, options: { described?: boolean } = {}): string[] {
  const schema = toolJsonSchema(tool);
  const properties = (schema.properties ?? {}) as Record<string, SchemaNode>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(properties).map(([key, node]) => {
    const field = `${key}${required.has(key) ? '' : '?'}: ${typeName(node)}`;
    const about = typeof node.description === 'string' ? node.description : '';
    return options.described && about ? `${field} - ${about}` : field;
  });
}
