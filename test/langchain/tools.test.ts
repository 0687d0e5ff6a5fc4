import { tool } from '@langchain/core/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, toolJsonSchema, validateToolInput } from '../../src/core/tool.js';
import { fromLangChainTool, isLangChainTool, toLangChainTool } from '../../src/langchain/index.js';

function multiplyTool() {
  const seen: { input: unknown; context: unknown }[] = [];
  const multiply = tool(
    (input: { a: number; b: number }, config) => {
      seen.push({ input, context: config.configurable?.['taskContext'] });
      return String(input.a * input.b);
    },
    {
      name: 'multiply',
      description: 'Multiplies two numbers.',
      schema: z.object({ a: z.number(), b: z.number() }),
    },
  );
  return { multiply, seen };
}

describe('fromLangChainTool', () => {
  it('uses a zod schema directly, validates, and calls through', async () => {
    const { multiply, seen } = multiplyTool();
    const converted = fromLangChainTool(multiply);

    expect(converted.name).toBe('multiply');
    expect(converted.input).toBe(multiply.schema);
    expect(toolJsonSchema(converted)).toMatchObject({
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
    });

    // Numeric strings are coerced before validation, as for any stepwise tool.
    const valid = validateToolInput(converted, { a: '6', b: 7 });
    if (!valid.ok) throw valid.error;
    expect(await converted.call(valid.value, { taskContext: 'premises' })).toBe('42');
    expect(seen).toEqual([{ input: { a: 6, b: 7 }, context: 'premises' }]);

    const invalid = validateToolInput(converted, { a: 'six' });
    expect(invalid.ok).toBe(false);
  });

  it('keeps a JSON Schema tool schema for prompts and lets the tool validate', async () => {
    const echo = tool((input: Record<string, unknown>) => `echo ${String(input['text'])}`, {
      name: 'echo',
      description: 'Echoes text.',
      schema: {
        type: 'object',
        properties: { text: { type: 'string', description: 'What to echo.' } },
        required: ['text'],
      },
    });
    const converted = fromLangChainTool(echo);
    expect(toolJsonSchema(converted)).toMatchObject({
      type: 'object',
      properties: { text: { type: 'string', description: 'What to echo.' } },
      required: ['text'],
    });
    expect(await converted.call({ text: 'hi' }, {})).toBe('echo hi');
    await expect(converted.call({ wrong: 1 }, {})).rejects.toThrow();
  });

  it('tells LangChain tools from stepwise tools', () => {
    const { multiply } = multiplyTool();
    const native = defineTool({
      name: 'noop',
      description: 'Does nothing.',
      input: z.object({}),
      call: () => '',
    });
    expect(isLangChainTool(multiply)).toBe(true);
    expect(isLangChainTool(native)).toBe(false);
    expect(isLangChainTool({ name: 'x', schema: {} })).toBe(false);
    expect(isLangChainTool(null)).toBe(false);
  });
});

describe('toLangChainTool', () => {
  it('round-trips a stepwise tool through LangChain', async () => {
    const contexts: unknown[] = [];
    const add = defineTool({
      name: 'add',
      description: 'Adds two numbers.',
      input: z.object({ a: z.number(), b: z.number() }),
      call: (input, options) => {
        contexts.push(options.taskContext);
        return String(input.a + input.b);
      },
    });

    const langChain = toLangChainTool(add);
    expect(isLangChainTool(langChain)).toBe(true);
    expect(langChain.name).toBe('add');
    expect(await langChain.invoke({ a: 2, b: 3 })).toBe('5');
    await expect(langChain.invoke({ a: 'two', b: 3 } as never)).rejects.toThrow();

    const back = fromLangChainTool(langChain);
    expect(back.input).toBe(add.input);
    expect(await back.call({ a: 1, b: 1 }, { taskContext: 'ctx' })).toBe('2');
    expect(contexts).toEqual([null, 'ctx']);
  });

  it('answers a tool call with a ToolMessage', async () => {
    const add = defineTool({
      name: 'add',
      description: 'Adds two numbers.',
      input: z.object({ a: z.number(), b: z.number() }),
      call: (input) => String(input.a + input.b),
    });
    const message = await toLangChainTool(add).invoke({
      type: 'tool_call',
      id: 'call_1',
      name: 'add',
      args: { a: 4, b: 5 },
    });
    expect(message).toMatchObject({ tool_call_id: 'call_1', content: '9' });
  });

  it('exposes a non-object input by its JSON Schema and validates on the stepwise side', async () => {
    const shout = defineTool({
      name: 'shout',
      description: 'Upper-cases text.',
      input: z.string().transform((text) => text.toUpperCase()),
      call: (input) => input,
    });
    const langChain = toLangChainTool(shout);
    expect(await langChain.invoke('hey' as never)).toBe('HEY');
  });
});

describe('tool adapters given bad arguments from code', () => {
  it('fromLangChainTool and toLangChainTool say what a tool is', () => {
    expect(() => fromLangChainTool({} as never)).toThrow(
      'fromLangChainTool needs a LangChain tool',
    );
    expect(() => toLangChainTool(null as never)).toThrow(
      'toLangChainTool: the tool is null, not a tool; make tools with defineTool',
    );
  });
});
