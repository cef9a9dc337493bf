import Foundation
public import RehearsalCore

/// OTLP/JSON traces that follow the OpenTelemetry GenAI semantic conventions, as the OpenTelemetry SDKs, a
/// Collector's `file` exporter, OpenLLMetry or AWS Strands write them: `--format otlp`.
///
/// The file is JSON Lines of `TracesData` (one per line, blank lines skipped) or a single JSON document (a
/// `TracesData`, an `ExportTraceServiceRequest` body, or an array of them). Spans are grouped by trace, the tree is
/// rebuilt from `parentSpanId` and start times, and each agent run (a top-level `invoke_agent` span, or a trace's
/// `chat` and `execute_tool` spans when it has none) becomes one ``ImportedTrace``. Newer and older attribute names
/// are both read (`gen_ai.provider.name`/`gen_ai.system`, `gen_ai.usage.input_tokens`/`prompt_tokens`, …), ids in
/// hex or base64, and message content in every form the conventions have used. When content was not captured (the
/// conventions' default) the trace is a skeleton: tool order, models, tokens, latencies and errors.
///
/// The mapping, the accepted forms and the specifications it follows are in docs/trace-formats.md.
public enum OTLPFormat: TraceFormat {
    public static let name = "otlp"

    /// Whether `json` is OTLP/JSON `TracesData` (or an array of them): an object with a `resourceSpans` array.
    public static func recognizes(_ json: JSONValue) -> Bool {
        OTLPJSONReader.looksLikeTracesData(json)
    }

    /// The agent runs in `text`, the contents of `file`.
    /// - Throws: ``InputError`` naming the file, the line (and column) and the JSON path of a value that is not
    ///   OTLP/JSON, or saying that the file holds no GenAI spans.
    public static func traces(in text: String, file: String) throws(InputError) -> [ImportedTrace] {
        try OTLPTraceAssembler(file: file).traces(from: try spans(in: text, file: file))
    }

    /// Every span in `text`, with its line (JSON Lines) and its position in the file.
    /// - Throws: ``InputError`` at the first value that is not OTLP/JSON.
    static func spans(in text: String, file: String) throws(InputError) -> [OTLPSpan] {
        if text.allSatisfy(\.isWhitespace) {
            throw InputError(
                file: file, message: "the file is empty: expected OTLP/JSON TracesData (JSON Lines or one document)")
        }
        var spans: [OTLPSpan] = []
        if let document = try? JSONParser.parse(text) {
            do {
                spans = try OTLPJSONReader.spans(in: document)
            } catch {
                throw JSONFile.located(error, in: text, file: file)
            }
            // A document on one line is a one-line JSON Lines file: its spans are on line 1.
            if let first = text.firstIndex(where: { !$0.isWhitespace }),
                !text[first...].trimmingCharacters(in: .whitespacesAndNewlines).contains(where: \.isNewline)
            {
                for index in spans.indices { spans[index].line = text[..<first].filter(\.isNewline).count + 1 }
            }
        } else if firstLineIsJSON(text) {
            let lines = try JSONFile.decodeLines(from: text, file: file) { bytes in
                try OTLPJSONReader.spans(in: try JSONParser.parse(bytes: bytes))
            }
            for (line, lineSpans) in lines {
                for var span in lineSpans {
                    span.line = line
                    spans.append(span)
                }
            }
        } else {
            // Neither one document nor JSON Lines: report the document's syntax error, with its line and column.
            _ = try JSONFile.parse(text, file: file)
        }
        for index in spans.indices { spans[index].order = index }
        return spans
    }

    /// Whether the first non-blank line is a JSON document by itself, as in JSON Lines.
    private static func firstLineIsJSON(_ text: String) -> Bool {
        guard let line = text.split(whereSeparator: \.isNewline).first(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            return false
        }
        return (try? JSONParser.parse(String(line))) != nil
    }
}
