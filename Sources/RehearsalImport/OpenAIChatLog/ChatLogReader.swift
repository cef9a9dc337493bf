import RehearsalCore

/// Reads a chat-log file into records, and turns a problem with a record into an ``InputError`` that names the file,
/// the line and column, and the JSON path.
struct ChatLogReader {
    /// The file, as the user named it.
    let file: String
    /// Its contents.
    let text: String

    /// The records of the file: one per non-blank line of JSON Lines, or, when the whole file is one JSON document,
    /// that object or each element of that array.
    /// - Throws: ``InputError`` at the first line that is not JSON or not a logged call.
    func records() throws(InputError) -> [ChatLogRecord] {
        if text.allSatisfy(\.isWhitespace) {
            throw InputError(
                file: file, message: "the file is empty: expected JSON Lines of logged Chat Completions calls")
        }
        if let document = try? JSONParser.parse(text) {
            let elements: [(JSONValue, JSONPath)]
            if case .array(let values) = document {
                elements = values.enumerated().map { ($0.element, JSONPath.root.appending($0.offset)) }
            } else {
                elements = [(document, .root)]
            }
            var records: [ChatLogRecord] = []
            for (value, path) in elements {
                let origin = ChatLogRecord.Origin(
                    line: JSONParser.location(of: path, in: text)?.line ?? 1, document: path)
                do {
                    records.append(try ChatLogRecord.read(value, origin: origin))
                } catch {
                    throw located(ChatLogRecord.Failure(origin: origin, error: error))
                }
            }
            return records
        }
        var records: [ChatLogRecord] = []
        for (number, line) in lines.enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let value: JSONValue
            do {
                value = try JSONParser.parse(bytes: line.utf8)
            } catch {
                if records.isEmpty, ["{", "["].contains(line.filter { !$0.isWhitespace }) {
                    // A first line that only opens an object or array: the file is one pretty-printed JSON document
                    // with a syntax error somewhere, which the document's own error locates.
                    _ = try JSONFile.parse(text, file: file)
                }
                throw InputError(
                    file: file, line: number + 1, column: error.column, message: "invalid JSON: \(error.message)")
            }
            let origin = ChatLogRecord.Origin(line: number + 1, document: nil)
            do {
                records.append(try ChatLogRecord.read(value, origin: origin))
            } catch {
                throw located(ChatLogRecord.Failure(origin: origin, error: error))
            }
        }
        return records
    }

    /// The file's lines, split on line feeds (a carriage return before one is JSON whitespace), without a leading
    /// byte order mark.
    var lines: [Substring] {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            Substring($0)
        }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        return lines
    }

    /// `failure` as an input error: the file, the record's line, the column of the value at the failure's path (or of
    /// its nearest enclosing value that is in the text, for a path into JSON held in a string), the path and the message.
    func located(_ failure: ChatLogRecord.Failure) -> InputError {
        let error = failure.error
        if let document = failure.origin.document {
            let path = JSONPath(components: document.components + error.path.components)
            let place = nearestLocation(of: path, in: text, key: error.isAboutKey)
            return InputError(
                file: file, line: place?.line ?? failure.origin.line, column: place?.column, path: path,
                message: error.message)
        }
        let line = failure.origin.line
        let place =
            lines.indices.contains(line - 1)
            ? nearestLocation(of: error.path, in: String(lines[line - 1]), key: error.isAboutKey) : nil
        return InputError(file: file, line: line, column: place?.column, path: error.path, message: error.message)
    }

    private func nearestLocation(of path: JSONPath, in text: String, key: Bool) -> (line: Int, column: Int)? {
        var path = path
        var key = key
        while true {
            if let place = JSONParser.location(of: path, in: text, key: key) { return place }
            guard !path.components.isEmpty else { return nil }
            path.components.removeLast()
            key = false
        }
    }
}
