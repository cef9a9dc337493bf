#!/usr/bin/env bash
# The HTML report at scale: replays COPIES copies of the built-in suite (default 150, about 5,000 scenario runs)
# with a release build, then times `rehearsal report` rendering report.html, junit.xml and summary.md from the
# report, and a headless Chromium loading the page and running its script (--dump-dom), opening one scenario.
# Prints the sizes and times. Needs chromium on PATH for the browser part.
#
# Usage: benchmarks/html-report-size.sh [COPIES]
# Runs use --no-db: this measures replay, and keeps benchmark runs out of reports/rehearsal.sqlite.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-150}
swift build -c release --product rehearsal >/dev/null
bin=$(swift build -c release --show-bin-path)/rehearsal
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. benchmarks/copies.sh
make_copies "$work" "$copies"
"$bin" run "$work/scenarios" --out "$work/out" --no-db --no-sweep >/dev/null || true
count=$(grep -c '"traceId"' "$work/out/report.json")
start=$(date +%s.%N)
"$bin" report "$work/out/report.json" >/dev/null
end=$(date +%s.%N)
echo "$count scenario runs: report.json $(du -h "$work/out/report.json" | cut -f1), report.html $(du -h "$work/out/report.html" | cut -f1)"
echo "rehearsal report (all rendered files): $(echo "$end - $start" | bc) s"
if command -v chromium >/dev/null; then
  first=$(grep -o -m1 'data-label="[^"]*"' "$work/out/report.html" | cut -d'"' -f2 || true)
  start=$(date +%s.%N)
  chromium --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile" --dump-dom \
    "file://$work/out/report.html#open=$first" > "$work/dom.html" 2>/dev/null
  end=$(date +%s.%N)
  echo "chromium load + script + open one scenario: $(echo "$end - $start" | bc) s ($(grep -c '<tr class="row ' "$work/dom.html") rows, $(grep -c '<tr class="detail"' "$work/dom.html") detail opened)"
fi
