/**
 * The first complete JSON object or array in a text, with any prose
 * around it ignored: `{"value": 0.9} Hope this helps.` reads `{"value": 0.9}`.
 * Returns undefined when no balanced value parses.
 */
export function firstJsonValue(text: string): unknown {
  for (let start = 0; start < text.length; start++) {
    const open = text[start];
    if (open !== '{' && open !== '[') continue;
    const end = balancedEnd(text, start);
    if (end < 0) continue;
    try {
      return JSON.parse(text.slice(start, end + 1));
    } catch {
      // Braces balanced but not JSON (e.g. `{x}`); try the next opening.
    }
  }
  return undefined;
}

/** Index of the bracket closing the one at `start`, skipping strings; -1 if none. */
function balancedEnd(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') stack.push('}');
    else if (char === '[') stack.push(']');
    else if (char === '}' || char === ']') {
      if (stack.pop() !== char) return -1;
      if (stack.length === 0) return index;
    }
  }
  return -1;
}
