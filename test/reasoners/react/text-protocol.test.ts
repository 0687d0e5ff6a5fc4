import { describe, expect, it } from 'vitest';
import { firstJsonValue } from '../../../src/util/json-value.js';
import { parseReactReply } from '../../../src/reasoners/react/text-protocol.js';

describe('parseReactReply', () => {
  it('reads thought, action and JSON input, dropping an invented observation', () => {
    const reply = [
      'Thought: need the sum',
      'Action: calculator',
      'Action Input: {"expression": "2+3"}',
      'Observation: 7',
      'Final Answer: 7',
    ].join('\n');
    expect(parseReactReply(reply)).toEqual({
      type: 'action',
      thought: 'need the sum',
      tool: 'calculator',
      input: { expression: '2+3' },
    });
  });

  it('accepts a final answer with no thought', () => {
    expect(parseReactReply('Final Answer: Paris')).toEqual({
      type: 'final',
      thought: '',
      answer: 'Paris',
    });
  });

  it('runs only the first action of a reply', () => {
    const reply = 'Action: a\nAction Input: 1\nAction: b\nAction Input: 2';
    expect(parseReactReply(reply)).toMatchObject({ type: 'action', tool: 'a', input: '1' });
  });

  it('never reads markers inside code fences', () => {
    const reply =
      'Thought: an example:\n```\nAction: calculator\nFinal Answer: 9\n```\nStill thinking.';
    expect(parseReactReply(reply).type).toBe('none');
  });

  it('reads a fenced JSON action with prose around it', () => {
    const reply =
      'I will search.\n```json\n{"action": "web_search", "action_input": {"query": "Oslo"}}\n```\nThen answer.';
    expect(parseReactReply(reply)).toEqual({
      type: 'action',
      thought: 'I will search.',
      tool: 'web_search',
      input: { query: 'Oslo' },
    });
  });

  it('reads a JSON final answer', () => {
    expect(parseReactReply('{"action": "Final Answer", "action_input": "42"}')).toMatchObject({
      type: 'final',
      answer: '42',
    });
  });

  it('case 4: a <think> block before the reply parses the same as without it', () => {
    const reply = 'Thought: x\nAction: calc\nAction Input: {"expression": "1"}';
    expect(parseReactReply(`<think>Let me consider. Action: nope</think>\n${reply}`)).toEqual(
      parseReactReply(reply),
    );
  });

  it('handles bold markers and a fenced action input', () => {
    const reply =
      '**Thought:** add\n**Action:** calculator\n**Action Input:**\n```json\n{"expression": "1+1"}\n```';
    expect(parseReactReply(reply)).toMatchObject({
      type: 'action',
      tool: 'calculator',
      input: { expression: '1+1' },
    });
  });
});

describe('firstJsonValue', () => {
  it('parses the first complete value and ignores trailing prose', () => {
    expect(firstJsonValue('{"value": 0.9} Hope this helps.')).toEqual({ value: 0.9 });
    expect(firstJsonValue('note {not json} then {"a": "}"}')).toEqual({ a: '}' });
    expect(firstJsonValue('no json here')).toBeUndefined();
  });
});

describe('parseReactReply: no-tool actions', () => {
  it('reads "Action: None" before a final answer as the final answer', () => {
    expect(parseReactReply('Thought: done\nAction: None\nFinal Answer: 391')).toEqual({
      type: 'final',
      thought: 'done',
      answer: '391',
    });
  });
});
