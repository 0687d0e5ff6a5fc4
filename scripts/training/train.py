"""Trains the embedded model: a small GPT-2-shaped decoder (GPT-2's blocks,
inputs and outputs, with rotary positions in place of learned ones) on the
token ids that scripts/training/encode.ts wrote, then exports it to ONNX
with the KV-cache inputs and outputs transformers.js needs.

Run with Debian's python3-torch (see scripts/training/train.sh):

    python3 scripts/training/train.py train --tokens .training/tokens.jsonl --out .training/run
    python3 scripts/training/train.py export --run .training/run --model .training/model

Training resumes from the last checkpoint in --out; loss and held-out
answer accuracy are logged as it goes. The seed is fixed.
"""

import argparse
import json
import math
import os
import random
import time

try:
    import torch
    from torch import nn
    from torch.nn import functional as F
except ImportError:
    raise SystemExit("train.py needs Debian's python3-torch and python3-onnx: run it with "
                     "/usr/bin/python3, or `bash scripts/training/train.sh`, which installs them "
                     "(apt-get install python3-torch python3-onnx libopenblas0-pthread).")


class Config:
    def __init__(self, vocab, positions, layers, width, heads):
        self.vocab = vocab
        self.positions = positions
        self.layers = layers
        self.width = width
        self.heads = heads

    def to_json(self):
        return dict(vocab=self.vocab, positions=self.positions, layers=self.layers,
                    width=self.width, heads=self.heads)


def rotary(positions, dim):
    """Cosines and sines of rotary position angles: [batch, 1, length, dim / 2]."""
    frequencies = 1.0 / (10000 ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))
    angles = positions[:, None, :, None].float() * frequencies
    return torch.cos(angles), torch.sin(angles)


def rotate(x, cos, sin):
    half = x.shape[-1] // 2
    first, second = x[..., :half], x[..., half:]
    return torch.cat([first * cos - second * sin, first * sin + second * cos], dim=-1)


class Block(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.heads = config.heads
        self.ln_1 = nn.LayerNorm(config.width, eps=1e-5)
        self.attn = nn.Linear(config.width, 3 * config.width)
        self.proj = nn.Linear(config.width, config.width)
        self.ln_2 = nn.LayerNorm(config.width, eps=1e-5)
        self.fc = nn.Linear(config.width, 4 * config.width)
        self.out = nn.Linear(4 * config.width, config.width)

    def forward(self, x, mask, angles, past_key=None, past_value=None):
        batch, length, width = x.shape
        head = width // self.heads
        q, k, v = self.attn(self.ln_1(x)).split(width, dim=2)
        q = rotate(q.view(batch, length, self.heads, head).transpose(1, 2), *angles)
        k = rotate(k.view(batch, length, self.heads, head).transpose(1, 2), *angles)
        v = v.view(batch, length, self.heads, head).transpose(1, 2)
        if past_key is not None:
            k = torch.cat([past_key, k], dim=2)
            v = torch.cat([past_value, v], dim=2)
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(head)
        scores = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)
        attended = (F.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(batch, length, width)
        x = x + self.proj(attended)
        x = x + self.out(F.gelu(self.fc(self.ln_2(x))))
        return x, k, v


class Decoder(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.wte = nn.Embedding(config.vocab, config.width)
        self.blocks = nn.ModuleList([Block(config) for _ in range(config.layers)])
        self.ln_f = nn.LayerNorm(config.width, eps=1e-5)
        self.apply(self._init)

    @staticmethod
    def _init(module):
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def forward(self, ids, positions, key_mask, past=None):
        """key_mask: [batch, past + length] booleans, True where a key may be seen."""
        length = ids.shape[1]
        total = key_mask.shape[1]
        offset = total - length
        causal = torch.ones(length, total, dtype=torch.bool, device=ids.device).tril(offset)
        mask = causal[None, None, :, :] & key_mask[:, None, None, :]
        # Rotary positions (relative, so copying from any distance is one
        # pattern) in place of GPT-2's learned position embeddings; the
        # inputs and outputs stay GPT-2's.
        angles = rotary(positions, self.config.width // self.config.heads)
        x = self.wte(ids)
        presents = []
        for index, block in enumerate(self.blocks):
            past_key, past_value = (past[2 * index], past[2 * index + 1]) if past else (None, None)
            x, k, v = block(x, mask, angles, past_key, past_value)
            presents += [k, v]
        logits = self.ln_f(x) @ self.wte.weight.t()
        return logits, presents


def load_sequences(paths, suites, reasoners):
    """The records of one or more token files (a comma list)."""
    sequences = []
    for path in paths.split(","):
        with open(path) as handle:
            for line in handle:
                record = json.loads(line)
                if suites and record["suite"] not in suites:
                    continue
                if reasoners and record["reasoner"] not in reasoners:
                    continue
                sequences.append(record)
    return sequences


# The inductive and causal kinds (suite:reasoner): no target rides on them, so every mix
# gives each of them one small share.
OTHER_KINDS = [f"{suite}:{reasoner}"
               for suite in ("inductive/kinship", "inductive/rules", "causal/ladder",
                             "causal/corr2cause")
               for reasoner in ("direct", "cot")]


def mix_of(deductive, other):
    """A mix: the deductive kinds' shares as given (in that order), then `other` for each of
    OTHER_KINDS."""
    return {**{f"deductive/{kind}": share for kind, share in deductive.items()},
            **{kind: other for kind in OTHER_KINDS}}


# Shares of each kind of sequence (suite:reasoner) in training batches. The
# deductive suites carry the model card's targets: ReAct must learn to copy
# the statement, chain-of-thought to look up the next rule.
MIX = mix_of({"prontoqa:cot": 0.26, "prontoqa:react": 0.18, "proofwriter:react": 0.18,
              "prontoqa:direct": 0.08, "proofwriter:cot": 0.1, "proofwriter:direct": 0.05}, 0.015)

# For a run warm-started (--init) from a model whose ReAct is learnt: most of
# each batch goes to chain-of-thought's rule lookup, with enough of the rest
# that it is not forgotten.
MIX_COT = mix_of({"prontoqa:cot": 0.5, "proofwriter:cot": 0.08, "prontoqa:react": 0.08,
                  "proofwriter:react": 0.12, "prontoqa:direct": 0.06, "proofwriter:direct": 0.04},
                 0.015)

# The second run of the second stage (steps 1,500-5,000), and the third stage: ProofWriter's
# ReAct on theories as long as the published ones (export --distractor-facts 4,12) gets the
# largest share.
MIX_STAGE2 = mix_of({"proofwriter:react": 0.35, "prontoqa:react": 0.15, "prontoqa:cot": 0.25,
                     "proofwriter:cot": 0.07, "prontoqa:direct": 0.05,
                     "proofwriter:direct": 0.03}, 0.0125)

# ReAct first, for runs that teach the tool call new entities: stage 4 (ProofWriter's animals as
# published, export --animals), and a run tried after stage 2 (not shipped; see the model card)
# on items whose entities have open names (export --names open).
MIX_REACT = mix_of({"proofwriter:react": 0.45, "prontoqa:react": 0.15, "prontoqa:cot": 0.15,
                    "proofwriter:cot": 0.06, "prontoqa:direct": 0.06,
                    "proofwriter:direct": 0.03}, 0.0125)

MIXES = {"all": MIX, "cot": MIX_COT, "stage2": MIX_STAGE2, "react": MIX_REACT}


def kind(record):
    return f"{record['suite']}:{record['reasoner']}"


def level(record):
    """How hard a deductive item is (proof hops or depth); 0 for the others."""
    difficulty = record.get("difficulty") or {}
    if record["suite"].startswith("deductive/"):
        return difficulty.get("hops", difficulty.get("depth", 0))
    return 0


def chunk(by_kind, mix, highest, batch_size, count, rng):
    """`count` batches drawn by the mix's shares from sequences at most `highest` hard,
    grouped by length (less padding) and shuffled."""
    drawn = []
    total = sum(mix.get(name, 0) for name in by_kind)
    for name, records in by_kind.items():
        allowed = [r for r in records if level(r) <= highest]
        share = mix.get(name, 0) / total if total else 0
        if allowed and share:
            drawn += [rng.choice(allowed) for _ in range(round(share * batch_size * count))]
    drawn.sort(key=lambda r: len(r["ids"]) + rng.random())
    groups = [drawn[i:i + batch_size] for i in range(0, len(drawn), batch_size)]
    rng.shuffle(groups)
    return groups


def tensors(group, answer_weight, lookup_weight):
    longest = max(len(record["ids"]) for record in group)
    ids = torch.zeros(len(group), longest, dtype=torch.long)
    weights = torch.zeros(len(group), longest)
    keys = torch.zeros(len(group), longest, dtype=torch.bool)
    for row, record in enumerate(group):
        n = len(record["ids"])
        ids[row, :n] = torch.tensor(record["ids"])
        keys[row, :n] = True
        # Predictions of completion tokens count; the answer line counts more.
        weights[row, record["start"] - 1:n - 1] = 1.0
        weights[row, record["answerFrom"] - 1:n - 1] = answer_weight
        # So may the reasoning lines that quote a rule or fact from the prompt.
        for begin, end in record.get("lookups", []):
            weights[row, begin - 1:min(end, n) - 1] = lookup_weight
    return ids, weights, keys


def loss_of(model, ids, weights, keys):
    positions = torch.arange(ids.shape[1])[None, :].expand_as(ids)
    logits, _ = model(ids, positions, keys)
    losses = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]),
                             ids[:, 1:].reshape(-1), reduction="none")
    w = weights[:, :-1].reshape(-1)
    return (losses * w).sum() / w.sum()


@torch.no_grad()
def held_out_accuracy(model, sequences):
    """Shares of held-out items whose answer line, and whose whole completion, are the
    argmax token for token (teacher forced). The whole completion includes what a ReAct
    action copies from the question, which the answer line alone does not show."""
    model.eval()
    answers = completions = 0
    by_kind = {}
    for record in sequences:
        ids = torch.tensor(record["ids"])[None, :]
        keys = torch.ones_like(ids, dtype=torch.bool)
        positions = torch.arange(ids.shape[1])[None, :]
        logits, _ = model(ids, positions, keys)
        predicted = logits[0, :-1].argmax(-1)
        target = ids[0, 1:]
        answers += int(torch.equal(predicted[record["answerFrom"] - 1:],
                                   target[record["answerFrom"] - 1:]))
        whole = int(torch.equal(predicted[record["start"] - 1:], target[record["start"] - 1:]))
        completions += whole
        right, seen = by_kind.get(kind(record), (0, 0))
        by_kind[kind(record)] = (right + whole, seen + 1)
    model.train()
    count = max(1, len(sequences))
    shares = {name: round(right / seen, 3) for name, (right, seen) in sorted(by_kind.items())}
    return answers / count, completions / count, shares


@torch.no_grad()
def greedy_accuracy(model, sequences):
    """Greedy decoding from each held-out prompt, as the local backend decodes: the share
    of whole completions and of answer lines right, overall and by hops. Teacher forcing
    shows each token given the right ones before it; this shows what a chain comes to."""
    model.eval()
    by_hops = {}
    for record in sequences:
        target = record["ids"][record["start"]:]
        ids = torch.tensor(record["ids"][:record["start"]])[None, :]
        positions = torch.arange(ids.shape[1])[None, :]
        logits, past = model(ids, positions, torch.ones_like(ids, dtype=torch.bool))
        written = []
        eos = record["ids"][-1]
        while len(written) < len(target) + 8:
            token = int(logits[0, -1].argmax())
            written.append(token)
            if token == eos:
                break
            total = record["start"] + len(written)
            logits, past = model(torch.tensor([[token]]), torch.tensor([[total - 1]]),
                                 torch.ones(1, total, dtype=torch.bool), past)
        answer = len(record["ids"]) - record["answerFrom"]
        whole, right = int(written == target), int(written[-answer:] == target[-answer:])
        counts = by_hops.setdefault(level(record), [0, 0, 0])
        counts[0] += whole
        counts[1] += right
        counts[2] += 1
    model.train()
    seen = max(1, sum(c[2] for c in by_hops.values()))
    return {"chains": round(sum(c[0] for c in by_hops.values()) / seen, 3),
            "answers": round(sum(c[1] for c in by_hops.values()) / seen, 3),
            "chainsByHops": {str(h): f"{c[0]}/{c[2]}" for h, c in sorted(by_hops.items())},
            "answersByHops": {str(h): f"{c[1]}/{c[2]}" for h, c in sorted(by_hops.items())}}


def onnx_weights(path, config):
    """The decoder's parameters read back from a model exported by `export`: the
    named initializers as they are, and the linear layers' weights, which the
    exporter stores transposed and unnamed, in the order the blocks use them."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(path).graph
    named, unnamed = {}, []
    for initializer in graph.initializer:
        value = torch.from_numpy(numpy_helper.to_array(initializer).copy())
        if initializer.name.startswith("model."):
            named[initializer.name[len("model."):]] = value
        elif initializer.name.startswith("onnx::MatMul_"):
            unnamed.append((int(initializer.name.rsplit("_", 1)[1]), value))
    unnamed.sort(key=lambda pair: pair[0])
    # The tied output head is the embedding transposed, stored once more.
    if unnamed and tuple(unnamed[-1][1].shape) == (config.width, config.vocab):
        head = unnamed.pop()[1]
        if not torch.equal(head.t(), named["wte.weight"]):
            raise SystemExit(f"{path}: the output head is not the embedding (not tied)")
    linears = [f"blocks.{i}.{layer}.weight" for i in range(config.layers)
               for layer in ("attn", "proj", "fc", "out")]
    if len(unnamed) != len(linears):
        raise SystemExit(f"{path}: {len(unnamed)} unnamed weights, expected {len(linears)}")
    for name, (_, value) in zip(linears, unnamed):
        named[name] = value.t().contiguous()
    return named


def train(args):
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    suites = set(args.suites.split(",")) if args.suites else None
    reasoners = set(args.reasoners.split(",")) if args.reasoners else None
    sequences = load_sequences(args.tokens, suites, reasoners)
    rng.shuffle(sequences)
    by_kind = {}
    for record in sequences:
        by_kind.setdefault(kind(record), []).append(record)
    # The same number held out of each kind, so each kind's accuracy is logged.
    per_kind = max(1, args.held_out // len(by_kind))
    held_out = [record for records in by_kind.values() for record in records[:per_kind]]
    by_kind = {name: records[per_kind:] for name, records in by_kind.items()}
    # More PrOntoQA chains held out to decode greedily (--greedy).
    greedy_held_out = []
    if args.greedy and "deductive/prontoqa:cot" in by_kind:
        chains = by_kind["deductive/prontoqa:cot"]
        greedy_held_out, by_kind["deductive/prontoqa:cot"] = chains[:args.greedy], chains[args.greedy:]
    sequences = [record for records in by_kind.values() for record in records]
    mix = MIXES[args.mix] if args.mix in MIXES else json.loads(args.mix)
    vocab = 1 + max(max(record["ids"]) for record in sequences + held_out)
    config = Config(args.vocab or vocab, args.positions, args.layers, args.width, args.heads)
    model = Decoder(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    os.makedirs(args.out, exist_ok=True)
    checkpoint = os.path.join(args.out, "checkpoint.pt")
    step = 0
    if os.path.exists(checkpoint):
        state = torch.load(checkpoint)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        step = state["step"]
        rng.setstate(state["rng"])
        print(f"resumed at step {step}", flush=True)
    elif args.init:
        # A warm start from an exported model (its weights only: the optimizer,
        # schedule and curriculum start afresh).
        model.load_state_dict(onnx_weights(os.path.join(args.init, "onnx", "model.onnx"), config))
        print(f"weights from {args.init}", flush=True)
    parameters = sum(p.numel() for p in model.parameters())
    print(f"{len(sequences)} sequences, {len(held_out)} held out, {parameters:,} parameters",
          flush=True)

    log = open(os.path.join(args.out, "log.jsonl"), "a")
    started = time.time()
    stop = min(args.steps, args.stop_at or args.steps)
    while step < stop:
        # A curriculum: the hardest deductive items allowed grow from 1 hop
        # to 5 over the first --curriculum steps.
        highest = 1 + 4 * step / args.curriculum if args.curriculum else math.inf
        for group in chunk(by_kind, mix, highest, args.batch, 50, rng):
            if step >= stop:
                break
            lr = args.lr * min(1.0, (step + 1) / args.warm_up) * (
                0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * step / args.steps)))
            for g in optimizer.param_groups:
                g["lr"] = lr
            loss = loss_of(model, *tensors(group, args.answer_weight, args.lookup_weight))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            step += 1
            if step % args.log_every == 0:
                entry = {"step": step, "loss": round(loss.item(), 4), "lr": lr,
                         "seconds": round(time.time() - started, 1)}
                if step % (args.log_every * 5) == 0:
                    answers, completions, shares = held_out_accuracy(model, held_out)
                    entry["heldOutAnswers"] = answers
                    entry["heldOutCompletions"] = completions
                    entry["heldOutCompletionsByKind"] = shares
                    if greedy_held_out:
                        entry["greedyCot"] = greedy_accuracy(model, greedy_held_out)
                print(json.dumps(entry), flush=True)
                log.write(json.dumps(entry) + "\n")
                log.flush()
            if step % args.save_every == 0 or step == stop:
                torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                            "step": step, "rng": rng.getstate(), "config": config.to_json()},
                           checkpoint + ".tmp")
                os.replace(checkpoint + ".tmp", checkpoint)


class Exported(nn.Module):
    """The decoder with transformers.js's input and output names and KV-cache layout."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *past):
        logits, presents = self.model(input_ids, position_ids, attention_mask.bool(), list(past))
        return (logits, *presents)


def export(args):
    state = torch.load(os.path.join(args.run, "checkpoint.pt"))
    config = Config(**state["config"])
    model = Decoder(config)
    model.load_state_dict(state["model"])
    model.eval()
    head = config.width // config.heads
    layers = config.layers
    past_names = [f"past_key_values.{i}.{kind}" for i in range(layers) for kind in ("key", "value")]
    present_names = [f"present.{i}.{kind}" for i in range(layers) for kind in ("key", "value")]
    ids = torch.tensor([[1, 2, 3]])
    past = [torch.zeros(1, config.heads, 2, head) for _ in past_names]
    inputs = (ids, torch.ones(1, 5, dtype=torch.long), torch.tensor([[2, 3, 4]]), *past)
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    for name in past_names:
        axes[name] = {0: "batch_size", 2: "past_sequence_length"}
    for name in present_names:
        axes[name] = {0: "batch_size", 2: "total_sequence_length"}
    os.makedirs(os.path.join(args.model, "onnx"), exist_ok=True)
    torch.onnx.export(Exported(model), inputs, os.path.join(args.model, "onnx", "model.onnx"),
                      input_names=["input_ids", "attention_mask", "position_ids", *past_names],
                      output_names=["logits", *present_names], dynamic_axes=axes,
                      opset_version=14)
    eos = config.vocab - 1
    with open(os.path.join(args.model, "config.json"), "w") as handle:
        json.dump({"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2",
                   "vocab_size": config.vocab, "n_positions": args.context,
                   "n_ctx": args.context, "n_embd": config.width, "n_layer": layers,
                   "n_head": config.heads, "n_inner": 4 * config.width,
                   "activation_function": "gelu", "layer_norm_epsilon": 1e-5,
                   "tie_word_embeddings": True, "bos_token_id": eos, "eos_token_id": eos,
                   "use_cache": True, "transformers.js_config": {"dtype": "fp32"}},
                  handle, indent=2)
    with open(os.path.join(args.model, "generation_config.json"), "w") as handle:
        json.dump({"bos_token_id": eos, "eos_token_id": eos}, handle, indent=2)
    print(f"exported step {state['step']} -> {args.model}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    t = commands.add_parser("train")
    t.add_argument("--tokens", default=".training/tokens.jsonl", help="token files, comma separated")
    t.add_argument("--out", default=".training/run")
    t.add_argument("--suites", default="")
    t.add_argument("--reasoners", default="")
    t.add_argument("--steps", type=int, default=6000)
    t.add_argument("--stop-at", type=int, default=0,
                   help="stop after this step, the schedule still that of --steps (a later "
                        "run resumes the checkpoint with other data)")
    t.add_argument("--batch", type=int, default=16)
    t.add_argument("--lr", type=float, default=1.5e-3)
    t.add_argument("--layers", type=int, default=4)
    t.add_argument("--width", type=int, default=128)
    t.add_argument("--heads", type=int, default=4)
    t.add_argument("--positions", type=int, default=768)
    t.add_argument("--vocab", type=int, default=0)
    t.add_argument("--answer-weight", type=float, default=3.0)
    t.add_argument("--lookup-weight", type=float, default=1.0,
                   help="loss weight of the chain-of-thought lines that quote the prompt")
    t.add_argument("--mix", default="all",
                   help="all, cot, stage2, react, or JSON shares by suite:reasoner")
    t.add_argument("--curriculum", type=int, default=0,
                   help="steps over which the hardest deductive items grow from 1 to 5 hops")
    t.add_argument("--init", default="",
                   help="start from the weights of an exported model folder (when no checkpoint)")
    t.add_argument("--warm-up", type=int, default=200)
    t.add_argument("--held-out", type=int, default=200)
    t.add_argument("--greedy", type=int, default=0,
                   help="PrOntoQA chains held out and decoded greedily at each held-out check")
    t.add_argument("--log-every", type=int, default=50)
    t.add_argument("--save-every", type=int, default=250)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--seed", type=int, default=7)
    e = commands.add_parser("export")
    e.add_argument("--run", default=".training/run")
    e.add_argument("--model", default=".training/model")
    # Rotary positions have no table to run out of: the context may exceed the
    # longest training sequence (ReAct's last call on a deep proof does).
    e.add_argument("--context", type=int, default=1024)
    args = parser.parse_args()
    train(args) if args.command == "train" else export(args)


if __name__ == "__main__":
    main()
