#!/usr/bin/env bash
# Measures `advise` against `cat` of the same files, side by side, in one run:
#
#   1. one profile end to end: `advise PROFILE` (the table, which includes the
#      sensitivity analysis) against `cat PROFILE`, RUNS times each,
#      alternating, total wall time compared (target: at most 4x);
#   2. `advise compare` over COUNT generated, varied profiles against `cat`
#      of the same files, ROUNDS times each, alternating (target: at most
#      15x), and the peak memory of one such `advise compare` (target: under
#      64 MB).
#
# Usage: bench/run.sh            (from anywhere; builds with cargo --release)
# Knobs: RUNS=300 COUNT=2000 ROUNDS=5 PROFILE=examples/polyglot-platform.yaml
# Needs: bash >= 5 (for $EPOCHREALTIME), cargo, python3 (standard library only).
# Exits 1 when a target is missed, so CI can run it.
set -euo pipefail
export LC_ALL=C NO_COLOR=1

cd "$(dirname "$0")/.."
RUNS=${RUNS:-300}
COUNT=${COUNT:-2000}
ROUNDS=${ROUNDS:-5}
PROFILE=${PROFILE:-examples/polyglot-platform.yaml}

if [[ -z ${EPOCHREALTIME:-} ]]; then
  echo "bench/run.sh needs bash >= 5 (for \$EPOCHREALTIME); this is bash $BASH_VERSION" >&2
  exit 2
fi
command -v python3 >/dev/null || { echo "bench/run.sh needs python3" >&2; exit 2; }

echo "building (cargo build --release) ..."
cargo build --release --quiet
BIN=target/release/advise

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$BIN" schema | python3 bench/gen_profiles.py --count "$COUNT" --seed 1 --out "$work/profiles"
files=("$work"/profiles/*.yaml)

# Warm the page cache and the binary.
cat "$PROFILE" "${files[@]}" >/dev/null
"$BIN" "$PROFILE" >/dev/null

# ${EPOCHREALTIME/[.,]/} is microseconds since the epoch, read without a fork.
echo "one profile: $PROFILE, $RUNS runs of each, alternating ..."
single_advise=0 single_cat=0
for ((i = 0; i < RUNS; i++)); do
  t0=${EPOCHREALTIME/[.,]/}
  "$BIN" "$PROFILE" >/dev/null
  t1=${EPOCHREALTIME/[.,]/}
  cat "$PROFILE" >/dev/null
  t2=${EPOCHREALTIME/[.,]/}
  single_advise=$((single_advise + t1 - t0))
  single_cat=$((single_cat + t2 - t1))
done

echo "compare: ${#files[@]} generated profiles, $ROUNDS rounds of each, alternating ..."
many_advise=0 many_cat=0
for ((i = 0; i < ROUNDS; i++)); do
  t0=${EPOCHREALTIME/[.,]/}
  "$BIN" compare "${files[@]}" >/dev/null
  t1=${EPOCHREALTIME/[.,]/}
  cat "${files[@]}" >/dev/null
  t2=${EPOCHREALTIME/[.,]/}
  many_advise=$((many_advise + t1 - t0))
  many_cat=$((many_cat + t2 - t1))
done

# Peak resident memory in KB of a command: GNU time when it is there, else
# the kernel's own account of the largest child (getrusage), via python3.
peak_kb() {
  if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'
  else
    python3 - "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
  fi
}
echo "peak memory ..."
many_kb=$(peak_kb "$BIN" compare "${files[@]}")
single_kb=$(peak_kb "$BIN" "$PROFILE")

python3 - "$RUNS" "$ROUNDS" "${#files[@]}" "$single_advise" "$single_cat" \
  "$many_advise" "$many_cat" "$many_kb" "$single_kb" <<'PY'
import sys
runs, rounds, count, sa, sc, ma, mc, mkb, skb = map(int, sys.argv[1:])
rows = []
failed = False

def ratio_row(name, advise_us, cat_us, target, per):
    global failed
    r = advise_us / cat_us
    ok = r <= target
    failed |= not ok
    rows.append((name, f"{advise_us / 1e6:.3f} s", f"{cat_us / 1e6:.3f} s", f"{r:.1f}x",
                 f"<= {target:g}x", "pass" if ok else "FAIL"))
    rows.append(("  per run", f"{advise_us / per / 1e3:.2f} ms", f"{cat_us / per / 1e3:.2f} ms",
                 "", "", ""))

ratio_row(f"one profile, {runs} runs", sa, sc, 4, runs)
ratio_row(f"compare {count} profiles, {rounds} runs", ma, mc, 15, rounds)
ok = mkb < 64 * 1024
failed |= not ok
rows.append((f"compare {count} profiles, peak memory", f"{mkb / 1024:.1f} MB", "-", "-",
             "< 64 MB", "pass" if ok else "FAIL"))
rows.append(("one profile, peak memory", f"{skb / 1024:.1f} MB", "-", "-", "", ""))

head = ("measure", "advise", "cat", "ratio", "target", "result")
widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
print()
print(line(head))
print("  ".join("-" * w for w in widths))
for r in rows:
    print(line(r))
print()
print("FAILED: a target was missed" if failed else "all targets met")
sys.exit(1 if failed else 0)
PY
