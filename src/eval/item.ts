import { z } from 'zod';
import { AnswerFormat } from '../core/reasoner.js';

/** One evaluation item, loaded from a data set or generated. */
export const EvalItem = z.object({
  /** Unique within its suite, e.g. `prontoqa-test-0001`. */
  id: z.string().min(1),
  question: z.string().min(1),
  /** Premises or a passage the question is about. */
  context: z.string().nullable(),
  /** Choices for multiple-choice items, e.g. `["A) True", "B) False"]`. */
  options: z.array(z.string()).nullable(),
  /** The gold answer in canonical form (see `normalizeAnswer`). */
  answer: z.string().min(1),
  format: AnswerFormat,
  /** Broad kind of reasoning, e.g. `deductive`. */
  category: z.string().min(1),
  /** Where the item comes from, e.g. `deductive/prontoqa`. */
  suite: z.string().min(1),
  /** Named difficulty measures, e.g. `{ hops: 3 }`; empty when unknown. */
  difficulty: z.record(z.string(), z.number()),
  /** A reference proof, one step per line, when the source has one. */
  goldReasoning: z.array(z.string()).nullable(),
});
export type EvalItem = z.infer<typeof EvalItem>;
