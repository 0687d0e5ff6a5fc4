/** GPT-2-style byte-level BPE tokenizers, as transformers.js loads them. */

/** GPT-2's map from bytes to printable characters, so every byte is a symbol. */
export function byteSymbols(): string[] {
  const symbols: string[] = [];
  let extra = 0;
  for (let byte = 0; byte < 256; byte++) {
    const printable = (byte >= 33 && byte <= 126) || (byte >= 161 && byte <= 172) || byte >= 174;
    symbols.push(String.fromCharCode(printable ? byte : 256 + extra++));
  }
  return symbols;
}

/**
 * tokenizer.json for byte-level BPE: the 256 byte symbols, one token per
 * merge (`"a b"`, in order), then one end-of-text token. Text is split into
 * pieces by GPT-2's regex (words with their leading space), or by `pieces`
 * when given.
 */
export function tokenizerJson(
  merges: readonly string[],
  pieces?: RegExp,
): {
  json: object;
  vocabSize: number;
  eos: number;
} {
  const vocab: Record<string, number> = {};
  for (const [id, symbol] of byteSymbols().entries()) vocab[symbol] = id;
  for (const merge of merges) vocab[merge.replace(' ', '')] ??= Object.keys(vocab).length;
  const eos = Object.keys(vocab).length;
  vocab['<|endoftext|>'] = eos;

  const byteLevel = {
    type: 'ByteLevel',
    add_prefix_space: false,
    trim_offsets: true,
    use_regex: true,
  };
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      {
        id: eos,
        content: '<|endoftext|>',
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: true,
        special: true,
      },
    ],
    normalizer: null,
    pre_tokenizer: pieces
      ? {
          type: 'Sequence',
          pretokenizers: [
            {
              type: 'Split',
              pattern: { Regex: pieces.source },
              behavior: 'Isolated',
              invert: false,
            },
            { ...byteLevel, use_regex: false },
          ],
        }
      : byteLevel,
    post_processor: { ...byteLevel, trim_offsets: false },
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges: [...merges],
    },
  };
  return { json, vocabSize: eos + 1, eos };
}
