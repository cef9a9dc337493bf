import Foundation
import RehearsalCore

/// Writes `junit.xml`: the run as JUnit test results, so a CI server (Jenkins, GitLab, GitHub Actions' test
/// reporters) lists every scenario run as a test, keeps its history and shows why it failed.
///
/// The layout follows the Jenkins/Ant JUnit schema those readers share:
/// - `<testsuites>`: the whole run, named `suite · configuration`, with the counts and time of its suites.
/// - One `<testsuite>` per scenario family, sorted by name: the run's facts (suite, configuration, digest, router,
///   version) as `<properties>`, and `timestamp` from `environment.startedAt` when the report has it.
/// - One `<testcase>` per scenario run, in report order: `name` is the run's label (`id`, then `id#1`, `id#2` for
///   later trials), `classname` is `rehearsal.<family>` (Jenkins shows package `rehearsal`, class `<family>`),
///   `time` the run's virtual end-to-end latency in seconds, `file` the scenario file.
/// - A failing run has a `<failure type="expectation">` whose `message` is the first failure reason and whose body
///   lists every reason, one per line. A run that stopped with an error (a replay miss, missing fixtures, a missing
///   price) has an `<error type="error">` instead and counts under `errors`: the harness stopped it before the
///   agent could finish, which is not the agent failing an expectation. Scenarios cannot expect an error stop, so
///   such a run never passes.
/// - Each test case has `<properties>` (title, model, cost, tokens, tool calls, trace id, stop code) and a short
///   `<system-out>`: the routing, the stop reason, the tool calls with their outcomes and the final answer, clipped.
///
/// Times are **virtual** (sums of recorded latencies, see docs/report-format.md), so a suite's `time` is the sum of
/// its runs' latencies, never the wall clock.
///
/// Three parts go beyond the strict `junit-10.xsd`: `<properties>` and `file` on a test case, and `skipped` on
/// `<testsuites>`. Jenkins' JUnit plugin (the `junit` step) reads the document and shows the properties, and GitLab
/// and the GitHub reporters ignore what they do not use; Jenkins' xUnit plugin validates against that schema and
/// skips a file that fails it. Everything from the run is escaped, so hostile text in a scenario, a tool result or
/// a model answer reads back as written and cannot break the document.
public enum JUnitReportWriter {
    /// Tool calls listed in a test case's `<system-out>`; the rest are counted.
    static let callsShown = 20
    /// Characters of a call's arguments and observation shown in `<system-out>`.
    static let callTextLimit = 120
    /// Characters of the final answer shown in `<system-out>`.
    static let answerLimit = 1_000

    /// The JUnit XML document for `report`, ending with a newline.
    public static func render(_ report: ReportDocument) -> String {
        let families = Dictionary(grouping: report.scenarios, by: \.family).sorted { $0.key < $1.key }
        let showsTrials = report.scenarios.contains { $0.trial > 0 }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml.reserveCapacity(4_096 + report.scenarios.count * 3_000)
        xml +=
            "<testsuites" + attribute("name", "\(report.suiteName) · \(report.configuration.name)")
            + counts(report.scenarios) + ">\n"
        for (family, runs) in families {
            xml += "  <testsuite" + attribute("name", family) + counts(runs)
            if let startedAt = report.startedAt { xml += attribute("timestamp", startedAt) }
            xml += ">\n"
            xml += "    <properties>\n"
            for (name, value) in suiteProperties(report) { xml += property(name, value, indent: "      ") }
            xml += "    </properties>\n"
            for run in runs { testcase(run, showsTrials: showsTrials, into: &xml) }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    /// Whether `run` is reported as an `<error>` rather than a `<failure>`: it stopped with an error.
    static func isError(_ run: ReportDocument.ScenarioRow) -> Bool { !run.passed && run.stopReason == "error" }

    private static func testcase(_ run: ReportDocument.ScenarioRow, showsTrials: Bool, into xml: inout String) {
        xml +=
            "    <testcase" + attribute("name", run.label) + attribute("classname", "rehearsal." + run.family)
            + attribute("time", seconds(run.latencyMs))
        if let file = run.json["file"]?.stringValue { xml += attribute("file", file) }
        xml += ">\n"
        xml += "      <properties>\n"
        var properties: [(String, String)] = []
        if !run.title.isEmpty { properties.append(("title", run.title)) }
        if showsTrials { properties.append(("trial", String(run.trial))) }
        properties += [
            ("model", run.model ?? "none (routing failed)"),
            ("costUsd", JSONValue.format(number: run.costUSD)),
            ("inputTokens", String(run.inputTokens)),
            ("outputTokens", String(run.outputTokens)),
            ("toolCalls", String(run.toolCalls)),
            ("traceId", run.traceID),
        ]
        if let stop = run.stopReason { properties.append(("stopReason", stop)) }
        for (name, value) in properties { xml += property(name, value, indent: "        ") }
        xml += "      </properties>\n"
        if !run.passed {
            let element = isError(run) ? "error" : "failure"
            let reasons = run.failures.isEmpty ? ["the run failed without a recorded reason"] : run.failures
            xml +=
                "      <\(element)" + attribute("message", reasons[0])
                + attribute("type", isError(run) ? "error" : "expectation")
                + ">" + XML.content(reasons.joined(separator: "\n")) + "</\(element)>\n"
        }
        xml += "      <system-out>" + XML.content(trace(run)) + "</system-out>\n"
        xml += "    </testcase>\n"
    }

    /// A few lines a person reads in the CI's test view to see what the run did, without opening report.html.
    static func trace(_ run: ReportDocument.ScenarioRow) -> String {
        let json = run.json
        var lines: [String] = []
        if !run.title.isEmpty { lines.append(run.title) }
        var routing = "model " + (run.model ?? "none (routing failed)")
        if let tier = run.routingTier {
            routing += " (\(tier)" + (run.routingReason.map { ": " + $0 } ?? "") + ")"
        }
        lines.append(routing)
        if let code = run.stopReason {
            let explanation = json["stopReason"]?["explanation"]?.stringValue
            lines.append(
                "stop: \(code)"
                    + (explanation.map { " (" + ReportFormat.oneLine($0, limit: callTextLimit * 2) + ")" } ?? ""))
        }
        let calls = json["toolCalls"]?.arrayValue ?? []
        let agent = json["agent"]?.stringValue
        lines.append("tool calls: \(calls.count)")
        for (index, call) in calls.prefix(callsShown).enumerated() {
            lines.append("  \(index + 1). " + describe(call, scenarioAgent: agent))
        }
        if calls.count > callsShown { lines.append("  … \(calls.count - callsShown) more in report.json") }
        if let answer = json["finalAnswer"]?.stringValue {
            lines.append("answer: " + (answer.count > answerLimit ? String(answer.prefix(answerLimit)) + "…" : answer))
        } else {
            lines.append("answer: none")
        }
        lines.append("trace: " + run.traceID)
        return lines.joined(separator: "\n")
    }

    /// One call on one line: `[agent] name arguments → outcome (approval): observation`, each part clipped.
    private static func describe(_ call: JSONValue, scenarioAgent: String?) -> String {
        var line = ""
        if let agent = call["agent"]?.stringValue, !agent.isEmpty, agent != scenarioAgent { line += "[\(agent)] " }
        line += call["name"]?.stringValue ?? "?"
        if let arguments = call["arguments"] {
            // Unparseable arguments are kept in the report as the string the model wrote.
            line += " " + ReportFormat.oneLine(arguments.stringValue ?? arguments.serialized(), limit: callTextLimit)
        }
        line += " → " + (call["outcome"]?.stringValue ?? "?")
        if let decision = call["approval"]?["decision"]?.stringValue { line += " (approval: \(decision))" }
        if let observation = call["observation"]?.stringValue, !observation.isEmpty {
            line += ": " + ReportFormat.oneLine(observation, limit: callTextLimit)
        }
        return line
    }

    private static func suiteProperties(_ report: ReportDocument) -> [(String, String)] {
        var properties = [("suite", report.suiteName), ("configuration", report.configuration.name)]
        if let kind = report.configuration.routerKind { properties.append(("router", kind)) }
        if let digest = report.configuration.digest { properties.append(("configurationDigest", digest)) }
        if let file = report.configuration.file { properties.append(("configurationFile", file)) }
        if let version = report.toolVersion { properties.append(("rehearsalVersion", version)) }
        if let prices = report.prices { properties.append(("pricesDate", prices.date)) }
        return properties
    }

    /// `tests`, `failures`, `errors`, `skipped` and `time` of `runs`, as attributes.
    private static func counts(_ runs: [ReportDocument.ScenarioRow]) -> String {
        let errors = runs.filter(isError).count
        let failures = runs.filter { !$0.passed }.count - errors
        return attribute("tests", String(runs.count)) + attribute("failures", String(failures))
            + attribute("errors", String(errors))
            + attribute("skipped", "0") + attribute("time", seconds(runs.reduce(0) { $0 + $1.latencyMs }))
    }

    /// Virtual milliseconds as seconds with three decimals, the precision JUnit readers show.
    static func seconds(_ ms: Double) -> String { String(format: "%.3f", ms / 1000) }

    private static func attribute(_ name: String, _ value: String) -> String { " \(name)=\"\(XML.attribute(value))\"" }

    private static func property(_ name: String, _ value: String, indent: String) -> String {
        indent + "<property" + attribute("name", name) + attribute("value", value) + "/>\n"
    }
}
