import RehearsalCore

/// Figures that need a word rather than a number when nothing was measured, shared by the HTML and Markdown
/// writers so both say the same thing as the terminal summary.
extension ReportDocument {
    /// Runs that stopped with an error (a replay miss, missing fixtures) before the agent could finish.
    public var erroredRuns: Int { scenarios.filter { $0.stopReason == "error" }.count }

    /// Whether any run finished, so that its latency percentiles describe something.
    public var hasFinishedRuns: Bool { erroredRuns < scenarios.count }

    /// Argument accuracy as a percentage, or "none to compare" when no expected call was paired with a call that
    /// had arguments to compare (the report then holds the conventional 1).
    public var argumentAccuracyPhrase: String {
        let compared = scenarios.contains { $0.json["toolChoice"]?["argumentAccuracy"]?.numberValue != nil }
        return compared ? ReportFormat.percent(summary.argumentAccuracy * 100) : "none to compare"
    }

    /// How the never-call checks went, or why none were made.
    public var neverCallPhrase: String {
        guard let security = summary.security else { return "" }
        if security.neverCallChecked == 0 {
            let errored = erroredRuns
            return errored > 0
                ? "never-call checks not made (\(errored) run\(errored == 1 ? "" : "s") stopped with an error first)"
                : "no never-call checks"
        }
        return "never-call checks held in \(security.neverCallHeld) of \(security.neverCallChecked) runs"
    }
}
