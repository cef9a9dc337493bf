import RehearsalCore

/// When a logged call started and how long it took, from the keys loggers use for them.
///
/// - Durations in milliseconds: `latency_ms`, `latencyMs`, `duration_ms`, `durationMs`, `delay_ms` (Helicone) and
///   `latency` (Helicone's export).
/// - Otherwise the time between a start and an end: `startTime`/`endTime` (LiteLLM), `start_time`/`end_time`,
///   `started_at`/`ended_at`, `completed_at` or `finished_at`, `request_created_at`/`response_created_at` (Helicone),
///   `created_at`/`completed_at`.
/// - Otherwise a duration in seconds: `duration`, `duration_s`, `response_time` (LiteLLM; time to the first token for a
///   stream, so it comes last).
///
/// Timestamps are ISO 8601 text (`2025-01-24T09:20:46.847Z`, or with a space and no zone, read as UTC, as LiteLLM
/// writes them) or numbers of seconds since the Unix epoch (milliseconds, microseconds and nanoseconds are told apart
/// by size).
enum ChatLogTime {
    static let millisecondKeys = ["latency_ms", "latencyMs", "duration_ms", "durationMs", "delay_ms", "latency"]
    static let secondKeys = ["duration", "duration_s", "response_time"]
    static let startKeys = ["startTime", "start_time", "started_at", "request_created_at", "created_at", "timestamp"]
    static let endKeys = ["endTime", "end_time", "ended_at", "completed_at", "finished_at", "response_created_at"]

    /// The call's start, in seconds since the Unix epoch, when the record has one.
    /// - Throws: ``JSONDecodingError`` when a start key holds something that is not a timestamp.
    static func start(in members: [String: JSONValue], at path: JSONPath) throws(JSONDecodingError) -> Double? {
        try timestamp(in: members, keys: startKeys, at: path)
    }

    /// How long the call took, in milliseconds, when the record says.
    /// - Throws: ``JSONDecodingError`` when a duration or timestamp key holds something else.
    static func latencyMs(in members: [String: JSONValue], at path: JSONPath) throws(JSONDecodingError) -> Double? {
        for key in millisecondKeys {
            if let value = try duration(members[key], at: path.appending(key), unit: "milliseconds") { return value }
        }
        if let start = try start(in: members, at: path), let end = try timestamp(in: members, keys: endKeys, at: path),
            end >= start
        {
            return ((end - start) * 1_000_000).rounded() / 1000
        }
        for key in secondKeys {
            if let value = try duration(members[key], at: path.appending(key), unit: "seconds") {
                return (value * 1_000_000).rounded() / 1000
            }
        }
        return nil
    }

    private static func duration(_ value: JSONValue?, at path: JSONPath, unit: String) throws(JSONDecodingError)
        -> Double?
    {
        switch value {
        case nil, .null?: return nil
        case .number(let number)? where number >= 0 && number.isFinite: return number
        case let other?: throw .typeMismatch(at: path, expected: "a duration in \(unit) (a number ≥ 0)", found: other)
        }
    }

    private static func timestamp(in members: [String: JSONValue], keys: [String], at path: JSONPath)
        throws(JSONDecodingError) -> Double?
    {
        for key in keys {
            guard let value = members[key], value != .null else { continue }
            guard let seconds = seconds(value) else {
                throw .typeMismatch(
                    at: path.appending(key), expected: "a timestamp (ISO 8601 text or seconds since the Unix epoch)",
                    found: value)
            }
            return seconds
        }
        return nil
    }

    /// `value` as seconds since the Unix epoch, or nil when it is not a timestamp.
    static func seconds(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let number):
            guard number.isFinite, number > 0 else { return nil }
            // Seconds until the year 5138; beyond that the number is in a finer unit.
            var seconds = number
            while seconds > 1e11 { seconds /= 1000 }
            return seconds
        case .string(let text):
            if let number = Double(text) { return seconds(.number(number)) }
            return iso8601(text)
        default:
            return nil
        }
    }

    /// Seconds since the Unix epoch for `YYYY-MM-DD[T ]hh:mm[:ss[.fff…]][Z|±hh[:]mm]`; no zone means UTC.
    static func iso8601(_ text: String) -> Double? {
        let scalars = Array(text.trimmingPrefix(while: \.isWhitespace).unicodeScalars)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= scalars.count else { return nil }
            var value = 0
            for scalar in scalars[index..<index + digits] {
                guard let digit = digit(scalar) else { return nil }
                value = value * 10 + digit
            }
            index += digits
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < scalars.count, characters.unicodeScalars.contains(scalars[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2), expect("T t"),
            let hour = number(2), expect(":"), let minute = number(2), (1...12).contains(month), (1...31).contains(day),
            hour < 24, minute < 60
        else { return nil }
        var seconds = 0.0
        if expect(":") {
            guard let whole = number(2), whole <= 60 else { return nil }
            seconds = Double(whole)
            if expect(".,") {
                var scale = 0.1
                let start = index
                while index < scalars.count, let digit = digit(scalars[index]) {
                    seconds += Double(digit) * scale
                    scale /= 10
                    index += 1
                }
                guard index > start else { return nil }
            }
        }
        var offset = 0
        if expect("Zz") {
            offset = 0
        } else if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" {
            let sign = scalars[index] == "-" ? -1 : 1
            index += 1
            guard let hours = number(2) else { return nil }
            _ = expect(":")
            let minutes = number(2) ?? 0
            offset = sign * (hours * 3600 + minutes * 60)
        }
        guard index == scalars.count else { return nil }
        return Double(CivilDate.daysSinceEpoch(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 - offset)
            + seconds
    }

    private static func digit(_ scalar: Unicode.Scalar) -> Int? {
        (48...57).contains(scalar.value) ? Int(scalar.value - 48) : nil
    }
}
