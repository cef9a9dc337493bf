# Shared by the benchmarks: make_copies DIR N writes DIR/scenarios and DIR/fixtures holding N copies of the
# built-in suite (new scenario ids, the same recordings), so a suite of any size replays for real.
make_copies() {
  local work=$1 copies=$2 file id i
  mkdir -p "$work/scenarios" "$work/fixtures"
  cp -r scenarios/agents scenarios/tools scenarios/configs scenarios/policies scenarios/suite.json scenarios/prices.json "$work/scenarios/"
  for file in scenarios/*/*.scenario.json; do
    id=$(sed -n 's/.*"id": "\([^"]*\)".*/\1/p' "$file" | head -1)
    for i in $(seq 1 "$copies"); do
      mkdir -p "$work/scenarios/copy-$i"
      sed "s/\"id\": \"$id\"/\"id\": \"$id.copy-$i\"/" "$file" > "$work/scenarios/copy-$i/$(basename "$file")"
      mkdir -p "$work/fixtures/$id.copy-$i"
      cp "fixtures/$id/"*.jsonl "$work/fixtures/$id.copy-$i/"
    done
  done
}
