import type { Message } from '../core/backend.js';

/**
 * Renders chat messages to one plain prompt for models with no chat
 * template. The format is the message contents, in order, joined by one
 * blank line ("\n\n"), with no role labels and nothing added at either end:
 *
 *   <system content>\n\n<user content>\n\n<assistant content>\n\n<user content>
 *
 * So a single user message is exactly its content. Models trained for
 * stepwise (a later issue) learn this format, so keep it stable.
 */
export function renderPrompt(messages: Message[]): string {
  return messages.map((message) => message.content).join('\n\n');
}
