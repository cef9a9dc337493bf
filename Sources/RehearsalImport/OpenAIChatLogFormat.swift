public import RehearsalCore

/// Logs of OpenAI Chat Completions calls, as an OpenAI-compatible proxy or an SDK logger writes them:
/// `--format openai-chat-log`.
///
/// The file is JSON Lines, one logged call per line (blank lines skipped), or one JSON document holding one call or an
/// array of them. A call is a request/response pair (`request`/`response`, `input`/`output`,
/// `request_body`/`response_body`), a LiteLLM `StandardLoggingPayload` or a LiteLLM spend log row, with the request
/// in the Chat Completions format and the response a Chat Completion, its stream, or an error (see
/// ``ChatLogRecord`` and ``ChatLogOutcome``). Calls are grouped into conversations (one agent run each) by session id
/// or by their messages (``ChatLogConversation/group(_:)``), and each conversation becomes one ``ImportedTrace``.
///
/// The mapping, the accepted shapes and the specifications they follow are in docs/trace-formats.md.
public enum OpenAIChatLogFormat: TraceFormat {
    public static let name = "openai-chat-log"

    /// Whether `json` (a file's first line, or the whole file) is a logged Chat Completions call, or an array whose
    /// first element is one.
    public static func recognizes(_ json: JSONValue) -> Bool {
        if case .array(let elements) = json, let first = elements.first { return ChatLogRecord.recognizes(first) }
        return ChatLogRecord.recognizes(json)
    }

    /// The conversations in `text`, the contents of `file`, one trace each, in the order of their first calls.
    ///
    /// A conversation grouped by a session id is named `<file>.<session>` (`-2`, `-3` … for a session's later runs,
    /// after a failed call ended one), any other `<file>.<n>`, counting those from 1; `<file>` is the file's name
    /// without its extension, which is also the agent's id and the scenarios' family.
    /// - Throws: ``InputError`` naming the file, the line and column and the JSON path of a value that is not a logged
    ///   call, and what was expected there.
    public static func traces(in text: String, file: String) throws(InputError) -> [ImportedTrace] {
        let reader = ChatLogReader(file: file, text: text)
        let conversations = ChatLogConversation.group(try reader.records())
        let stem = fileStem(file)
        var used: Set<String> = []
        var runsPerSession: [String: Int] = [:]
        var unnamed = 0
        var traces: [ImportedTrace] = []
        for conversation in conversations {
            var name: String
            if let session = conversation.session {
                runsPerSession[session, default: 0] += 1
                let run = runsPerSession[session]!
                name = "\(stem).\(session)" + (run > 1 ? "-\(run)" : "")
            } else {
                unnamed += 1
                name = "\(stem).\(unnamed)"
            }
            let base = String(ImportedTrace.scenarioID(name).prefix(200))
            var id = base
            var number = 2
            while used.contains(id) {
                id = "\(base)-\(number)"
                number += 1
            }
            used.insert(id)
            do {
                traces.append(try conversation.trace(id: id, file: file, agent: stem))
            } catch {
                throw reader.located(error)
            }
        }
        return traces
    }

    /// The file's name without its folder and extension, as an id: `logs/prod-2026-05-01.jsonl` → `prod-2026-05-01`.
    static func fileStem(_ file: String) -> String {
        var name = Substring(file.split(separator: "/").last ?? Substring(file))
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        return String(ImportedTrace.scenarioID(String(name)).map { $0 == "." ? "-" : $0 })
    }
}
