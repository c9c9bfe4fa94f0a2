#!/usr/bin/env python3
"""Writes N varied, valid advise profiles for benchmarks.

The fields, their values and ranges come from the profile's JSON Schema
(`advise schema`, read on standard input or from --schema), so the
generator follows the profile format without listing fields by hand.
Python standard library only.

    advise schema | python3 bench/gen_profiles.py --count 2000 --out DIR

With --suffix .advise.yaml and --per-dir 1000 it writes a fleet as a
repository would hold it, for `advise check DIR` to find.
"""

import argparse
import json
import math
import os
import random
import sys

TAGS = ["pci-dss", "hipaa", "fedramp", "soc2", "gdpr", "iso27001"]


def number(rng, spec):
    """A number valid for the schema, spread over several orders of magnitude."""
    lo = spec.get("minimum", spec.get("exclusiveMinimum", 0))
    if spec["type"] == "integer":
        hi = spec.get("maximum", 250)
        # Small ranges (priorities) uniformly; counts skewed towards small systems.
        if hi - lo <= 10:
            return rng.randint(lo, hi)
        return min(hi, lo + int(math.exp(rng.uniform(0, math.log(hi - lo + 1)))) - 1)
    # Within the schema's range: the loader enforces both ends.
    hi = spec.get("maximum", 1e5)
    low_exp = math.log10(lo) if lo > 0 else -2
    x = 10 ** rng.uniform(max(low_exp, -2), min(5, math.log10(hi)))
    x = min(max(float(f"{x:.3g}"), lo), hi)
    if "exclusiveMinimum" in spec and x <= lo:
        x = lo + 0.01
    if x == int(x):
        return int(x)
    return x


def value(rng, spec):
    if "enum" in spec:
        return rng.choice(spec["enum"])
    kind = spec.get("type")
    if kind == "boolean":
        return rng.random() < 0.2
    if kind == "array":
        return rng.sample(TAGS, rng.choice([0, 0, 0, 1, 1, 2, 3]))
    if kind in ("integer", "number"):
        return number(rng, spec)
    raise SystemExit(f"gen_profiles: no generator for schema {spec}")


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(v) + "]"
    return str(v)


def profile(rng, schema, index):
    props = schema["properties"]
    strategies = props["current"].get("enum", [])
    lines = [
        f"# Generated benchmark profile {index}.",
        "version: 1",
        f"name: bench-{index:05d}",
    ]
    if strategies and rng.random() < 0.7:
        lines.append(f"current: {rng.choice(strategies)}")
    for section, spec in props.items():
        if spec.get("type") != "object" or section == "accept":
            continue
        fields = {}
        for key, fspec in spec["properties"].items():
            if rng.random() < 0.65:
                fields[key] = value(rng, fspec)
        # The mean cannot exceed the peak.
        if "average_rps" in fields and "peak_rps" in fields:
            lo, hi = sorted([fields["average_rps"], fields["peak_rps"]])
            fields["average_rps"], fields["peak_rps"] = lo, hi
        if not fields:
            continue
        lines.append("")
        lines.append(f"{section}:")
        for key, v in fields.items():
            lines.append(f"  {key}: {scalar(v)}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--schema", help="schema file (default: standard input)")
    ap.add_argument("--suffix", default=".yaml", help="file name ending (default .yaml)")
    ap.add_argument("--per-dir", type=int, default=0,
                    help="profiles per subdirectory (default 0: all in --out)")
    args = ap.parse_args()
    if args.schema:
        with open(args.schema) as f:
            schema = json.load(f)
    else:
        schema = json.load(sys.stdin)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    width = len(str(args.count - 1))
    for i in range(args.count):
        out = args.out
        if args.per_dir > 0:
            out = os.path.join(out, f"d{i // args.per_dir:0{width}d}")
            os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, f"p{i:0{width}d}{args.suffix}"), "w") as f:
            f.write(profile(rng, schema, i))


if __name__ == "__main__":
    main()
