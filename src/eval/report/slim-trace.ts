import type { StepType } from '../../core/step.js';
import type { Trace } from '../../core/trace.js';

/** A step cut down to what a reader of the report looks at. */
export interface SlimStep {
  type: StepType;
  /** The step's text (thought, observation, evaluation...), shortened. */
  text: string | null;
  /** Tool of an action or observation. */
  tool: string | null;
  /** An action's input as JSON, shortened. */
  input: string | null;
  /** An evaluation's kind, score and label. */
  kind: string | null;
  score: number | null;
  label: string | null;
  /** An answer step's answer and how it was extracted. */
  answer: string | null;
  method: string | null;
  isError: boolean;
}

/** A trace without raw model text, timings or per-step usage. */
export interface SlimTrace {
  reasoner: string;
  question: string;
  steps: SlimStep[];
  /** Steps past the cap that were left out. */
  omittedSteps: number;
}

export interface SlimTraceOptions {
  /** Longest text kept per field, in characters. Default: 2000. */
  maxText?: number;
  /** Most steps kept per trace. Default: 200. */
  maxSteps?: number;
}

/** Keeps a trace's steps and answer, dropping what only replay needs. */
export function slimTrace(trace: Trace, options: SlimTraceOptions = {}): SlimTrace {
  const maxText = options.maxText ?? 2000;
  const maxSteps = options.maxSteps ?? 200;
  const cut = (text: string) =>
    text.length > maxText ? `${text.slice(0, maxText)}… (${text.length - maxText} more)` : text;

  const steps = trace.steps.slice(0, maxSteps).map((step): SlimStep => {
    const slim: SlimStep = {
      type: step.type,
      text: null,
      tool: null,
      input: null,
      kind: null,
      score: null,
      label: null,
      answer: null,
      method: null,
      isError: false,
    };
    switch (step.type) {
      case 'thought':
      case 'reflection':
        return { ...slim, text: cut(step.text) };
      case 'action':
        return { ...slim, tool: step.tool, input: cut(JSON.stringify(step.input) ?? 'null') };
      case 'observation':
        return { ...slim, tool: step.tool, text: cut(step.text), isError: step.isError };
      case 'evaluation':
        return {
          ...slim,
          kind: step.kind,
          score: step.score,
          label: step.label,
          text: cut(step.text),
        };
      case 'answer':
        return { ...slim, answer: step.answer, method: step.method, text: cut(step.text) };
    }
  });

  return {
    reasoner: trace.reasoner,
    question: cut(trace.task.question),
    steps,
    omittedSteps: Math.max(0, trace.steps.length - maxSteps),
  };
}
