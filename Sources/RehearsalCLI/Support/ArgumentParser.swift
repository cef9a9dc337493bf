/// One option a command accepts.
struct OptionSpec: Sendable {
    /// `--out`, `-o`.
    var names: [String]
    /// The value's placeholder in help (`DIR`), or nil for a flag.
    var value: String?
    /// May it be given more than once?
    var repeatable = false
    /// One line of help.
    var help: String

    /// `-h, --help`: handled before a command parses its arguments, listed in every command's options.
    static let helpFlag = OptionSpec.flag("-h", "--help", help: "Show this help")

    static func flag(_ names: String..., help: String) -> OptionSpec { OptionSpec(names: names, value: nil, help: help) }
    static func option(_ names: String..., value: String, repeatable: Bool = false, help: String) -> OptionSpec {
        OptionSpec(names: names, value: value, repeatable: repeatable, help: help)
    }
}

/// Parsed command-line arguments.
struct ParsedArguments: Sendable {
    var positionals: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []

    /// The last value of the option whose first name is `name`.
    func value(_ name: String) -> String? { values[name]?.last }
    /// Whether the flag whose first name is `name` was given.
    func has(_ name: String) -> Bool { flags.contains(name) }
}

/// A small, strict parser: `--name value`, `--name=value`, flags, `--` to end options. Unknown options are
/// errors with a suggestion; `--help` is handled by the caller.
enum ArgumentParser {
    static func parse(_ arguments: [String], options: [OptionSpec]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let spec = options.first(where: { $0.names.contains(name) }) else {
                let known = options.flatMap(\.names)
                let suggestion = known.min { editDistance(name, $0) < editDistance(name, $1) }.flatMap { editDistance(name, $0) <= 3 ? $0 : nil }
                throw UsageError("unknown option \(name)" + (suggestion.map { "; did you mean \($0)?" } ?? ""))
            }
            let key = spec.names[0]
            if spec.value == nil {
                if inlineValue != nil { throw UsageError("option \(name) takes no value") }
                parsed.flags.insert(key)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else { throw UsageError("option \(name) needs a value (\(spec.value!))") }
                value = arguments[index]
                index += 1
            }
            if !spec.repeatable && parsed.values[key] != nil { throw UsageError("option \(name) given twice") }
            parsed.values[key, default: []].append(value)
        }
        return parsed
    }

    /// The column where option descriptions start in help, whatever the options: every command's rows line up,
    /// also with a row written out by hand (`  -h, --help            Show this help`).
    static let descriptionColumn = 24

    /// One row per option: names and value at column 2, the description at ``descriptionColumn``; a label too
    /// long for that puts its description on the next line, as swift-argument-parser does.
    static func help(for options: [OptionSpec]) -> String {
        options.map { spec in
            let label = "  " + spec.names.joined(separator: ", ") + (spec.value.map { " " + $0 } ?? "")
            let gap = descriptionColumn - label.count
            return gap >= 2
                ? label + String(repeating: " ", count: gap) + spec.help
                : label + "\n" + String(repeating: " ", count: descriptionColumn) + spec.help
        }.joined(separator: "\n")
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
