/** A `\boxed{...}` found in model text, with offsets into that text. */
export interface Box {
  /** The text between the braces, untrimmed. */
  content: string;
  /** Offset of the backslash that opens the box. */
  start: number;
  /** Offset just past the closing brace. */
  end: number;
  /** Offset of the first character of the content. */
  contentStart: number;
}

const BOX_OPENING = /\\(?:boxed|fbox)\s*\{/g;

/**
 * Every complete `\boxed{...}` (or `\fbox{...}`) in the text, in order.
 * Braces nest (`\boxed{\frac{3}{4}}`) and escaped braces do not count; a
 * box left open at the end of the text (a cut-off reply) is skipped.
 */
export function findBoxes(text: string): Box[] {
  const boxes: Box[] = [];
  for (const match of text.matchAll(BOX_OPENING)) {
    const contentStart = match.index + match[0].length;
    const close = closingBrace(text, contentStart);
    if (close === -1) continue;
    boxes.push({
      content: text.slice(contentStart, close),
      start: match.index,
      end: close + 1,
      contentStart,
    });
  }
  return boxes;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    const character = text[index];
    if (character === '\\') {
      // `\{` and `\}` are literal braces in LaTeX.
      index++;
    } else if (character === '{') {
      depth++;
    } else if (character === '}') {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}
