import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/errors.js';
import {
  calculator,
  causal,
  describeTools,
  getTools,
  prover,
  shippedTools,
} from '../../src/tools/index.js';

describe('tool registry', () => {
  it('ships the calculator, prover and causal tools', () => {
    expect(shippedTools.map((tool) => tool.name)).toEqual(['calculator', 'prover', 'causal']);
  });

  it('selects tools by name, in the order asked, without repeats', () => {
    expect(getTools().map((tool) => tool.name)).toEqual(['calculator', 'prover', 'causal']);
    const names = getTools(['causal', 'calculator', 'causal']).map((tool) => tool.name);
    expect(names).toEqual(['causal', 'calculator']);
    expect(getTools([])).toEqual([]);
  });

  it('rejects an unknown name and lists the valid ones', () => {
    expect(() => getTools(['calculator', 'search'])).toThrow(InvalidInputError);
    expect(() => getTools(['search'])).toThrow(
      'Unknown tool "search". Valid tools: calculator, prover, causal.',
    );
  });

  it('describes each tool with its input JSON schema', () => {
    const descriptions = describeTools();
    expect(descriptions.map((entry) => entry.name)).toEqual(['calculator', 'prover', 'causal']);
    const calculator = descriptions[0];
    expect(calculator?.description).toMatch(/arithmetic/);
    expect(calculator?.schema).toMatchObject({
      type: 'object',
      properties: { expression: { type: 'string' } },
      required: ['expression'],
    });
    expect(calculator?.schema).not.toHaveProperty('$schema');
    expect(descriptions[1]?.schema).toMatchObject({ required: ['goal'] });
    expect(JSON.stringify(descriptions[2]?.schema)).toContain('first parent most significant');
  });
});

describe('shipped tools called directly from code', () => {
  it.each([
    [
      calculator,
      {},
      'Invalid input for tool calculator at expression: Invalid input: expected string',
    ],
    [calculator, undefined, 'Invalid input for tool calculator: Invalid input: expected object'],
    [causal, { variables: 'x', query: 'y' }, 'Invalid input for tool causal at variables:'],
  ])('%#: a bad input is an InvalidInputError naming the field', async (tool, input, message) => {
    const call = tool.call(input as never, {});
    await expect(call).rejects.toThrow(InvalidInputError);
    await expect(tool.call(input as never, {})).rejects.toThrow(message);
  });

  it('runs without call options', async () => {
    await expect(calculator.call({ expression: '2+3' }, undefined as never)).resolves.toBe('5');
    await expect(
      prover.call({ goal: 'Max is cold.' } as never, undefined as never),
    ).rejects.toThrow('There are no premises');
  });
});

describe('getTools', () => {
  it('refuses one name given as a string, which it would read letter by letter', () => {
    expect(() => getTools('calculator' as never)).toThrow(
      "getTools takes an array of tool names, e.g. getTools(['calculator']), not string.",
    );
  });
});
