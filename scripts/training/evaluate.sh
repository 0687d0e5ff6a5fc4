#!/usr/bin/env bash
# The embedded model's evals, as its model card reports them, run with
# stepwise's own eval and written up by stepwise report (accuracy with
# Wilson 95% intervals, by difficulty, and McNemar for each pair of runs on
# the same items).
# Usage: bash scripts/training/evaluate.sh [backend] [datasets-folder] [out-folder]
#   backend: default `local` (the shipped model); `local:.training/model` for a fresh one
#   datasets-folder: holds prontoqa/dev.json and proofwriter/dev.json (Logic-LM's
#     release); default ../shared/datasets; without it the published evals are skipped
# Environment: LIMIT (generated items per suite, default 100, as the model card); ONLY, a regex:
#   run only the evals whose names match (two shells with different ONLY run in
#   parallel; ONLY='^$' writes the reports of what is there).
# An eval whose folder holds a complete run is not run again.
set -euo pipefail
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
cd "$(dirname "$0")/../.."
backend=${1:-local}
data=${2:-../shared/datasets}
out=${3:-runs/model-card}
limit=${LIMIT:-100}
only=${ONLY:-.}
[ -f dist/cli/main.js ] || npm run build --silent
stepwise() { node dist/cli/main.js "$@"; }

evaluate() {
  local name=$1
  shift
  [[ $name =~ $only ]] || return 0
  if grep -qs '"complete": *true' "$out/$name/summary.json"; then return 0; fi
  echo "== $name"
  stepwise eval --backend "$backend" --out "$out/$name" --concurrency 2 "$@"
}

# Generated PrOntoQA test split, 1-5 hops: the chain-of-thought effect, and
# self-consistency (k=5, temperature 0.7) against greedy cot.
evaluate prontoqa-test-direct --suite deductive/prontoqa --reasoner direct --limit "$limit"
evaluate prontoqa-test-cot --suite deductive/prontoqa --reasoner cot --limit "$limit"
evaluate prontoqa-test-react --suite deductive/prontoqa --reasoner react --tools prover --limit "$limit"
evaluate prontoqa-test-sc5 --suite deductive/prontoqa --reasoner self-consistency --samples 5 \
  --temperature 0.7 --limit "$limit"
evaluate proofwriter-test-cot --suite deductive/proofwriter --reasoner cot --limit "$limit"
evaluate proofwriter-test-react --suite deductive/proofwriter --reasoner react --tools prover \
  --limit "$limit"

# Inductive and causal generated test splits: direct against cot.
for suite in inductive causal; do
  evaluate "$suite-test-direct" --suite "$suite" --reasoner direct --limit "$limit"
  evaluate "$suite-test-cot" --suite "$suite" --reasoner cot --limit "$limit"
done

# The published dev files (never trained on).
if [ -f "$data/prontoqa/dev.json" ] && [ -f "$data/proofwriter/dev.json" ]; then
  for reasoner in direct cot; do
    evaluate "prontoqa-dev-$reasoner" --data "$data/prontoqa/dev.json" --reasoner "$reasoner"
    evaluate "proofwriter-dev-$reasoner" --data "$data/proofwriter/dev.json" --reasoner "$reasoner"
  done
  evaluate prontoqa-dev-react --data "$data/prontoqa/dev.json" --reasoner react --tools prover
  evaluate proofwriter-dev-react --data "$data/proofwriter/dev.json" --reasoner react --tools prover
else
  echo "No published dev files in $data: skipping them."
fi

# One report per comparison, so each pairs runs on the same items.
report() {
  local name=$1
  shift
  local dirs=()
  for run in "$@"; do [ -d "$out/$run" ] && dirs+=("$out/$run"); done
  [ ${#dirs[@]} -ge 2 ] && stepwise report --out "$out/reports/$name" "${dirs[@]}" >/dev/null
  echo "report: $out/reports/$name/report.md"
}
report prontoqa-test prontoqa-test-direct prontoqa-test-cot prontoqa-test-react prontoqa-test-sc5
report proofwriter-test proofwriter-test-cot proofwriter-test-react
report inductive-test inductive-test-direct inductive-test-cot
report causal-test causal-test-direct causal-test-cot
report prontoqa-dev prontoqa-dev-direct prontoqa-dev-cot prontoqa-dev-react
report proofwriter-dev proofwriter-dev-direct proofwriter-dev-cot proofwriter-dev-react
