#!/usr/bin/env bash
# The README's study: the Rnn space on the full Fashion-MNIST (apt-get install dataset-fashion-mnist), each method
# with and without progressive shrinking, search seeds 1-3, the README command's settings otherwise (5 epochs,
# 3 retraining epochs x 3 seeds). ReLU and Swish are retrained once (their seeds 1-3 are the same for every run).
# Usage: tools/fashion-mnist-study.sh OUT_DIR, then tools/study-table.py OUT_DIR. About 1 hour on 2 cores.
set -euo pipefail
out=${1:?usage: $0 OUT_DIR}
data=/usr/share/datasets/fashion-mnist
cd "$(dirname "$0")/.."
dotnet build samples/ActivationSearch -c Release >/dev/null
host=(dotnet samples/ActivationSearch/bin/Release/net10.0/ActivationSearch.dll --data "$data")
mkdir -p "$out"
"${host[@]}" --method darts --epochs 1 --baselines relu,swish --out "$out/baselines-s1" > "$out/baselines-s1.log"
for seed in 1 2 3; do
  "${host[@]}" --seed $seed --baselines none --out "$out/drnas-shrink-s$seed" > "$out/drnas-shrink-s$seed.log"
  "${host[@]}" --seed $seed --baselines none --shrink off --out "$out/drnas-noshrink-s$seed" > "$out/drnas-noshrink-s$seed.log"
  "${host[@]}" --seed $seed --baselines none --method gdas --out "$out/gdas-shrink-s$seed" > "$out/gdas-shrink-s$seed.log"
  "${host[@]}" --seed $seed --baselines none --method gdas --shrink off --out "$out/gdas-noshrink-s$seed" > "$out/gdas-noshrink-s$seed.log"
  "${host[@]}" --seed $seed --baselines none --method darts --shrink on --out "$out/darts-shrink-s$seed" > "$out/darts-shrink-s$seed.log"
  "${host[@]}" --seed $seed --baselines none --method darts --out "$out/darts-noshrink-s$seed" > "$out/darts-noshrink-s$seed.log"
done
