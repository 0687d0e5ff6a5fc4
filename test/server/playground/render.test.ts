import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../../../src/core/step.js';
import { stepCard, treeView } from '../../../src/server/playground/static/render.js';

beforeAll(() => {
  // The page's DOM code, run against linkedom's document.
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { document });
});

const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
function step(fields: Partial<Step> & Pick<Step, 'id' | 'type'>): Step {
  return {
    parentId: null,
    reasoner: 'test',
    depth: 0,
    timing: { startedAt: 0, endedAt: 0 },
    usage,
    raw: null,
    ...fields,
  } as Step;
}

describe('stepCard', () => {
  it('labels a reflection with the trial it follows, and shows model text as text', () => {
    const card = stepCard(
      step({ id: 's1', type: 'reflection', trial: 1, text: '<img src=x onerror=alert(1)>' }),
    );
    expect(card.querySelector('.step-title')?.textContent).toBe('Reflection · after trial 1');
    expect(card.querySelector('img')).toBeNull();
    expect(card.querySelector('.step-body')?.textContent).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('treeView', () => {
  it('draws each branch with its scores and highlights the path to the answer', () => {
    const steps = [
      step({ id: 'root', type: 'thought', text: 'start' }),
      step({ id: 'a', type: 'thought', parentId: 'root', text: 'left' }),
      step({ id: 'b', type: 'thought', parentId: 'root', text: 'right' }),
      step({
        id: 'e',
        type: 'evaluation',
        kind: 'value',
        targetId: 'b',
        score: 0.25,
        label: null,
        text: '',
      }),
      step({
        id: 'ans',
        type: 'answer',
        parentId: 'b',
        answer: '42',
        text: '42',
        method: 'solved',
      }),
    ];
    const view = treeView(steps);
    const chosen = [...view.querySelectorAll('.tree-node.chosen > .tree-label .tree-text')];
    expect(chosen.map((node) => node.textContent)).toEqual(['start', 'right']);
    expect(view.querySelector('[data-step-id="b"] .tree-score')?.textContent).toBe('value 0.25');
    expect(view.querySelectorAll('.tree-node')).toHaveLength(3);
  });

  it('draws a hostile trace whose ids repeat without recursing forever', () => {
    const steps = [
      step({ id: 'x', type: 'thought', text: 'one' }),
      step({ id: 'x', type: 'thought', parentId: 'x', text: 'two' }),
      step({ id: 'z', type: 'thought', parentId: 'x', text: 'three' }),
    ];
    expect(() => treeView(steps)).not.toThrow();
  });
});
