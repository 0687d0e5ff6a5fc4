import { ContextLengthError, InvalidInputError } from '../../core/errors.js';
import type {
  Reasoner,
  ReasonerContext,
  ReasonerOutcome,
  StepDraft,
  Task,
} from '../../core/reasoner.js';
import type { Step } from '../../core/step.js';
import { ChainOfThought } from '../chain-of-thought.js';
import { readPrompt, renderTask, renderTemplate } from '../prompts.js';
import { checkChoice, checkWholeNumbers, optionsObject } from '../../util/check-options.js';
import {
  EVALUATOR_NAMES,
  type Evaluator,
  type EvaluatorName,
  checkGold,
  exactEvaluator,
  pickEvaluator,
} from './evaluators.js';
import { EpisodicMemory } from './memory.js';

export interface ReflexionOptions {
  /** The reasoner that attempts each trial. Default: zero-shot ChainOfThought. */
  actor?: Reasoner;
  /** Judge of each trial: `auto` (exact with gold, else llm), `exact`, `heuristic`, `llm`, or your own. Default: auto. */
  evaluator?: Evaluator | EvaluatorName;
  /** Most trials. Default: 3. */
  maxTrials?: number;
  /** Reflections kept in memory (the most recent). Default: 3. */
  memorySize?: number;
  /** Rough token budget for the memory shown to a trial. Default: 400. */
  memoryTokens?: number;
}

/**
 * Reflexion: an actor attempts the task, an evaluator judges the attempt,
 * and after a failed trial the model reflects on what went wrong; the
 * reflections are shown to the next trial.
 */
export class Reflexion implements Reasoner {
  readonly name = 'reflexion';
  private readonly actor: Reasoner;
  private readonly options: ReflexionOptions;

  constructor(options?: ReflexionOptions) {
    this.options = optionsObject('Reflexion', options, [
      'actor',
      'evaluator',
      'maxTrials',
      'memorySize',
      'memoryTokens',
    ]);
    const { actor, evaluator, maxTrials, memorySize, memoryTokens } = this.options;
    checkWholeNumbers('Reflexion', { maxTrials, memorySize, memoryTokens }, 1);
    if (actor !== undefined && typeof actor?.run !== 'function') {
      throw new InvalidInputError(
        'Reflexion option actor must be a reasoner (an object with a run method), ' +
          'e.g. new ReAct({ tools }).',
      );
    }
    if (typeof evaluator !== 'object' || evaluator === null) {
      checkChoice('Reflexion', 'evaluator', evaluator, EVALUATOR_NAMES);
    } else if (typeof evaluator.evaluate !== 'function') {
      throw new InvalidInputError(
        'Reflexion option evaluator must be an evaluator name ' +
          'or an object with an evaluate method.',
      );
    }
    this.actor = actor ?? new ChainOfThought();
  }

  async run(task: Task, context: ReasonerContext): Promise<ReasonerOutcome> {
    const evaluator = pickEvaluator(this.options.evaluator ?? 'auto', task);
    // Every trial would fail for want of a gold answer: refused before the first.
    if (evaluator === exactEvaluator) checkGold(task);
    const memory = new EpisodicMemory({
      size: this.options.memorySize ?? 3,
      tokens: this.options.memoryTokens ?? 400,
    });
    const trials = this.options.maxTrials ?? 3;
    let answer: string | null = null;

    for (let trial = 1; trial <= trials; trial++) {
      const steps: Step[] = [];
      const outcome = await this.attempt(task, memory, recording(context, steps));
      answer = outcome.answer;
      const reasoning = transcript(steps);

      const verdict = await evaluator.evaluate({ task, answer, reasoning }, context);
      const last = steps.at(-1);
      context.emit({
        type: 'evaluation',
        kind: 'trial',
        targetId: last?.id ?? null,
        score: verdict.score,
        label: verdict.success ? 'success' : 'failure',
        text: `Trial ${trial} (${evaluator.name}): ${verdict.success ? 'success' : 'failure'}${
          verdict.feedback ? `. ${verdict.feedback}` : ''
        }`,
      });
      if (verdict.success || trial === trials) break;

      // Only a failed trial earns a reflection.
      const reflection = await this.reflect(task, answer, reasoning, verdict.feedback, context);
      memory.add(reflection);
      context.emit({ type: 'reflection', text: reflection, trial, raw: reflection });
    }

    context.emit({
      type: 'answer',
      answer,
      text: answer ?? 'No trial produced an answer.',
      method: 'reflexion',
    });
    return { answer };
  }

  /** One trial; a context overflow drops the oldest reflection and retries. */
  private async attempt(task: Task, memory: EpisodicMemory, context: ReasonerContext) {
    for (;;) {
      try {
        return await this.actor.run(withMemory(task, memory), context);
      } catch (error) {
        if (!(error instanceof ContextLengthError) || memory.size === 0) throw error;
        memory.dropOldest();
      }
    }
  }

  private async reflect(
    task: Task,
    answer: string | null,
    reasoning: string,
    feedback: string,
    context: ReasonerContext,
  ): Promise<string> {
    const prompt = renderTemplate(readPrompt('reflexion-reflect.txt'), {
      task: renderTask(task),
      answer: answer ?? '(none)',
      reasoning: reasoning || '(none)',
      feedback: feedback || 'The answer was judged wrong.',
    });
    const result = await context.generate({ messages: [{ role: 'user', content: prompt }] });
    return (
      (result.choices[0]?.text ?? '').trim() ||
      'The previous attempt failed; reason more carefully.'
    );
  }
}

/** The task with the memory's reflections after its question. */
function withMemory(task: Task, memory: EpisodicMemory): Task {
  if (memory.size === 0) return task;
  const question = renderTemplate(readPrompt('reflexion-memory.txt'), {
    question: task.question,
    reflections: memory.render(),
  }).trim();
  return { ...task, question };
}

/** A context whose emitted steps are also collected, for the trial's transcript. */
function recording(context: ReasonerContext, steps: Step[]): ReasonerContext {
  return {
    ...context,
    emit<D extends StepDraft>(draft: D) {
      const step = context.emit(draft);
      steps.push(step);
      return step;
    },
  };
}

function transcript(steps: Step[]): string {
  return steps
    .map((step) => {
      switch (step.type) {
        case 'thought':
          return step.text;
        case 'action':
          return `Action: ${step.tool} ${JSON.stringify(step.input)}`;
        case 'observation':
          return `Observation: ${step.text}`;
        case 'answer':
          return `Answer: ${step.answer ?? '(none)'}`;
        default:
          return '';
      }
    })
    .filter(Boolean)
    .join('\n');
}
