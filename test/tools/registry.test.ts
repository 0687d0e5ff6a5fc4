import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/errors.js';
import { describeTools, getTools, shippedTools } from '../../src/tools/index.js';

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
