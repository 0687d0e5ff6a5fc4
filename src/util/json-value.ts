export type FirstJson =
  | {
      ok: true;
      value: unknown;
      /** Where the JSON text starts and ends (exclusive) in the input. */
      start: number;
      end: number;
    }
  | { ok: false };

/**
 * The first complete JSON object or array in a text, such as a model's
 * `{"value": 0.9} Hope this helps.` Brackets are matched with a small
 * scanner that skips strings, so prose around the JSON (even prose with
 * braces of its own) is ignored. A balanced span that is not valid JSON
 * is passed over and the search goes on after its opening bracket.
 */
export function parseFirstJson(text: string): FirstJson {
  for (let start = nextOpening(text, 0); start >= 0; start = nextOpening(text, start + 1)) {
    const end = balancedEnd(text, start);
    if (end < 0) continue;
    try {
      return { ok: true, value: JSON.parse(text.slice(start, end)), start, end };
    } catch {
      // Not JSON after all (e.g. `{like this}`); try the next bracket.
    }
  }
  return { ok: false };
}

function nextOpening(text: string, from: number): number {
  const brace = text.indexOf('{', from);
  const bracket = text.indexOf('[', from);
  if (brace < 0) return bracket;
  if (bracket < 0) return brace;
  return Math.min(brace, bracket);
}

/** The index just past the bracket closing the one at `start`, or -1. */
function balancedEnd(text: string, start: number): number {
  const closers: string[] = [];
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') closers.push('}');
    else if (char === '[') closers.push(']');
    else if (char === '}' || char === ']') {
      if (closers.pop() !== char) return -1;
      if (closers.length === 0) return index + 1;
    }
  }
  return -1;
}

/** The value of the first complete JSON object or array, or undefined. */
export function firstJsonValue(text: string): unknown {
  const found = parseFirstJson(text);
  return found.ok ? found.value : undefined;
}
