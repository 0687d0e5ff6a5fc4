import type { Message } from '../../core/backend.js';
import type { TaskInput } from '../../core/reasoner.js';
import { type TranscriptLine, conversationContext } from '../conversation.js';
import { type ApiFailure, invalidRequest } from './errors.js';

export type ConversationTask =
  { success: true; task: TaskInput } | { success: false; failure: ApiFailure };

const SPEAKERS: Record<Message['role'], string> = {
  system: 'System',
  user: 'User',
  assistant: 'Assistant',
  tool: 'Tool',
};

/**
 * The task a reasoner model answers: the last message (from the user) is
 * the question; system messages and earlier turns become its context, as a
 * transcript with one speaker per line (see conversationContext). The
 * answer format is free text.
 */
export function taskFromConversation(messages: readonly Message[]): ConversationTask {
  const last = messages.at(-1);
  const lastIndex = messages.length - 1;

  // A reasoner answers a question; an assistant or tool turn at the end asks none.
  if (!last || last.role !== 'user') {
    const role = last?.role ?? 'nobody';
    return failure(
      'A reasoner model answers the last message, which must be from the user; ' +
        `here it is from the ${role}.`,
      'messages',
    );
  }
  if (!last.content.trim()) {
    return failure(
      'The last user message is empty; put the question there.',
      `messages[${lastIndex}].content`,
    );
  }

  const context = conversationContext(null, messages.slice(0, -1).map(transcriptLine));
  return { success: true, task: { question: last.content, context, format: 'text' } };
}

function transcriptLine(message: Message): TranscriptLine {
  const calls = message.toolCalls?.map((call) => `${call.name}(${call.arguments})`) ?? [];
  const called = calls.length > 0 ? ` [called ${calls.join(', ')}]` : '';
  return { speaker: SPEAKERS[message.role], text: `${message.content}${called}` };
}

function failure(message: string, param: string): ConversationTask {
  return { success: false, failure: invalidRequest(message, param) };
}
