import { InvalidInputError } from '../../core/errors.js';
import type { ReasonerContext, Task } from '../../core/reasoner.js';
import { withoutThinking } from '../../answers/extract.js';
import { defaultScorer } from '../../eval/scorers.js';
import { firstJsonValue } from '../../util/json-value.js';
import { readPrompt, renderTask, renderTemplate } from '../prompts.js';

/** An evaluator's judgement of one trial. */
export interface Verdict {
  success: boolean;
  /** 1 for success, 0 for failure, or a graded score. */
  score: number;
  /** What the next trial should know; never the gold answer. */
  feedback: string;
}

export interface TrialInput {
  task: Task;
  answer: string | null;
  /** The actor's reasoning in this trial, as text. */
  reasoning: string;
}

/** Judges a Reflexion trial. */
export interface Evaluator {
  readonly name: string;
  evaluate(trial: TrialInput, context: ReasonerContext): Promise<Verdict>;
}

/** Throws unless `task` has the gold answer that the exact evaluator checks against. */
export function checkGold(task: Task): asserts task is Task & { gold: string } {
  if (task.gold === null) {
    throw new InvalidInputError(
      "Reflexion's exact evaluator needs the task's gold answer; " +
        "without one use evaluator 'auto' or 'llm'.",
    );
  }
}

/** Checks the answer against the task's gold answer (oracle feedback, as in the paper). */
export const exactEvaluator: Evaluator = {
  name: 'exact',
  async evaluate({ task, answer }) {
    checkGold(task);
    if (answer === null) return { success: false, score: 0, feedback: 'No answer was given.' };
    const item = { ...task, answer: task.gold };
    const success = await defaultScorer(task.format).score({ answer, item, text: answer });
    return {
      success,
      score: success ? 1 : 0,
      feedback: success ? '' : `The answer ${answer} is wrong.`,
    };
  },
};

/** Passes any trial that produced an answer: cheap, and blind to correctness. */
export const heuristicEvaluator: Evaluator = {
  name: 'heuristic',
  async evaluate({ answer }) {
    const success = answer !== null;
    return { success, score: success ? 1 : 0, feedback: success ? '' : 'No answer could be read.' };
  },
};

/** Asks the backend to judge; an unreadable or empty verdict is a failure. */
export const llmEvaluator: Evaluator = {
  name: 'llm',
  async evaluate({ task, answer, reasoning }, context) {
    if (answer === null) return { success: false, score: 0, feedback: 'No answer was given.' };
    const prompt = renderTemplate(readPrompt('reflexion-judge.txt'), {
      task: renderTask(task),
      answer,
      reasoning: reasoning || '(none)',
    });
    const result = await context.generate({
      messages: [{ role: 'user', content: prompt }],
      temperature: 0,
    });
    const verdict = firstJsonValue(withoutThinking(result.choices[0]?.text ?? ''));
    const record =
      typeof verdict === 'object' && verdict !== null ? (verdict as Record<string, unknown>) : {};
    const correct = record.correct;
    const feedback = typeof record.feedback === 'string' ? record.feedback : '';
    if (typeof correct !== 'boolean') {
      return {
        success: false,
        score: 0,
        feedback: feedback || 'The judge gave no readable verdict.',
      };
    }
    return { success: correct, score: correct ? 1 : 0, feedback };
  },
};

export const EVALUATOR_NAMES = ['auto', 'exact', 'heuristic', 'llm'] as const;
export type EvaluatorName = (typeof EVALUATOR_NAMES)[number];

/** `auto`: exact when the task has a gold answer, else the LLM judge. */
export function pickEvaluator(choice: Evaluator | EvaluatorName, task: Task): Evaluator {
  if (typeof choice !== 'string') return choice;
  if (choice === 'auto') return task.gold === null ? llmEvaluator : exactEvaluator;
  return { exact: exactEvaluator, heuristic: heuristicEvaluator, llm: llmEvaluator }[choice];
}
