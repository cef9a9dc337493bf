import Foundation
import RehearsalCore
import RehearsalReports
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

struct JUnitReportWriterTests {
    @Test func matchesTheGoldenForTheSmallReport() throws {
        try Golden.assert(JUnitReportWriter.render(try Golden.smallReport()), matches: "small-report.junit.xml")
    }

    @Test func hasOneSuitePerFamilyWithCountsThatAddUpToTheReports() throws {
        let report = try Golden.smallReport()
        let root = try XMLNode.parse(JUnitReportWriter.render(report))
        #expect(root.name == "testsuites")
        let suites = root.children
        #expect(suites.allSatisfy { $0.name == "testsuite" })
        #expect(suites.map { $0["name"] } == Set(report.scenarios.map(\.family)).sorted())
        for suite in suites {
            let runs = report.scenarios.filter { $0.family == suite["name"] }
            #expect(suite["tests"] == String(runs.count))
            #expect(suite["failures"] == String(runs.filter { !$0.passed }.count))
            #expect(suite["errors"] == "0")
            #expect(suite["skipped"] == "0")
            #expect(suite["timestamp"] == report.startedAt)
            #expect(suite.children.map(\.name) == ["properties"] + Array(repeating: "testcase", count: runs.count))
        }
        #expect(root["tests"] == String(report.summary.scenarios))
        #expect(root["failures"] == String(report.summary.failed))
        #expect(suites.compactMap { Int($0["tests"] ?? "") }.reduce(0, +) == report.summary.scenarios)
        let total = report.scenarios.reduce(0) { $0 + $1.latencyMs } / 1000
        #expect(abs((Double(root["time"] ?? "") ?? -1) - total) < 0.0005)
    }

    @Test func givesEveryTestcaseItsLabelClassnameAndVirtualTime() throws {
        let report = try Golden.smallReport()
        let root = try XMLNode.parse(JUnitReportWriter.render(report))
        let cases = root.children.flatMap { $0.children.filter { $0.name == "testcase" } }
        #expect(cases.count == report.scenarios.count)
        for run in report.scenarios {
            let testcase = try #require(cases.first { $0["name"] == run.label })
            #expect(testcase["classname"] == "rehearsal." + run.family)
            let time = try #require(testcase["time"].flatMap(Double.init))
            #expect(abs(time - run.latencyMs / 1000) < 0.0005)
            let properties = testcase.child("properties")?.children ?? []
            let byName = Dictionary(properties.map { ($0["name"] ?? "", $0["value"] ?? "") }, uniquingKeysWith: { $1 })
            #expect(byName["traceId"] == run.traceID)
            #expect(byName["costUsd"].flatMap(Double.init) == run.costUSD)
            #expect(byName["inputTokens"] == String(run.inputTokens))
            #expect(byName["toolCalls"] == String(run.toolCalls))
        }
    }

    @Test func marksExactlyTheFailingRunsWithTheirFirstReasonAsMessage() throws {
        let report = try Golden.smallReport()
        let root = try XMLNode.parse(JUnitReportWriter.render(report))
        let cases = root.children.flatMap { $0.children.filter { $0.name == "testcase" } }
        let failing = cases.filter { $0.child("failure") != nil }
        #expect(failing.map { $0["name"] } == report.scenarios.filter { !$0.passed }.map(\.label))
        for testcase in failing {
            let run = try #require(report.scenarios.first { $0.label == testcase["name"] })
            let failure = try #require(testcase.child("failure"))
            #expect(failure["message"] == run.failures.first)
            #expect(failure.text == run.failures.joined(separator: "\n"))
        }
    }

    @Test func readsHostileTextBackAsWritten() throws {
        let report = try Golden.smallReport()
        let root = try XMLNode.parse(JUnitReportWriter.render(report))
        #expect(root["name"] == "\(report.suiteName) · \(report.configuration.name)")
        #expect(
            root.children.first?.child("properties")?.children.first { $0["name"] == "suite" }?["value"]
                == report.suiteName)
        let cases = root.children.flatMap { $0.children.filter { $0.name == "testcase" } }

        let hostile = try #require(report.scenarios.first { $0.id == "returns.order-status" })
        let testcase = try #require(cases.first { $0["name"] == hostile.id })
        #expect(testcase.child("properties")?.children.first { $0["name"] == "title" }?["value"] == hostile.title)
        let output = try #require(testcase.child("system-out")?.text)
        let answer = try #require(hostile.json["finalAnswer"]?.stringValue)
        #expect(answer.contains("\u{2028}") && output.contains(answer))
        let observation = try #require(hostile.json["toolCalls"]?.arrayValue?.first?["observation"]?.stringValue)
        #expect(observation.contains("\u{1}"))
        #expect(output.contains(observation.replacingOccurrences(of: "\u{1}", with: "")))

        let failed = try #require(report.scenarios.first { !$0.passed })
        let failure = try #require(cases.first { $0["name"] == failed.label }?.child("failure"))
        #expect(failed.failures[0].contains("]]>") && failure["message"] == failed.failures[0])
    }

    @Test func leavesOutOnlyTheCharactersXMLForbids() throws {
        let reason =
            "nul\u{0} bell\u{7} vt\u{B} ff\u{C} us\u{1F} nonchars\u{FFFE}\u{FFFF} kept: tab\tcr\rlf\n\u{85}\u{2028}é😀 end"
        let json = try Golden.smallReportJSON().replacingScenario(1) { $0.with("failures", [.string(reason)]) }
        let root = try XMLNode.parse(JUnitReportWriter.render(try ReportDocument(json: json)))
        let cases = root.children.flatMap { $0.children.filter { $0.name == "testcase" } }
        let failure = try #require(cases.compactMap { $0.child("failure") }.first)
        let allowed = "nul bell vt ff us nonchars kept: tab\tcr\rlf\n\u{85}\u{2028}é😀 end"
        #expect(failure["message"] == allowed)
        #expect(failure.text == allowed)
    }

    @Test func reportsARunStoppedByAnErrorAsAnErrorNotAFailure() throws {
        let reason = "the run stopped with an error: no recording matches request 3 of returns.order-status"
        let json = try Golden.smallReportJSON().replacingScenario(3) { scenario in
            scenario.with("passed", false).with("failures", [.string(reason)])
                .with("stopReason", ["code": "error", "explanation": "no recording matches request 3"])
        }
        let report = try ReportDocument(json: json)
        let root = try XMLNode.parse(JUnitReportWriter.render(report))
        let returns = try #require(root.children.first { $0["name"] == "returns" })
        #expect(returns["errors"] == "1")
        #expect(returns["failures"] == "0")
        #expect(root["errors"] == "1")
        #expect(root["failures"] == "1")
        let testcase = try #require(returns.children.first { $0["name"] == "returns.order-status" })
        #expect(testcase.child("failure") == nil)
        #expect(testcase.child("error")?["message"] == reason)
        #expect(testcase.child("error")?["type"] == "error")
    }

    @Test func namesLaterTrialsWithTheirTrialNumber() throws {
        let json = try Golden.smallReportJSON()
        let scenarios = try #require(json["scenarios"]?.arrayValue)
        let trials = (0..<3).map { scenarios[3].with("trial", .number(Double($0))) }
        let report = try ReportDocument(json: json.with("scenarios", .array(trials)))
        let root = try XMLNode.parse(JUnitReportWriter.render(report))
        let cases = root.children.flatMap { $0.children.filter { $0.name == "testcase" } }
        #expect(
            cases.map { $0["name"] } == ["returns.order-status", "returns.order-status#1", "returns.order-status#2"])
        #expect(
            cases.map { $0.child("properties")?.children.first { $0["name"] == "trial" }?["value"] } == ["0", "1", "2"])
    }

    @Test func writesAnEmptyRootForAReportWithoutScenarios() throws {
        let report = try ReportDocument(json: try Golden.smallReportJSON().with("scenarios", []))
        let root = try XMLNode.parse(JUnitReportWriter.render(report))
        #expect(root.name == "testsuites")
        #expect(root["tests"] == "0")
        #expect(root.children.isEmpty)
    }
}

/// Just enough of a DOM to check junit.xml's structure: elements, attributes and text, built by Foundation's
/// `XMLParser` (libxml2 on Linux), a real parser that rejects what CI readers reject.
private final class XMLNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    subscript(attribute: String) -> String? { attributes[attribute] }

    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> XMLNode {
        let parser = XMLParser(data: Data(text.utf8))
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw ParseError(
                description:
                    "not well-formed at line \(parser.lineNumber), column \(parser.columnNumber): \(String(describing: parser.parserError))"
            )
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLNode?
        private var stack: [XMLNode] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let node = XMLNode(name: elementName, attributes: attributes)
            stack.last?.children.append(node)
            if root == nil { root = node }
            stack.append(node)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            stack.last?.text += String(decoding: block, as: UTF8.self)
        }
    }
}
