/**
 * Builds models/tiny-gpt2: a GPT-2-shaped decoder with seeded random weights,
 * written as an ONNX protobuf straight from Node, plus a byte-level BPE
 * tokenizer. The output is byte-for-byte the same on every run.
 *
 * Run: npx tsx scripts/build-model.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../src/paths.js';
import { createRandom } from '../src/util/random.js';
import { tokenizerJson } from './byte-level-bpe.js';

const LAYERS = 2;
const WIDTH = 64;
const HEADS = 2;
const HEAD_SIZE = WIDTH / HEADS;
const INNER = 4 * WIDTH;
const CONTEXT = 2048;
const SEED = 20261203;
/** Spread of the layer weights: large enough that the output is not one repeated token. */
const GAIN = 3;

/** Merges over the 256 byte symbols (Ġ is a space, Ċ a newline). */
const MERGES = [
  ...['Ġ t', 'Ġ a', 'h e', 'i n', 'r e', 'o n', 'e r', 'Ġ s', 'a t', 'e n', 'o r', 'Ġ w'],
  ...['Ġ o', 'i s', 'e s', 'a n', 'Ġ c', 'Ġ b', 'Ġ f', 'Ġ p', 'Ġ m', 'i t', 'a l', 'Ġ i'],
  ...['Ġ d', 'o u', 'Ġ h', 'e d', 'in g', 'Ġt he', 'Ġt h', 'l l', 'Ġ n', 'Ġ l', 'a r', 'l e'],
  ...['Ġ e', 'Ġ r', 'Ġ g', 'Ġ y', 'Ġ 1', 'Ġ 2', 'Ġ =', 'Ġa n', 'Ġan d', 'Ġo f', 'Ġi s', 'Ġt o'],
  ...['Ġ T', 'Ġ A', 'Ġ S', 'Ġ I', 'Ċ Ċ', 'Ġ Ġ', 'Ġw h', 'Ġth at', 'Ġs o', 'Ġi n', 'Ġa re'],
];

// Protobuf wire format: just the varint, fixed32 and length-delimited cases ONNX uses.

type Field = Uint8Array;

function varint(value: number | bigint): number[] {
  // Negative int64s are written as their 64-bit two's complement.
  let rest = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return bytes;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const integer = (field: number, value: number | bigint): Field =>
  Uint8Array.from([...varint(field << 3), ...varint(value)]);

const bytes = (field: number, payload: Uint8Array): Field =>
  concat([Uint8Array.from([...varint((field << 3) | 2), ...varint(payload.length)]), payload]);

const text = (field: number, value: string): Field => bytes(field, new TextEncoder().encode(value));

const message = (field: number, fields: Field[]): Field => bytes(field, concat(fields));

function fixed32(field: number, value: number): Field {
  const out = new Uint8Array(5);
  out[0] = (field << 3) | 5;
  new DataView(out.buffer).setFloat32(1, value, true);
  return out;
}

// ONNX messages (field numbers from onnx.proto).

const FLOAT = 1;
const INT64 = 7;

const attributeInt = (name: string, value: number): Field =>
  message(5, [text(1, name), integer(3, value), integer(20, 2)]);

const attributeInts = (name: string, values: number[]): Field =>
  message(5, [text(1, name), ...values.map((value) => integer(8, value)), integer(20, 7)]);

const attributeFloat = (name: string, value: number): Field =>
  message(5, [text(1, name), fixed32(2, value), integer(20, 1)]);

function tensor(name: string, dims: number[], type: number, raw: Uint8Array): Field {
  return message(5, [
    ...dims.map((dim) => integer(1, dim)),
    integer(2, type),
    text(8, name),
    bytes(9, raw),
  ]);
}

function valueInfo(field: number, name: string, type: number, dims: (number | string)[]): Field {
  const shape = dims.map((dim) =>
    message(1, [typeof dim === 'number' ? integer(1, dim) : text(2, dim)]),
  );
  return message(field, [
    text(1, name),
    message(2, [message(1, [integer(1, type), message(2, shape)])]),
  ]);
}

// Seeded weights: mulberry32 (src/util/random.ts) and an Irwin-Hall normal, plain arithmetic so every
// platform produces the same floats.

const random = createRandom(SEED).next;

function normal(): number {
  return (random() + random() + random() + random() - 2) * Math.sqrt(3);
}

class Graph {
  readonly nodes: Field[] = [];
  readonly initializers: Field[] = [];
  parameters = 0;
  private counter = 0;

  weight(name: string, dims: number[], std: number, mean = 0): string {
    const values = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let index = 0; index < values.length; index++) values[index] = mean + std * normal();
    this.parameters += values.length;
    this.initializers.push(tensor(name, dims, FLOAT, new Uint8Array(values.buffer)));
    return name;
  }

  constant(name: string, values: number[], dims: number[], type = FLOAT): string {
    const raw =
      type === FLOAT
        ? new Uint8Array(Float32Array.from(values).buffer)
        : new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);
    this.initializers.push(tensor(name, dims, type, raw));
    return name;
  }

  op(type: string, inputs: string[], attributes: Field[] = [], output?: string): string {
    const name = output ?? `${type.toLowerCase()}_${this.counter++}`;
    const fields = [...inputs.map((input) => text(1, input)), text(2, name), text(3, name)];
    this.nodes.push(message(1, [...fields, text(4, type), ...attributes]));
    return name;
  }
}

function buildGraph(vocabSize: number): { model: Uint8Array; parameters: number } {
  const g = new Graph();
  const zero = g.constant('zero', [0], [], INT64);
  const one = g.constant('one', [1], [], INT64);
  const oneFloat = g.constant('one_f', [1], []);
  const masked = g.constant('masked', [-1e9], []);
  const noMask = g.constant('zero_f', [0], []);
  const half = g.constant('half', [0.5], []);
  const root2 = g.constant('sqrt2', [Math.SQRT2], []);
  const scale = g.constant('scale', [1 / Math.sqrt(HEAD_SIZE)], []);
  const splitShape = g.constant('split_shape', [0, 0, HEADS, HEAD_SIZE], [4], INT64);
  const mergeShape = g.constant('merge_shape', [0, 0, WIDTH], [3], INT64);
  const wte = g.weight('wte', [vocabSize, WIDTH], 0.2);
  const wpe = g.weight('wpe', [CONTEXT, WIDTH], 0.1);

  // Query i sits at past + i and may not see keys after it; padding is masked too.
  const pastLength = g.op('Gather', [
    g.op('Shape', ['past_key_values.0.key']),
    g.constant('two', [2], [], INT64),
  ]);
  const newLength = g.op('Gather', [g.op('Shape', ['input_ids']), one]);
  const total = g.op('Add', [pastLength, newLength]);
  const keyPositions = g.op('Range', [zero, total, one]);
  const queryPositions = g.op('Unsqueeze', [
    g.op('Range', [pastLength, total, one]),
    g.constant('axes1', [1], [1], INT64),
  ]);
  const future = g.op('Greater', [keyPositions, queryPositions]);
  const causal = g.op('Where', [future, masked, noMask]);
  const padding = g.op('Mul', [
    g.op('Sub', [oneFloat, g.op('Cast', ['attention_mask'], [attributeInt('to', FLOAT)])]),
    masked,
  ]);
  const mask = g.op('Add', [
    causal,
    g.op('Unsqueeze', [padding, g.constant('axes12', [1, 2], [2], INT64)]),
  ]);

  let hidden = g.op('Add', [
    g.op('Gather', [wte, 'input_ids']),
    g.op('Gather', [wpe, 'position_ids']),
  ]);
  const layerNorm = (input: string, name: string): string =>
    g.op(
      'LayerNormalization',
      [input, g.weight(`${name}.g`, [WIDTH], 0.02, 1), g.weight(`${name}.b`, [WIDTH], 0.02)],
      [attributeInt('axis', -1), attributeFloat('epsilon', 1e-5)],
    );
  const linear = (input: string, name: string, rows: number, columns: number): string =>
    g.op('Add', [
      g.op('MatMul', [input, g.weight(`${name}.w`, [rows, columns], GAIN / Math.sqrt(rows))]),
      g.weight(`${name}.b`, [columns], 0.02),
    ]);
  const heads = (input: string): string =>
    g.op(
      'Transpose',
      [g.op('Reshape', [input, splitShape])],
      [attributeInts('perm', [0, 2, 1, 3])],
    );

  for (let layer = 0; layer < LAYERS; layer++) {
    const prefix = `h.${layer}`;
    const normed = layerNorm(hidden, `${prefix}.ln_1`);
    const query = heads(linear(normed, `${prefix}.q`, WIDTH, WIDTH));
    const key = g.op(
      'Concat',
      [`past_key_values.${layer}.key`, heads(linear(normed, `${prefix}.k`, WIDTH, WIDTH))],
      [attributeInt('axis', 2)],
      `present.${layer}.key`,
    );
    const value = g.op(
      'Concat',
      [`past_key_values.${layer}.value`, heads(linear(normed, `${prefix}.v`, WIDTH, WIDTH))],
      [attributeInt('axis', 2)],
      `present.${layer}.value`,
    );
    const keyT = g.op('Transpose', [key], [attributeInts('perm', [0, 1, 3, 2])]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [query, keyT]), scale]), mask]);
    const attended = g.op('MatMul', [g.op('Softmax', [scores], [attributeInt('axis', -1)]), value]);
    const merged = g.op('Reshape', [
      g.op('Transpose', [attended], [attributeInts('perm', [0, 2, 1, 3])]),
      mergeShape,
    ]);
    hidden = g.op('Add', [hidden, linear(merged, `${prefix}.proj`, WIDTH, WIDTH)]);

    const up = linear(layerNorm(hidden, `${prefix}.ln_2`), `${prefix}.fc`, WIDTH, INNER);
    const gelu = g.op('Mul', [
      g.op('Mul', [up, g.op('Add', [g.op('Erf', [g.op('Div', [up, root2])]), oneFloat])]),
      half,
    ]);
    hidden = g.op('Add', [hidden, linear(gelu, `${prefix}.fc2`, INNER, WIDTH)]);
  }

  // The output head is tied to the token embedding, as in GPT-2.
  const final = layerNorm(hidden, 'ln_f');
  g.op('MatMul', [final, g.op('Transpose', [wte], [attributeInts('perm', [1, 0])])], [], 'logits');

  const inputs = [
    valueInfo(11, 'input_ids', INT64, ['batch_size', 'sequence_length']),
    valueInfo(11, 'attention_mask', INT64, ['batch_size', 'total_sequence_length']),
    valueInfo(11, 'position_ids', INT64, ['batch_size', 'sequence_length']),
  ];
  const outputs = [valueInfo(12, 'logits', FLOAT, ['batch_size', 'sequence_length', vocabSize])];
  for (let layer = 0; layer < LAYERS; layer++) {
    for (const kind of ['key', 'value']) {
      inputs.push(
        valueInfo(11, `past_key_values.${layer}.${kind}`, FLOAT, [
          'batch_size',
          HEADS,
          'past_sequence_length',
          HEAD_SIZE,
        ]),
      );
      outputs.push(
        valueInfo(12, `present.${layer}.${kind}`, FLOAT, [
          'batch_size',
          HEADS,
          'total_sequence_length',
          HEAD_SIZE,
        ]),
      );
    }
  }

  const graph = message(7, [
    ...g.nodes,
    text(2, 'tiny-gpt2'),
    ...g.initializers,
    ...inputs,
    ...outputs,
  ]);
  const opset = message(8, [text(1, ''), integer(2, 17)]);
  const model = concat([integer(1, 8), text(2, 'stepwise'), text(3, '1'), graph, opset]);
  return { model, parameters: g.parameters };
}

function modelCard(parameters: number, vocabSize: number): string {
  return `# tiny-gpt2 (random weights)

A GPT-2-shaped decoder small enough to commit: ${LAYERS} layers, width ${WIDTH}, ${HEADS} heads,
context ${CONTEXT}, a byte-level BPE vocabulary of ${vocabSize} (the 256 bytes, ${MERGES.length}
merges, \`<|endoftext|>\`), ${parameters.toLocaleString('en-US')} parameters, fp32 ONNX.

**Its weights are seeded random numbers: it was never trained, and its output is gibberish.**
It exists so that the \`local\` backend, the tests and offline runs have a real
transformers.js model to load and decode with no network. A later issue replaces it
with a trained one.

- \`onnx/model.onnx\`: opset 17, inputs \`input_ids\`, \`attention_mask\`, \`position_ids\`,
  \`past_key_values.{i}.key|value\`; outputs \`logits\`, \`present.{i}.key|value\`.
  The output head is tied to the token embedding.
- \`tokenizer.json\`: GPT-2-style byte-level BPE; no chat template.

Rebuild (deterministic, same bytes every run): \`npx tsx scripts/build-model.ts\`.
`;
}

function main(): void {
  const folder = packagePath('models', 'tiny-gpt2');
  const { json: tokenizer, vocabSize, eos: endOfText } = tokenizerJson(MERGES);
  const { model, parameters } = buildGraph(vocabSize);

  const config = {
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    vocab_size: vocabSize,
    n_positions: CONTEXT,
    n_ctx: CONTEXT,
    n_embd: WIDTH,
    n_layer: LAYERS,
    n_head: HEADS,
    n_inner: INNER,
    activation_function: 'gelu',
    layer_norm_epsilon: 1e-5,
    tie_word_embeddings: true,
    bos_token_id: endOfText,
    eos_token_id: endOfText,
    use_cache: true,
    'transformers.js_config': { dtype: 'fp32' },
  };
  const tokenizerConfig = {
    tokenizer_class: 'GPT2Tokenizer',
    add_bos_token: false,
    add_prefix_space: false,
    bos_token: '<|endoftext|>',
    eos_token: '<|endoftext|>',
    unk_token: '<|endoftext|>',
    clean_up_tokenization_spaces: false,
    model_max_length: CONTEXT,
  };
  const generationConfig = { bos_token_id: endOfText, eos_token_id: endOfText };

  mkdirSync(join(folder, 'onnx'), { recursive: true });
  const json = (value: object): string => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(join(folder, 'onnx', 'model.onnx'), model);
  writeFileSync(join(folder, 'tokenizer.json'), json(tokenizer));
  writeFileSync(join(folder, 'tokenizer_config.json'), json(tokenizerConfig));
  writeFileSync(join(folder, 'config.json'), json(config));
  writeFileSync(join(folder, 'generation_config.json'), json(generationConfig));
  writeFileSync(join(folder, 'README.md'), modelCard(parameters, vocabSize));
  process.stdout.write(
    `Wrote ${folder}: ${parameters} parameters, ${model.length} bytes of ONNX.\n`,
  );
}

main();
