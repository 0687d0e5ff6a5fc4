const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = '"\\/bfnrt';

/**
 * The offset at which text stops being valid JSON, or null when it is
 * valid. `JSON.parse` does not say where it failed on every Node version,
 * and a line number is what a person fixing a file needs.
 */
export function jsonErrorOffset(text: string): number | null {
  let offset = 0;

  const skipSpace = (): void => {
    while (offset < text.length && ' \t\n\r'.includes(text[offset] ?? '')) offset++;
  };

  const readWord = (word: string): boolean => {
    if (!text.startsWith(word, offset)) return false;
    offset += word.length;
    return true;
  };

  const readString = (): boolean => {
    if (text[offset] !== '"') return false;
    offset++;
    while (offset < text.length) {
      const character = text[offset] ?? '';
      if (character === '"') {
        offset++;
        return true;
      }
      if (character < ' ') return false;
      if (character !== '\\') {
        offset++;
        continue;
      }
      const escaped = text[offset + 1] ?? '';
      if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(offset + 2, offset + 6))) {
        offset += 6;
      } else if (escaped !== '' && ESCAPES.includes(escaped)) {
        offset += 2;
      } else {
        return false;
      }
    }
    return false;
  };

  const readNumber = (): boolean => {
    NUMBER.lastIndex = offset;
    if (!NUMBER.exec(text)) return false;
    offset = NUMBER.lastIndex;
    return true;
  };

  const readList = (close: string, readEntry: () => boolean): boolean => {
    offset++;
    skipSpace();
    if (text[offset] === close) {
      offset++;
      return true;
    }
    for (;;) {
      skipSpace();
      if (!readEntry()) return false;
      skipSpace();
      if (text[offset] === close) {
        offset++;
        return true;
      }
      if (text[offset] !== ',') return false;
      offset++;
    }
  };

  const readMember = (): boolean => {
    if (!readString()) return false;
    skipSpace();
    if (text[offset] !== ':') return false;
    offset++;
    return readValue();
  };

  const readValue = (): boolean => {
    skipSpace();
    switch (text[offset]) {
      case '{':
        return readList('}', readMember);
      case '[':
        return readList(']', readValue);
      case '"':
        return readString();
      case 't':
        return readWord('true');
      case 'f':
        return readWord('false');
      case 'n':
        return readWord('null');
      default:
        return readNumber();
    }
  };

  const valid = readValue() && (skipSpace(), offset === text.length);
  return valid ? null : offset;
}
