import { readPrompt, renderTemplate } from '../reasoners/prompts.js';

/** One earlier exchange of a chat. */
export interface Turn {
  question: string;
  answer: string;
}

/**
 * The context a reasoner sees for a question asked in a conversation: the
 * user's own context, then the earlier turns as a transcript (from
 * prompts/conversation.txt). A first question keeps its context as is.
 */
export function conversationContext(context: string | null, turns: readonly Turn[]): string | null {
  if (turns.length === 0) return context;
  const transcript = turns
    .map((turn) => `User: ${turn.question.trim()}\nAssistant: ${turn.answer.trim()}`)
    .join('\n');
  return renderTemplate(readPrompt('conversation.txt'), { context, transcript }).trim();
}
