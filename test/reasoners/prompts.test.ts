import { describe, expect, it } from 'vitest';
import { renderTask, renderTemplate } from '../../src/reasoners/prompts.js';

describe('renderTemplate', () => {
  it('fills slots, keeps sections whose value is non-empty and drops the rest', () => {
    const template =
      '{{#context}}Context: {{context}}\n{{/context}}Q: {{question}}{{#options}} ({{options}}){{/options}}';
    expect(
      renderTemplate(template, { context: 'Cats purr.', question: 'Why?', options: null }),
    ).toBe('Context: Cats purr.\nQ: Why?');
    expect(renderTemplate(template, { context: '', question: 'Why?', options: 'A or B' })).toBe(
      'Q: Why? (A or B)',
    );
  });

  it('leaves slot-like text inside values alone', () => {
    expect(renderTemplate('[{{a}}]', { a: '{{b}}' })).toBe('[{{b}}]');
  });

  it('names a slot that has no value', () => {
    expect(() => renderTemplate('Hello {{name}}', {})).toThrow(/no value for \{\{name\}\}/);
    // A missing value inside a dropped section is never asked for.
    expect(renderTemplate('{{#extra}}{{missing}}{{/extra}}ok', { extra: null })).toBe('ok');
  });
});

describe('renderTask', () => {
  it('renders the question and options, without a context section when there is none', () => {
    const text = renderTask({ question: 'Is it?', context: null, options: ['A) yes', 'B) no'] });
    expect(text).toBe('Question: Is it?\n\nOptions:\nA) yes\nB) no');
  });
});
