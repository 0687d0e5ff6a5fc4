// @ts-check

/**
 * @typedef {{ event: string, data: string }} SseEvent
 */

/**
 * A Server-Sent Events parser fed with text as it arrives. Lines may be
 * split anywhere across chunks; an event ends at a blank line.
 */
export class SseParser {
  #buffer = '';
  /** @type {string} */
  #event = 'message';
  /** @type {string[]} */
  #data = [];
  #afterCR = false;

  /**
   * @param {string} text
   * @returns {SseEvent[]} the events completed by this text
   */
  push(text) {
    // A \r that ended the last chunk may be the first half of \r\n.
    this.#buffer += this.#afterCR && text.startsWith('\n') ? text.slice(1) : text;
    this.#afterCR = false;
    /** @type {SseEvent[]} */
    const events = [];
    for (let end = this.#buffer.search(/[\r\n]/); end >= 0; end = this.#buffer.search(/[\r\n]/)) {
      const line = this.#buffer.slice(0, end);
      const crlf = this.#buffer.startsWith('\r\n', end);
      if (this.#buffer[end] === '\r' && end === this.#buffer.length - 1) this.#afterCR = true;
      this.#buffer = this.#buffer.slice(end + (crlf ? 2 : 1));
      const event = this.#line(line);
      if (event) events.push(event);
    }
    return events;
  }

  /** @param {string} line */
  #line(line) {
    if (line === '') {
      if (this.#data.length === 0) return null;
      const event = { event: this.#event, data: this.#data.join('\n') };
      this.#event = 'message';
      this.#data = [];
      return event;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value || 'message';
    else if (field === 'data') this.#data.push(value);
    return null;
  }
}

/**
 * Reads the events of a streamed response body. Bytes are decoded as a
 * stream, so a multi-byte character split across chunks arrives whole.
 *
 * @param {ReadableStream<Uint8Array>} body
 * @returns {AsyncGenerator<SseEvent>}
 */
export async function* readEvents(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (const event of parser.push(text)) yield event;
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
