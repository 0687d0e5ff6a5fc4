import { readPrompt, renderTemplate } from '../reasoners/prompts.js';

/** One line of a conversation transcript: who said what. */
export interface TranscriptLine {
  speaker: string;
  text: string;
}

/** One earlier exchange of a chat. */
export interface Turn {
  question: string;
  answer: string;
}

/**
 * The context a reasoner sees for a question asked in a conversation: the
 * user's own context, then what was said before as a transcript with one
 * speaker per line (from prompts/conversation.txt). A first question keeps
 * its context as is.
 */
export function conversationContext(
  context: string | null,
  lines: readonly TranscriptLine[],
): string | null {
  if (lines.length === 0) return context;
  const transcript = lines.map((line) => `${line.speaker}: ${line.text.trim()}`).join('\n');
  return renderTemplate(readPrompt('conversation.txt'), { context, transcript }).trim();
}

/** Question-and-answer turns as transcript lines. */
export function turnLines(turns: readonly Turn[]): TranscriptLine[] {
  return turns.flatMap((turn) => [
    { speaker: 'User', text: turn.question },
    { speaker: 'Assistant', text: turn.answer },
  ]);
}
