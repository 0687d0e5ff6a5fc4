import type { Usage } from '../../core/usage.js';
import { type ReplyHeader, chunkObject, usageChunkObject } from './chunks.js';
import { type ApiFailure, errorBody } from './errors.js';
import type { ReplyEvent } from './reply.js';

export interface SseStreamOptions {
  header: ReplyHeader;
  /** The event already read, to decide the HTTP status. */
  first: IteratorResult<ReplyEvent>;
  events: AsyncGenerator<ReplyEvent>;
  /** Choices asked for: each opens with a role delta. */
  n: number;
  includeUsage: boolean;
  toFailure: (error: unknown) => ApiFailure;
  /** Called when the client stops reading. */
  cancel: () => void;
}

const encoder = new TextEncoder();

/**
 * The reply as server-sent events: `data: {chunk}` lines, ending with
 * `data: [DONE]`. A failure after the first byte can no longer change the
 * status, so it goes out as a last `data: {"error": ...}` event.
 */
export function sseStream(options: SseStreamOptions): ReadableStream<Uint8Array> {
  const lines = sseLines(options);
  return new ReadableStream<Uint8Array>({
    // Pulled one chunk at a time, so a slow client slows the backend, not memory.
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      options.cancel();
      await lines.return(undefined);
    },
  });
}

async function* sseLines(options: SseStreamOptions): AsyncGenerator<string> {
  const { header, includeUsage } = options;
  const data = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;

  for (let choice = 0; choice < options.n; choice++) {
    yield data(chunkObject(header, choice, { role: 'assistant', content: '' }, null, includeUsage));
  }
  try {
    let usage: Usage | undefined;
    for (let next = options.first; !next.done; next = await options.events.next()) {
      const event = next.value;
      if (event.type === 'failure') {
        yield data(errorBody(event.failure));
        break;
      }
      if (event.type === 'delta') {
        const delta = {
          ...(event.content !== undefined && { content: event.content }),
          ...(event.reasoning !== undefined && { reasoning_content: event.reasoning }),
        };
        yield data(chunkObject(header, event.choice, delta, null, includeUsage));
        continue;
      }
      for (const [index, choice] of event.choices.entries()) {
        if (choice.toolCalls) {
          const delta = { toolCalls: choice.toolCalls };
          yield data(chunkObject(header, index, delta, null, includeUsage));
        }
        yield data(chunkObject(header, index, {}, choice.finishReason, includeUsage));
      }
      usage = event.usage;
    }
    if (includeUsage && usage) yield data(usageChunkObject(header, usage));
  } catch (error) {
    yield data(errorBody(options.toFailure(error)));
  } finally {
    // A client that left early leaves the reply suspended: let it release its request.
    await options.events.return(undefined);
  }
  yield 'data: [DONE]\n\n';
}
