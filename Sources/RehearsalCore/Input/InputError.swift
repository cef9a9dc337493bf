/// Bad input in a file: which file, where in it, and what was expected there.
///
/// Every loader reports problems with its files through this type, and the CLI maps it to exit code 2. The
/// description reads like a compiler diagnostic: `scenarios/x.scenario.json:12:7: $.expect.toolCalls[1].name:
/// expected a string, found number 3`.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as the user named it (relative paths stay relative).
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The 1-based column, when known.
    public var column: Int?
    /// The JSON path, when the problem is in a JSON value.
    public var path: JSONPath?
    /// What is wrong and what was expected.
    public var message: String

    /// An error from its parts.
    public init(file: String, line: Int? = nil, column: Int? = nil, path: JSONPath? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        if let path, !path.components.isEmpty { return "\(place): \(path): \(message)" }
        return "\(place): \(message)"
    }
}

/// Reads JSON documents and JSON Lines files into typed values, turning every failure into an ``InputError``.
public enum JSONFile {
    /// Parses `text` (the contents of `file`) and decodes it as `T`.
    /// - Throws: ``InputError`` with line and column for syntax errors and for values of the wrong shape.
    public static func decode<T: JSONDecodable>(_ type: T.Type, from text: String, file: String) throws(InputError) -> T {
        let value = try parse(text, file: file)
        return try decode(type, from: value, text: text, file: file)
    }

    /// Parses `text` as one JSON document.
    /// - Throws: ``InputError`` with the line and column of the syntax error.
    public static func parse(_ text: String, file: String) throws(InputError) -> JSONValue {
        do {
            return try JSONParser.parse(text)
        } catch {
            throw InputError(file: file, line: error.line, column: error.column, message: "invalid JSON: \(error.message)")
        }
    }

    /// Decodes an already-parsed `value` as `T`, locating errors in `text`.
    /// - Throws: ``InputError`` at the place of the offending value.
    public static func decode<T: JSONDecodable>(_ type: T.Type, from value: JSONValue, text: String, file: String, lineOffset: Int = 0) throws(InputError) -> T {
        do {
            return try T(json: value, at: .root)
        } catch let error as JSONDecodingError {
            throw located(error, in: text, file: file, lineOffset: lineOffset)
        } catch {
            throw InputError(file: file, message: "\(error)")
        }
    }

    /// Turns a decoding error into an input error at the line and column of its JSON path.
    public static func located(_ error: JSONDecodingError, in text: String, file: String, lineOffset: Int = 0) -> InputError {
        let place = JSONParser.location(of: error.path, in: text, key: error.isAboutKey)
        return InputError(file: file, line: place.map { $0.line + lineOffset }, column: place?.column, path: error.path, message: error.message)
    }

    /// Decodes every non-blank line of a JSON Lines file as `T`.
    /// - Returns: the values with their 1-based line numbers.
    /// - Throws: ``InputError`` naming the line (and column) of the first bad line.
    public static func decodeLines<T: JSONDecodable>(_ type: T.Type, from text: String, file: String) throws(InputError) -> [(line: Int, value: T)] {
        try decodeLines(from: text, file: file) { line in try T(json: try JSONParser.parse(bytes: line), at: .root) }
    }

    /// Decodes every non-blank line of a JSON Lines file with `decode`, which gets the line's bytes and throws
    /// ``JSONSyntaxError`` or ``JSONDecodingError`` for a bad line.
    /// - Returns: the values with their 1-based line numbers.
    /// - Throws: ``InputError`` naming the line (and column) of the first bad line.
    public static func decodeLines<T>(from text: String, file: String, decode: (UnsafeBufferPointer<UInt8>) throws -> T) throws(InputError) -> [(line: Int, value: T)] {
        var text = text
        let result: Result<[(line: Int, value: T)], InputError> = text.withUTF8 { bytes in
            var results: [(line: Int, value: T)] = []
            var lineNumber = 0
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                lineNumber += 1
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                start = end + 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                do {
                    results.append((lineNumber, try decode(line)))
                } catch let error as JSONSyntaxError {
                    return .failure(InputError(file: file, line: lineNumber, column: error.column, message: "invalid JSON: \(error.message)"))
                } catch let error as JSONDecodingError {
                    return .failure(located(error, in: String(decoding: line, as: UTF8.self), file: file, lineOffset: lineNumber - 1))
                } catch {
                    return .failure(InputError(file: file, line: lineNumber, message: "\(error)"))
                }
            }
            return .success(results)
        }
        return try result.get()
    }

    /// JSON Lines text: one compact JSON value per line, keys sorted, ending with a newline.
    public static func lines(_ values: [JSONValue]) -> String {
        values.map { $0.serialized() + "\n" }.joined()
    }
}
