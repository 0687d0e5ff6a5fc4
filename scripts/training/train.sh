#!/usr/bin/env bash
# Trains the embedded model from scratch, or resumes a stopped run:
# export the generators' train splits as prompt/completion pairs (TypeScript),
# learn the tokenizer, encode, train with Debian's python3-torch in five stages (each
# from the previous one's weights), export ONNX.
# Every step is seeded, and a step whose output exists is skipped, so running
# it again after a stop resumes from the last checkpoint.
# Usage: bash scripts/training/train.sh [out-folder] (default .training)
# Environment: STEPS (stage 1, default 3000), PER_SUITE (default 1500), THREADS (default 2).
set -euo pipefail
case ${1:-} in
  -h | --help)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  -*)
    echo "train.sh: unknown option $1; the one argument is the output folder (see --help)." >&2
    exit 2
    ;;
esac
cd "$(dirname "$0")/../.."
out=${1:-.training}
steps=${STEPS:-3000}
per_suite=${PER_SUITE:-1500}
threads=${THREADS:-2}
# Each writes its file under a temporary name first, so a stopped run leaves no
# partial file for the next run to take as done.
export_data() { local file=$1; shift; npx tsx scripts/training/export-data.ts --out "$file.tmp" "$@" && mv "$file.tmp" "$file"; }
encode() { local file=$1; shift; npx tsx scripts/training/encode.ts --model "$out/model" --out "$file.tmp" "$@" && mv "$file.tmp" "$file"; }
train() { /usr/bin/python3 scripts/training/train.py train --batch 12 --positions 640 --threads "$threads" "$@"; }
# A run's last checkpoint as a model folder, with stage 1's tokenizer beside it.
export_model() {
  /usr/bin/python3 scripts/training/train.py export --run "$1" --model "$2"
  [ "$2" = "$out/model" ] || cp "$out/model/tokenizer.json" "$out/model/tokenizer_config.json" "$2/"
}
# ProofWriter ReAct on 3,000 theories as long as the published ones (two
# statement variants each, 80% renamed), exported and encoded into folder $1;
# the rest of the arguments go to the export (the seed, and any more).
long_theories() {
  local dir=$1; shift
  [ -f "$dir/data-pw.jsonl" ] || export_data "$dir/data-pw.jsonl" --per-suite "$per_suite" \
    --variants 2 --rename 0.8 --suites deductive/proofwriter --reasoners react \
    --distractor-facts 4,12 "$@"
  [ -f "$dir/tokens-pw.jsonl" ] || encode "$dir/tokens-pw.jsonl" --data "$dir/data-pw.jsonl" --max-tokens 896
}

# Debian's torch is ~20x faster with OpenBLAS than with the reference BLAS.
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  sudo=''
  if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends python3-torch python3-onnx libopenblas0-pthread
fi

# Stage 1, from scratch: every suite and reasoner.
mkdir -p "$out/model" "$out/stage1"
[ -f "$out/data.jsonl" ] || export_data "$out/data.jsonl" \
  --per-suite "$per_suite" --seed 7 --variants 2 --rename 0.8
[ -f "$out/model/tokenizer.json" ] || npx tsx scripts/training/tokenizer.ts --data "$out/data.jsonl" --out "$out/model" --vocab 1024
[ -f "$out/tokens.jsonl" ] || encode "$out/tokens.jsonl" --data "$out/data.jsonl" --max-tokens 640
train --tokens "$out/tokens.jsonl" --out "$out/run" --steps "$steps" --lr 2e-3 --curriculum 1500
export_model "$out/run" "$out/stage1"

# Stage 2, from stage 1's weights: the same items with PrOntoQA's chains
# writing every rule as "Each X is Y.", 40,000 more such chains, then
# ProofWriter ReAct on theories with as many facts as the published ones.
s2="$out/stage2"
mkdir -p "$s2"
[ -f "$s2/data.jsonl" ] || export_data "$s2/data.jsonl" \
  --per-suite "$per_suite" --seed 7 --variants 2 --rename 0.8 --rule-form one
[ -f "$s2/data-cot.jsonl" ] || export_data "$s2/data-cot.jsonl" --per-suite 20000 \
  --seed 8 --rename 0.8 --suites deductive/prontoqa --reasoners cot --rule-form one
[ -f "$s2/tokens.jsonl" ] || encode "$s2/tokens.jsonl" --data "$s2/data.jsonl" --max-tokens 640
[ -f "$s2/tokens-cot.jsonl" ] || encode "$s2/tokens-cot.jsonl" --data "$s2/data-cot.jsonl" --max-tokens 640
long_theories "$s2" --seed 9
# The shipped model's second stage ran as two runs on one checkpoint: 1,500
# steps of mostly chains (on a 6,000-step schedule), then to step 5,000 with the
# long theories added (on a 5,000-step schedule).
stage2=(--init "$out/stage1" --out "$s2/run" --lr 1e-3 --warm-up 100 --curriculum 2000 --lookup-weight 2 --greedy 100)
train "${stage2[@]}" --tokens "$s2/tokens.jsonl,$s2/tokens-cot.jsonl" --mix cot --steps 6000 --stop-at 1500
train "${stage2[@]}" --tokens "$s2/tokens.jsonl,$s2/tokens-cot.jsonl,$s2/tokens-pw.jsonl" --mix stage2 --steps 5000
export_model "$s2/run" "$s2/model"

# Stage 3, from stage 2's weights: the same mix, with ProofWriter ReAct on
# 3,000 more long theories whose statement variants are relational for half
# the attribute questions and all the relational ones ("The cat does not see
# the dog."): a third of all variants, as a third of the published statements are.
s3="$out/stage3"
mkdir -p "$s3"
long_theories "$s3" --seed 10 --relational 0.5
train --init "$s2/model" --out "$s3/run" --lr 3e-4 --warm-up 50 --lookup-weight 2 \
  --tokens "$s2/tokens.jsonl,$s2/tokens-cot.jsonl,$s2/tokens-pw.jsonl,$s3/tokens-pw.jsonl" \
  --mix stage2 --steps 1800
export_model "$s3/run" "$s3/model"

# Stage 4, from stage 3's weights: ProofWriter ReAct on 3,000 more long theories
# about the ten animals of the published theories. The generator's train split
# names eight of them and keeps the tiger and the bald eagle for its dev split;
# the test split's animals stay unseen.
s4="$out/stage4"
mkdir -p "$s4"
long_theories "$s4" --seed 12 --relational 0.5 \
  --animals 'bear,cat,cow,dog,lion,mouse,rabbit,squirrel,tiger,bald eagle'
stage4_files="$s2/tokens.jsonl,$s3/tokens-pw.jsonl,$s4/tokens-pw.jsonl"
train --init "$s3/model" --out "$s4/run" --lr 3e-4 --warm-up 50 --lookup-weight 2 \
  --tokens "$stage4_files" --mix react --steps 1500
export_model "$s4/run" "$s4/model"

# Stage 5, from stage 4's weights: 1,000 more steps on the same files and mix,
# on a schedule of its own (warm-up again, then cosine from a lower peak).
s5="$out/stage5"
mkdir -p "$s5"
train --init "$s4/model" --out "$s5/run" --lr 2e-4 --warm-up 50 --lookup-weight 2 \
  --tokens "$stage4_files" --mix react --steps 1000
export_model "$s5/run" "$out/model"
echo "model in $out/model; evaluate with: bash scripts/training/evaluate.sh local:$out/model"
