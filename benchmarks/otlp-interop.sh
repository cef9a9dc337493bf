#!/usr/bin/env bash
# Optional interop check of the OTLP/JSON export against the OpenTelemetry protobuf definitions: parses every line
# of FILE into opentelemetry-proto's TracesData with protobuf's own JSON parser (unknown fields are errors), then
# checks that ids, times, kinds and status codes read back as written. Not part of `swift test`: it needs PyPI.
#
# protobuf's JSON mapping reads `bytes` fields as base64, while OTLP/JSON writes trace and span ids as hex (the one
# place OTLP departs from that mapping), so the script turns the ids into base64 before parsing and compares the
# parsed bytes with the hex it started from.
#
# Usage: benchmarks/otlp-interop.sh [FILE.jsonl]
#   FILE defaults to the writer's golden (Tests/RehearsalReportsTests/Goldens/*.otlp.jsonl); pass the file that
#   `rehearsal run --otlp FILE` or `rehearsal trace ID --otlp FILE` wrote to check a whole run.
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-Tests/RehearsalReportsTests/Goldens/traced-report.ticket-write-denied.otlp.jsonl}
venv=${OTLP_VENV:-${TMPDIR:-/tmp}/rehearsal-otlp-venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet opentelemetry-proto
fi
"$venv/bin/python" - "$file" <<'PY'
import base64, json, sys
from google.protobuf import json_format
from opentelemetry.proto.trace.v1.trace_pb2 import TracesData, Span, Status

def to_base64(hex_id):
    return base64.b64encode(bytes.fromhex(hex_id)).decode()

lines = spans = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for number, line in enumerate(f, 1):
        written = json.loads(line)
        for resource in written["resourceSpans"]:
            for scope in resource["scopeSpans"]:
                for span in scope["spans"]:
                    for key in ("traceId", "spanId", "parentSpanId"):
                        if key in span:
                            span[key] = to_base64(span[key])
        data = json_format.Parse(json.dumps(written), TracesData(), ignore_unknown_fields=False)
        original = json.loads(line)
        for parsed_resource, resource in zip(data.resource_spans, original["resourceSpans"]):
            for parsed_scope, scope in zip(parsed_resource.scope_spans, resource["scopeSpans"]):
                assert len(parsed_scope.spans) == len(scope["spans"]), f"line {number}: span count"
                for parsed, span in zip(parsed_scope.spans, scope["spans"]):
                    where = f"line {number}, span {span['spanId']}"
                    assert parsed.trace_id.hex() == span["traceId"] and len(parsed.trace_id) == 16, where + ": traceId"
                    assert parsed.span_id.hex() == span["spanId"] and len(parsed.span_id) == 8, where + ": spanId"
                    assert parsed.parent_span_id.hex() == span.get("parentSpanId", ""), where + ": parentSpanId"
                    assert parsed.start_time_unix_nano == int(span["startTimeUnixNano"]), where + ": start"
                    assert parsed.end_time_unix_nano == int(span["endTimeUnixNano"]), where + ": end"
                    assert parsed.kind in (Span.SPAN_KIND_INTERNAL, Span.SPAN_KIND_CLIENT), where + ": kind"
                    assert parsed.status.code in (Status.STATUS_CODE_OK, Status.STATUS_CODE_ERROR), where + ": status"
                    for attribute in parsed.attributes:
                        assert attribute.value.WhichOneof("value") is not None, where + ": empty value of " + attribute.key
                    spans += 1
        lines += 1
print(f"{sys.argv[1]}: {lines} lines, {spans} spans parsed into opentelemetry-proto TracesData; ids, times, kinds and status codes read back as written")
PY
