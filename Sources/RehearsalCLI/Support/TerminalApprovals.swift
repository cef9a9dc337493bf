import RehearsalCore

/// Asks a person at the terminal to approve, reject or edit a call; one question at a time, even when
/// scenarios run in parallel.
actor TerminalApprovals: ApprovalProvider {
    private let ask: @Sendable (String) -> Void
    private let readLine: @Sendable () -> String?

    init(ask: @escaping @Sendable (String) -> Void, readLine: @escaping @Sendable () -> String?) {
        self.ask = ask
        self.readLine = readLine
    }

    func decide(on request: ApprovalRequest) async throws -> ApprovalDecision {
        let call = request.call
        var prompt = "\nApproval needed: \(call.tool.name) for \(call.principal.userID) (step \(request.step + 1))\n"
        if let thought = request.thought, !thought.isEmpty { prompt += "  agent's reasoning: \(thought)\n" }
        prompt += "  arguments: \(call.arguments.serialized(.pretty).replacingNewlines(with: "\n  "))\n"
        while true {
            ask(prompt + "[a]pprove, [r]eject, [e]dit arguments? ")
            guard let line = readLine() else { throw CommandError("no answer to the approval prompt (end of input)", exitCode: .failure) }
            switch line.trimmed.lowercased() {
            case "a", "approve", "y", "yes": return .approve(note: "approved at the terminal")
            case "r", "reject", "n", "no":
                ask("reason: ")
                let reason = readLine()?.trimmed ?? ""
                return .reject(reason: reason.isEmpty ? "rejected at the terminal" : reason)
            case "e", "edit":
                ask("arguments as JSON on one line: ")
                guard let text = readLine() else { continue }
                do {
                    return .approveEdited(arguments: try JSONParser.parse(text), note: "edited at the terminal")
                } catch {
                    ask("not valid JSON (\(error)); try again.\n")
                }
            default:
                continue
            }
        }
    }
}

extension String {
    var trimmed: String {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }

    func replacingNewlines(with replacement: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
