import type { ReasonerContext, Task } from '../core/reasoner.js';
import type { AnswerStep, ThoughtStep } from '../core/step.js';
import { extractAnswer } from '../answers/extract.js';
import { promptMessages } from './prompts.js';

export interface ChainOptions {
  /** Prompt file in prompts/. */
  prompt: string;
  /** Whether the reply's reasoning becomes a thought step. */
  reasoning: boolean;
  shots: number;
  temperature?: number | undefined;
  seed?: number | undefined;
  sample?: number | undefined;
  parentId?: string | null | undefined;
}

export interface Chain {
  thought: ThoughtStep | undefined;
  answer: AnswerStep;
}

/**
 * One backend call that answers a task: the reply's reasoning becomes a
 * thought step and its extracted answer an answer step.
 */
export async function runChain(
  context: ReasonerContext,
  task: Task,
  options: ChainOptions,
): Promise<Chain> {
  const startedAt = context.now();
  const result = await context.generate({
    messages: promptMessages(options.prompt, task, {
      shots: options.shots,
      reasoning: options.reasoning,
    }),
    ...(options.temperature !== undefined && { temperature: options.temperature }),
    seed: options.seed ?? context.seed,
    ...(options.sample !== undefined && { sample: options.sample }),
  });
  const raw = result.choices[0]?.text ?? '';
  const extraction = extractAnswer(raw, { format: task.format, options: task.options });

  const reasoning = options.reasoning ? withoutAnswerLine(raw, extraction.span) : '';
  const thought = reasoning
    ? context.emit({
        type: 'thought',
        text: reasoning,
        raw,
        usage: result.usage,
        startedAt,
        ...(options.parentId !== undefined && { parentId: options.parentId }),
      })
    : undefined;

  const answer = context.emit({
    type: 'answer',
    answer: extraction.answer,
    text: raw.trim(),
    method: extraction.method,
    raw,
    // The call's tokens belong to the thought when there is one.
    ...(thought ? { parentId: thought.id } : { usage: result.usage, startedAt }),
    ...(!thought && options.parentId !== undefined && { parentId: options.parentId }),
  });
  return { thought, answer };
}

/** The reasoning part of a reply: everything before its last answer line. */
function withoutAnswerLine(raw: string, span: string | null): string {
  const text = raw.trim();
  if (!span) return text;
  const at = text.lastIndexOf(span);
  if (at < 0) return text;
  const lineStart = text.lastIndexOf('\n', at) + 1;
  return text.slice(0, lineStart).trim() || text.slice(0, at).trim();
}
