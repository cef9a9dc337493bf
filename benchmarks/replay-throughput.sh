#!/usr/bin/env bash
# Replay throughput: copies the built-in suite N times (new ids, same recordings) and times `rehearsal run` on it
# with a release build, once as run by default (the routed run plus the router sweep's always-cheap, always-strong
# and classifier replays) and once with the routed run alone. Prints the wall-clock split the report records
# (load = reading and decoding files, run = the engines) and the CPU time of the whole process.
#
# Usage: benchmarks/replay-throughput.sh [COPIES]   (default 100 copies of the built-in suite)
# Runs use --no-db: this measures replay, and keeps benchmark runs out of reports/rehearsal.sqlite.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-100}
swift build -c release --product rehearsal >/dev/null
bin=$(swift build -c release --show-bin-path)/rehearsal
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. benchmarks/copies.sh
make_copies "$work" "$copies"
count=$((copies * $(ls scenarios/*/*.scenario.json | wc -l)))
for mode in "" "--no-sweep --no-baseline"; do
  start=$(date +%s.%N)
  /usr/bin/time -q -f "%U %S" -o "$work/time" "$bin" run "$work/scenarios" --out "$work/out" --no-db $mode >/dev/null || true
  end=$(date +%s.%N)
  read -r user sys < "$work/time"
  python3 - "$work/out/report.json" "$count" "$start" "$end" "$user" "$sys" "${mode:-with the router sweep}" <<'PY' 2>/dev/null || \
    echo "$count scenarios ${mode:-with the router sweep}: wall $(echo "$end - $start" | bc) s, cpu user $user s sys $sys s"
import json, sys
report, count, start, end, user, sys_, mode = sys.argv[1:]
env = json.load(open(report))["environment"]["wallClockMs"]
count = int(count)
cpu = float(user) + float(sys_)
print(f"{count} scenarios ({mode}): wall {float(end) - float(start):.2f} s, load {env['load']} ms, run {env['run']} ms "
      f"({env['run'] * 1000 / count:.0f} us per scenario), process CPU {cpu:.2f} s ({cpu * 1e6 / count:.0f} us per scenario)")
PY
done
