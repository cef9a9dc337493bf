import RehearsalCore

/// The logged calls of one agent run, in order: what becomes one ``ImportedTrace``.
///
/// An agent loop sends its whole history with every call, so a call continues a conversation when its messages are
/// that conversation's last request plus the answer it got, and then more (tool results, the user's next message).
/// An explicit session id groups calls whatever their messages. See ``group(_:)``.
struct ChatLogConversation: Sendable {
    /// The calls, in order.
    var records: [ChatLogRecord]
    /// The session id that grouped them, if one did.
    var session: String?

    /// The messages a next call of this conversation starts with: the last request's and the answer it got.
    var history: [ChatLogMessage] {
        guard let last = records.last else { return [] }
        return last.request.messages + (last.outcome.answer.map { [$0.message] } ?? [])
    }

    /// Whether a call can still join: a failed call ends the run, as it ends the engine's loop.
    var isOpen: Bool { records.last?.outcome.answer != nil }

    /// Groups records into conversations, in the order of their first calls.
    ///
    /// Records are taken by their start time when every record has one (Helicone exports newest first), else in file
    /// order. An id shared by two or more records (``ChatLogRecord/session``) puts them in one pool; records with no
    /// id, or one no other record has (LiteLLM names every call with a fresh trace id unless the caller passes one),
    /// share the pool of unnamed records. In its pool, a record joins the open conversation whose history its messages
    /// extend (the longest such history; the earliest conversation on a tie). In a named pool, a record that extends
    /// none joins the latest open conversation with the same instructions (a client that trims its history); anything
    /// else starts a conversation of its own.
    static func group(_ records: [ChatLogRecord]) -> [ChatLogConversation] {
        var ordered = records
        if records.allSatisfy({ $0.start != nil }) {
            ordered = records.enumerated().sorted { ($0.element.start!, $0.offset) < ($1.element.start!, $1.offset) }
                .map(\.element)
        }
        var counts: [String: Int] = [:]
        for record in ordered { if let session = record.session { counts[session, default: 0] += 1 } }

        var conversations: [ChatLogConversation] = []
        // Open conversations by their pool and their history's first two messages, which a call that extends the
        // history repeats: a log of thousands of runs of one agent is grouped without comparing each call to every run.
        var candidates: [Opening: [Int]] = [:]
        var named: [String: [Int]] = [:]
        for record in ordered {
            let session = record.session.flatMap { counts[$0, default: 0] > 1 ? $0 : nil }
            var chosen: Int?
            if let opening = Opening(session: session, messages: record.request.messages, minimumCount: 3) {
                var longest = -1
                for index in candidates[opening] ?? [] where conversations[index].isOpen {
                    let history = conversations[index].history
                    if history.count > longest, extends(record.request.messages, history) {
                        chosen = index
                        longest = history.count
                    }
                }
            }
            if chosen == nil, let session {
                chosen = named[session]?.last {
                    conversations[$0].isOpen
                        && conversations[$0].records[0].request.instructions == record.request.instructions
                }
            }
            let index: Int
            if let chosen {
                index = chosen
                let before = Opening(session: session, messages: conversations[index].history, minimumCount: 2)
                conversations[index].records.append(record)
                if let before { candidates[before]?.removeAll { $0 == index } }
            } else {
                index = conversations.count
                conversations.append(ChatLogConversation(records: [record], session: session))
                if let session { named[session, default: []].append(index) }
            }
            if conversations[index].isOpen,
                let opening = Opening(session: session, messages: conversations[index].history, minimumCount: 2)
            {
                candidates[opening, default: []].append(index)
                candidates[opening]!.sort()
            }
        }
        return conversations
    }

    /// A pool and the first two messages of a history, as ``ChatLogMessage/isResent(as:)`` compares them (role and
    /// text): equal for a history and every call that extends it.
    private struct Opening: Hashable {
        var session: String?
        var first: String
        var second: String

        init?(session: String?, messages: [ChatLogMessage], minimumCount: Int) {
            guard messages.count >= minimumCount else { return nil }
            self.session = session
            first = messages[0].role.rawValue + "\u{1}" + (messages[0].text ?? "")
            second = messages[1].role.rawValue + "\u{1}" + (messages[1].text ?? "")
        }
    }

    /// Whether `messages` are `history` and then at least one more message.
    static func extends(_ messages: [ChatLogMessage], _ history: [ChatLogMessage]) -> Bool {
        guard messages.count > history.count else { return false }
        return zip(history, messages).allSatisfy { $0.isResent(as: $1) }
    }

    /// The messages of the call at `index` that its conversation had not seen: those after the previous call's
    /// history when it extends it; otherwise (a client that trims or rewrites its history) those after its last
    /// assistant message, or all but its instructions when it has none.
    func newMessages(at index: Int) -> [ChatLogMessage] {
        let messages = records[index].request.messages
        guard index > 0 else { return messages }
        let previous =
            records[index - 1].request.messages + (records[index - 1].outcome.answer.map { [$0.message] } ?? [])
        if ChatLogConversation.extends(messages, previous) { return Array(messages[previous.count...]) }
        if let last = messages.lastIndex(where: { $0.role == .assistant }) { return Array(messages[(last + 1)...]) }
        return messages.filter { !$0.isInstruction }
    }
}
