#!/usr/bin/env bash
# Trains the embedded model from scratch, or resumes a stopped run:
# export the generators' train splits as prompt/completion pairs (TypeScript),
# learn the tokenizer, encode, train with Debian's python3-torch, export ONNX.
# Every step is seeded, and a step whose output exists is skipped, so running
# it again after a stop resumes from the last checkpoint.
# Usage: bash scripts/training/train.sh [out-folder] (default .training)
# Environment: STEPS (default 3000), PER_SUITE (default 1500), THREADS (default 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-.training}
steps=${STEPS:-3000}
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
/usr/bin/python3 scripts/training/train.py train --tokens "$out/tokens.jsonl" --out "$out/run" \
  --steps "$steps" --batch 12 --lr 2e-3 --positions 640 --curriculum 1500 --threads "$threads"
/usr/bin/python3 scripts/training/train.py export --run "$out/run" --model "$out/model"
echo "model in $out/model; evaluate with: bash scripts/training/evaluate.sh local:$out/model"
