import { describe, expect, it } from 'vitest';
import { SseParser, readEvents } from '../../../src/server/playground/static/sse.js';

/** A body that delivers the given byte chunks one by one. */
function body(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function all(stream: ReadableStream<Uint8Array>) {
  const events = [];
  for await (const event of readEvents(stream)) events.push(event);
  return events;
}

describe('SseParser', () => {
  it('reads events whose lines are split anywhere, with \\n, \\r\\n and \\r line ends', () => {
    const parser = new SseParser();
    expect(parser.push('event: step\ndata: {"a"')).toEqual([]);
    expect(parser.push(':1}\n\r')).toEqual([{ event: 'step', data: '{"a":1}' }]);
    // The \r above may be half of \r\n; a following \n completes the same line end.
    expect(parser.push('\n: a comment\r\ndata: one\rdata: two\r\n\r\n')).toEqual([
      { event: 'message', data: 'one\ntwo' },
    ]);
  });
});

describe('readEvents', () => {
  it('decodes a multi-byte character split across chunks', async () => {
    const bytes = new TextEncoder().encode('event: text-delta\ndata: {"text":"é🙂 naïve"}\n\n');
    // Cut inside é (2 bytes) and inside the emoji (4 bytes).
    const at = bytes.indexOf(0xc3) + 1;
    const emoji = bytes.indexOf(0xf0) + 2;
    const events = await all(
      body([bytes.slice(0, at), bytes.slice(at, emoji), bytes.slice(emoji)]),
    );
    expect(events).toEqual([{ event: 'text-delta', data: '{"text":"é🙂 naïve"}' }]);
  });

  it('reads a stream delivered one byte at a time', async () => {
    const bytes = new TextEncoder().encode('data: ü\n\ndata: ß\n\n');
    const events = await all(body([...bytes].map((byte) => new Uint8Array([byte]))));
    expect(events.map((event) => event.data)).toEqual(['ü', 'ß']);
  });
});
