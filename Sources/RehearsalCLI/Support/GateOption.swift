import RehearsalCore
import RehearsalReports
import RehearsalScenarios

/// `--baseline FILE`, `--fail-on-regression`, the gate's thresholds and `--save-baseline FILE`, accepted by the
/// commands that end with a report (`run`, and `report` for a report already written, such as a merged one).
enum GateOption {
    static let options: [OptionSpec] = [
        .option(
            "--baseline", value: "FILE",
            help: "Compare with a baseline (see docs/baseline.md) and list every regression"),
        .flag("--fail-on-regression", help: "Exit 1 on a regression against --baseline; known failures do not fail"),
        .option(
            "--max-accuracy-drop", value: "SHARE",
            help: "Largest pass-rate drop allowed (0.02 or 2%; default: the configuration's, else 0)"),
        .option(
            "--max-cost-increase", value: "PCT",
            help: "Largest cost rise allowed in percent (default: the configuration's, else 10)"),
        .option(
            "--max-p95-increase", value: "PCT",
            help: "Largest p95 latency rise allowed in percent (default: the configuration's, else 10)"),
        .option(
            "--save-baseline", value: "FILE", help: "Write this run's figures as a baseline for later runs to gate on"),
    ]

    /// What the gate options asked for.
    struct Choice: Sendable, Equatable {
        /// `--baseline FILE`.
        var baselinePath: String?
        /// `--save-baseline FILE`.
        var savePath: String?
        /// `--fail-on-regression`.
        var failOnRegression = false
        /// `--max-accuracy-drop`, as a share of runs.
        var maxAccuracyDrop: Double?
        /// `--max-cost-increase`, in percent.
        var maxCostIncreasePct: Double?
        /// `--max-p95-increase`, in percent.
        var maxP95IncreasePct: Double?

        /// The thresholds to gate with: `configured` (the configuration's) with each flag given replacing its value.
        func thresholds(over configured: GateThresholds) -> GateThresholds {
            configured.overridden(
                maxAccuracyDrop: maxAccuracyDrop, maxCostIncreasePct: maxCostIncreasePct,
                maxP95IncreasePct: maxP95IncreasePct)
        }

        /// Reads the baseline named by `--baseline`, if any. Commands call this before they write anything, so a bad
        /// baseline leaves no trace.
        /// - Throws: ``InputError`` (exit 2) naming the file, and the line, column and JSON path of what does not read.
        func readBaseline(in context: CommandContext) throws(InputError) -> Baseline? {
            guard let path = baselinePath else { return nil }
            switch context.fileSystem.kind(of: path) {
            case .file: break
            case .directory:
                throw InputError(file: path, message: "is a folder; expected a baseline file written by `rehearsal run --save-baseline FILE` (a .json file)")
            default:
                throw InputError(
                    file: path, message: "no such baseline file; write one with `rehearsal run --save-baseline \(path)`"
                )
            }
            let text: String
            do {
                text = try context.fileSystem.readText(at: path)
            } catch {
                throw InputError(file: path, message: "cannot read the baseline: \(error)")
            }
            return try Baseline.parse(text, file: path)
        }

        /// The gate's verdict on `document` against `baseline`, with the thresholds over `configured`.
        func check(_ document: ReportDocument, against baseline: Baseline?, configured: GateThresholds) -> GateResult? {
            guard let baseline, let path = baselinePath else { return nil }
            return Gate(thresholds: thresholds(over: configured)).check(document, against: baseline, named: path)
        }

        /// The exit code of a command that ran the gate: with `--fail-on-regression`, the gate's verdict alone (a run
        /// that failed in the baseline too is a known failure and does not fail it); otherwise `usual`.
        func exitCode(_ gate: GateResult?, usual: ExitCode) -> ExitCode {
            guard failOnRegression, let gate else { return usual }
            return gate.passed ? .success : .failure
        }

        /// The gate's verdict on a report just made (read back only when there is a baseline to compare with).
        func check(_ report: JSONValue, against baseline: Baseline?, configured: GateThresholds) throws(CommandError)
            -> GateResult?
        {
            guard baseline != nil else { return nil }
            return check(try ReportFiles.readBack(report), against: baseline, configured: configured)
        }

        /// Writes the baseline of a report just made to `--save-baseline FILE`, if given.
        /// - Returns: the path written, or nil.
        func saveBaseline(of report: JSONValue, in context: CommandContext) throws -> String? {
            guard savePath != nil else { return nil }
            return try saveBaseline(of: try ReportFiles.readBack(report), in: context)
        }

        /// Writes `document`'s baseline to `--save-baseline FILE`, if given.
        /// - Returns: the path written, or nil.
        func saveBaseline(of document: ReportDocument, in context: CommandContext) throws -> String? {
            guard let path = savePath else { return nil }
            do {
                try context.writeFile(path, Baseline(document).serialized())
            } catch {
                throw CommandError("\(path): could not write the baseline: \(error)")
            }
            return path
        }
    }

    /// The choice the arguments make, validated.
    /// - Throws: ``UsageError`` for a threshold that is not a number in range, a threshold or `--fail-on-regression`
    ///   without `--baseline`, or an empty file name.
    static func choice(_ parsed: ParsedArguments) throws(UsageError) -> Choice {
        var choice = Choice()
        choice.baselinePath = parsed.value("--baseline")
        choice.savePath = parsed.value("--save-baseline")
        for (name, value) in [("--baseline", choice.baselinePath), ("--save-baseline", choice.savePath)]
        where value?.isEmpty == true {
            throw UsageError("\(name) needs a file name")
        }
        choice.failOnRegression = parsed.has("--fail-on-regression")
        if let text = parsed.value("--max-accuracy-drop") {
            guard let share = number(text, percentMeansShare: true), (0...1).contains(share) else {
                throw UsageError("--max-accuracy-drop needs a share of runs between 0 and 1 (0.02, or 2%), got \(text)")
            }
            choice.maxAccuracyDrop = share
        }
        for name in ["--max-cost-increase", "--max-p95-increase"] {
            guard let text = parsed.value(name) else { continue }
            guard let pct = number(text, percentMeansShare: false), pct >= 0 else {
                throw UsageError("\(name) needs a percentage of 0 or more (10, or 10%), got \(text)")
            }
            if name == "--max-cost-increase" { choice.maxCostIncreasePct = pct } else { choice.maxP95IncreasePct = pct }
        }
        if choice.baselinePath == nil {
            let needing = ["--fail-on-regression", "--max-accuracy-drop", "--max-cost-increase", "--max-p95-increase"]
                .filter {
                    parsed.has($0) || parsed.value($0) != nil
                }
            if let first = needing.first { throw UsageError("\(first) compares with a baseline; add --baseline FILE") }
        }
        return choice
    }

    /// `text` as a finite number; a trailing `%` divides by 100 when the option takes a share.
    private static func number(_ text: String, percentMeansShare: Bool) -> Double? {
        let trimmed = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Double(trimmed), value.isFinite else { return nil }
        return text.hasSuffix("%") && percentMeansShare ? value / 100 : value
    }
}
