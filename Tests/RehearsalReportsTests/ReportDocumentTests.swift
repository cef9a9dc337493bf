import Foundation
import RehearsalCore
import RehearsalReports
import Testing

struct ReportDocumentTests {
    @Test func readsTheHeadlineFiguresAndEveryScenario() throws {
        let report = try Golden.smallReport()
        #expect(report.schemaVersion == 2)
        #expect(report.summary.scenarios == 7)
        #expect(report.summary.passed == 6)
        #expect(report.scenarios.count == 7)
        #expect(report.scenarios.filter { !$0.passed }.map(\.id) == ["procurement.po-rejected"])
        #expect(report.summary.routerSweep?.points.contains { $0.name == "always-cheap" } == true)
        #expect(report.summary.security?.deniedCalls == 1)
    }

    @Test func countsTheRunsEachLimitStopped() throws {
        let text = try String(contentsOfFile: Golden.folder + "/Resources/small-report.json", encoding: .utf8)
            .replacingOccurrences(of: #""limitsHit": {},"#, with: #""limitsHit": {"maxSteps": ["procurement.quote-timeout-fallback", "shipping.tracking-retry#2"]},"#)
        let report = try ReportDocument.parse(text, file: "small-report.json")
        #expect(report.summary.security?.limitsHit == ["maxSteps": 2])
    }

    @Test func namesTheFileLineAndPathOfAMissingKey() {
        let text = "{\n  \"schemaVersion\": 2,\n  \"suite\": {\"name\": 3}\n}\n"
        #expect {
            try ReportDocument.parse(text, file: "r.json")
        } throws: { error in
            (error as? InputError)?.description == "r.json:3:21: $.suite.name: expected a string, found number 3"
        }
    }

    @Test func refusesAReportFromANewerSchema() {
        #expect {
            try ReportDocument.parse(#"{"schemaVersion": 99}"#, file: "r.json")
        } throws: { error in
            (error as? InputError)?.message.contains("found 99; use a newer rehearsal") == true
        }
    }
}
