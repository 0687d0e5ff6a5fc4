import { describe, expect, it } from 'vitest';
import { StopSequenceCutter, cutAtStop } from '../../src/langchain/stop-sequences.js';

function feed(stops: string[], deltas: string[]): string[] {
  const cutter = new StopSequenceCutter(stops);
  const out = deltas.map((delta) => cutter.push(delta));
  return [...out, cutter.end()];
}

describe('stop sequences', () => {
  it('cuts text before the earliest stop sequence', () => {
    expect(cutAtStop('a STOP b END', ['END', 'STOP'])).toEqual({ text: 'a ', cut: true });
    expect(cutAtStop('no stop here', ['STOP'])).toEqual({ text: 'no stop here', cut: false });
    expect(cutAtStop('text', [])).toEqual({ text: 'text', cut: false });
  });

  it('holds back a possible start of a stop sequence until the next delta decides', () => {
    expect(feed(['Observation:'], ['Thought. Obs', 'ervation: x', ' more'])).toEqual([
      'Thought. ',
      '',
      '',
      '',
    ]);
    expect(feed(['Observation:'], ['An Obs', 'cure word'])).toEqual(['An ', 'Obscure word', '']);
  });

  it('releases held text at the end when no stop sequence came', () => {
    const out = feed(['\n\n'], ['line one\n', 'line two\n']);
    expect(out.join('')).toBe('line one\nline two\n');
    expect(out.at(-1)).toBe('\n');
  });

  it('passes everything through with no stop sequences', () => {
    expect(feed([], ['a', 'b'])).toEqual(['a', 'b', '']);
  });
});
