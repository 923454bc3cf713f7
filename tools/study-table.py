#!/usr/bin/env python3
"""Merges the run folders of tools/fashion-mnist-study.sh into the README's study table.

Each configuration's found networks (one per search seed, each retrained with seeds 1..N) are pooled and
compared with the baselines run's ReLU and Swish accuracies by Welch's t-test, as the sample does per run.
Usage: tools/study-table.py STUDY_DIR
"""
import json, math, pathlib, sys

def welch(a, b):
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    va = sum((x - ma) ** 2 for x in a) / (len(a) - 1) / len(a)
    vb = sum((x - mb) ** 2 for x in b) / (len(b) - 1) / len(b)
    t = (ma - mb) / math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    return ma - mb, incomplete_beta(df / (df + t * t), df / 2, 0.5)

def incomplete_beta(x, a, b):
    """Regularised I_x(a, b) by Lentz's continued fraction (as src/NasDsl/Search/Statistics.cs)."""
    if x <= 0: return 0.0
    if x >= 1: return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x))
    if x >= (a + 1) / (a + b + 2): return 1 - incomplete_beta(1 - x, b, a)
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d or 1e-300); f = d
    for m in range(1, 300):
        for num in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)), -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1 + num * d; d = 1 / (d or 1e-300); c = 1 + num / (c or 1e-300); f *= d * c
        if abs(d * c - 1) < 1e-15: break
    return front * f / a

study = pathlib.Path(sys.argv[1])
baselines = json.loads((study / "baselines-s1" / "results.json").read_text())["baselines"]
relu, swish = baselines["relu"]["accuracies"], baselines["swish"]["accuracies"]
print(f"| baselines | ReLU {100 * sum(relu) / len(relu):.2f} | Swish {100 * sum(swish) / len(swish):.2f} |")
print("| configuration | found formulas (search seeds 1, 2, 3) | decided | retrained mean ± std | − ReLU (p) | − Swish (p) |")
print("| --- | --- | --- | --- | --- | --- |")
for name in ["drnas-shrink", "drnas-noshrink", "gdas-shrink", "gdas-noshrink", "darts-shrink", "darts-noshrink"]:
    runs = [json.loads(p.read_text()) for p in sorted(study.glob(f"{name}-s*/results.json"))]
    if not runs: continue
    pooled = [a for r in runs for a in r["found"]["accuracies"]]
    mean = sum(pooled) / len(pooled)
    std = math.sqrt(sum((x - mean) ** 2 for x in pooled) / (len(pooled) - 1))
    (dr, pr), (ds, ps) = welch(pooled, relu), welch(pooled, swish)
    formulas = "; ".join("`" + r["formula"].removeprefix("Act: ") + "`" for r in runs)
    decided = sum(1 for r in runs if r["decided"])
    print(f"| {name} | {formulas} | {decided}/{len(runs)} | {100 * mean:.2f} ± {100 * std:.2f} | {100 * dr:+.2f} ({pr:.3f}) | {100 * ds:+.2f} ({ps:.3f}) |")
