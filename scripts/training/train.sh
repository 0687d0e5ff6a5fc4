#!/usr/bin/env bash
# Trains the embedded model from scratch, or resumes a stopped run:
# export the generators' train splits as prompt/completion pairs (TypeScript),
# learn the tokenizer, encode, train with Debian's python3-torch, export ONNX.
# Every step is seeded, and a step whose output exists is skipped, so running
# it again after a stop resumes from the last checkpoint.
# Usage: bash scripts/training/train.sh [out-folder] (default .training)
# Environment: STEPS (stage 1, default 3000), STEPS2 (stage 2, default 4500),
#   PER_SUITE (default 1500), THREADS (default 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-.training}
steps=${STEPS:-3000}
steps2=${STEPS2:-4500}
per_suite=${PER_SUITE:-1500}
threads=${THREADS:-2}

# Debian's torch is ~20x faster with OpenBLAS than with the reference BLAS.
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  sudo=''
  if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends python3-torch python3-onnx libopenblas0-pthread
fi

mkdir -p "$out/model"
[ -f "$out/data.jsonl" ] || npx tsx scripts/training/export-data.ts --out "$out/data.jsonl" \
  --per-suite "$per_suite" --seed 7 --variants 2 --rename 0.8
[ -f "$out/model/tokenizer.json" ] || npx tsx scripts/training/tokenizer.ts --data "$out/data.jsonl" --out "$out/model" --vocab 1024
[ -f "$out/tokens.jsonl" ] || npx tsx scripts/training/encode.ts --data "$out/data.jsonl" --model "$out/model" --out "$out/tokens.jsonl" --max-tokens 640
# Stage 2's extra chain-of-thought items (another seed, so none repeats): with
# only stage 1's few thousand, the model learns them by heart instead of the lookup.
[ -f "$out/data-cot.jsonl" ] || npx tsx scripts/training/export-data.ts --out "$out/data-cot.jsonl" \
  --per-suite 15000 --seed 8 --rename 0.8 --suites deductive/prontoqa --reasoners cot
[ -f "$out/tokens-cot.jsonl" ] || npx tsx scripts/training/encode.ts --data "$out/data-cot.jsonl" --model "$out/model" --out "$out/tokens-cot.jsonl" --max-tokens 640
# Stage 1: every suite and reasoner, hops growing from 1 to 5.
/usr/bin/python3 scripts/training/train.py train --tokens "$out/tokens.jsonl" --out "$out/run" \
  --steps "$steps" --batch 12 --lr 2e-3 --positions 640 --curriculum 1500 --threads "$threads"
[ -f "$out/stage1/onnx/model.onnx" ] || {
  mkdir -p "$out/stage1"
  cp "$out/model/tokenizer.json" "$out/model/tokenizer_config.json" "$out/stage1/"
  /usr/bin/python3 scripts/training/train.py export --run "$out/run" --model "$out/stage1"
}
# Stage 2, from stage 1's weights: half of each batch is chain-of-thought on
# PrOntoQA, its quoted rule lines weighted like the answer, hops growing again.
/usr/bin/python3 scripts/training/train.py train --tokens "$out/tokens.jsonl,$out/tokens-cot.jsonl" --out "$out/run2" \
  --steps "$steps2" --batch 12 --lr 1.5e-3 --warm-up 100 --positions 640 --curriculum 1000 \
  --threads "$threads" --init "$out/stage1" --mix cot
/usr/bin/python3 scripts/training/train.py export --run "$out/run2" --model "$out/model"
echo "model in $out/model; evaluate with: bash scripts/training/evaluate.sh local:$out/model"
