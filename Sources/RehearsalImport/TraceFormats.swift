public import RehearsalCore

/// The trace formats `rehearsal import` reads, and how a file's format is told when `--format` is left out.
public enum TraceFormats {
    /// One format: its name and how to read it, captured generically.
    public struct Entry: Sendable {
        public let name: String
        let recognizes: @Sendable (JSONValue) -> Bool
        let read: @Sendable (String, String) throws(InputError) -> [ImportedTrace]

        init<F: TraceFormat>(_ format: F.Type) {
            name = F.name
            recognizes = { F.recognizes($0) }
            read = { text, file throws(InputError) in try F.traces(in: text, file: file) }
        }

        /// The traces in `text`, the contents of `file`.
        public func traces(in text: String, file: String) throws(InputError) -> [ImportedTrace] { try read(text, file) }
    }

    /// Every format, in the order detection tries them.
    public static let all: [Entry] = [Entry(TauBenchFormat.self), Entry(OTLPFormat.self), Entry(OpenAIChatLogFormat.self)]

    /// The format named `name`.
    public static func named(_ name: String) -> Entry? { all.first { $0.name == name } }

    /// The format `text` (the contents of `file`) is in, told from its first JSON value: the whole file when it is one
    /// JSON document, else its first non-blank line (JSON Lines).
    /// - Throws: ``InputError`` when the file is not JSON or no format recognizes it.
    public static func detect(_ text: String, file: String) throws(InputError) -> Entry {
        let first: JSONValue
        if let whole = try? JSONParser.parse(text) {
            first = whole
        } else {
            let line = text.split(separator: "\n", omittingEmptySubsequences: true).first { !$0.allSatisfy(\.isWhitespace) }
            guard let line else { throw InputError(file: file, message: "empty file: expected a trace file (JSON or JSON Lines)") }
            do {
                first = try JSONParser.parse(String(line))
            } catch {
                throw InputError(file: file, line: 1, message: "not JSON or JSON Lines (\(error.message)); expected a trace file: \(all.map(\.name).joined(separator: ", "))")
            }
        }
        guard let entry = all.first(where: { $0.recognizes(first) }) else {
            throw InputError(file: file, message: "cannot tell the trace format from its first value; pass --format \(all.map(\.name).joined(separator: "|"))")
        }
        return entry
    }
}
