import RehearsalCore
import RehearsalReports
import Testing

struct BaselineTests {
    static let runs = [
        GateRun("a.one", cost: 0.25, latency: 1200),
        GateRun("a.one", trial: 1, passed: false, cost: 0.5, latency: 900, failure: "wrong date"),
        GateRun("b.two", cost: 0.125, latency: 4000),
    ]

    @Test func keepsWhatTheGateNeedsOfEachRunAndTheSuite() throws {
        let report = try GateDocuments.report(BaselineTests.runs)
        let baseline = Baseline(report)
        #expect(baseline.suiteName == report.suiteName)
        #expect(
            baseline.configurationName == report.configuration.name
                && baseline.configurationDigest == report.configuration.digest)
        #expect(baseline.prices == Baseline.Prices(source: "test prices", date: "2026-06-21"))
        #expect(baseline.summary.scenarios == 3 && baseline.summary.passed == 2 && baseline.summary.failed == 1)
        #expect(baseline.summary.costUSD == report.summary.costUSD && baseline.summary.p95Ms == report.summary.p95Ms)
        #expect(baseline.runs.map(\.label) == ["a.one", "a.one#1", "b.two"])
        #expect(baseline.runs.map(\.costUSD) == BaselineTests.runs.map(\.costUSD))
        #expect(baseline.runs.map(\.latencyMs) == BaselineTests.runs.map(\.latencyMs))
        #expect(baseline.runs.map(\.firstFailure) == [nil, "wrong date", nil])
    }

    @Test func writesSortedDeterministicJSONThatReadsBack() throws {
        let baseline = Baseline(try GateDocuments.report(BaselineTests.runs))
        let text = baseline.serialized()
        #expect(text == Baseline(try GateDocuments.report(BaselineTests.runs)).serialized())
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"kind\": \"rehearsal-baseline\""))
        #expect(!text.contains("createdAt"), "no wall clock: the same report gives the same bytes")
        let parsed = try JSONParser.parse(text)
        #expect(parsed.serialized(.pretty) + "\n" == text, "keys sorted, as the serializer sorts them")
        #expect(try Baseline.parse(text, file: "baseline.json") == baseline)
    }

    /// A valid baseline's text with `edit` applied to its JSON.
    static func text(_ edit: (inout [String: JSONValue]) -> Void) throws -> String {
        var object = try #require(Baseline(try GateDocuments.report(runs)).json.objectValue)
        edit(&object)
        return JSONValue.object(object).serialized(.pretty) + "\n"
    }

    @Test func refusesAFileThatIsNotJSONWithItsLineAndColumn() {
        #expect {
            try Baseline.parse("{\n  \"kind\": \"rehearsal-baseline\",\n  oops\n}\n", file: "baseline.json")
        } throws: { error in
            let description = "\(error)"
            return description.hasPrefix("baseline.json:3:") && description.contains("invalid JSON")
        }
    }

    @Test(arguments: [
        (
            "kind", JSONValue.string("something-else"),
            "$.kind: expected \"rehearsal-baseline\", found \"something-else\""
        ),
        (
            "schemaVersion", JSONValue.number(2),
            "$.schemaVersion: this build reads baseline schema version 1, found 2; use a newer rehearsal"
        ),
        ("schemaVersion", JSONValue.string("1"), "$.schemaVersion: expected an integer, found string"),
        ("suite", JSONValue.array([]), "$.suite: expected an object, found array"),
        ("scenarios", JSONValue.null, "missing required key \"scenarios\""),
    ])
    func namesThePathAndWhatWasExpected(key: String, value: JSONValue, message: String) throws {
        let text = try BaselineTests.text { $0[key] = value }
        #expect {
            try Baseline.parse(text, file: "base.json")
        } throws: { error in
            let description = "\(error)"
            return description.hasPrefix("base.json:") && description.contains(message)
        }
    }

    @Test func namesAMistypedFieldOfARun() throws {
        let text = try BaselineTests.text { object in
            var runs = object["scenarios"]!.arrayValue!
            var run = runs[1].objectValue!
            run["passed"] = "yes"
            runs[1] = .object(run)
            object["scenarios"] = .array(runs)
        }
        #expect {
            try Baseline.parse(text, file: "base.json")
        } throws: { error in
            "\(error)".contains("$.scenarios[1].passed: expected true or false, found string")
        }
    }

    @Test func refusesARunListedTwice() throws {
        let text = try BaselineTests.text { object in
            let runs = object["scenarios"]!.arrayValue!
            object["scenarios"] = .array(runs + [runs[0]])
        }
        #expect {
            try Baseline.parse(text, file: "base.json")
        } throws: { error in
            "\(error)".contains("$.scenarios[3]: run a.one is listed twice")
        }
    }

    @Test func saysWhenGivenAReportInsteadOfABaseline() throws {
        let report = try GateDocuments.report(BaselineTests.runs)
        #expect {
            try Baseline.parse(report.json.serialized(.pretty), file: "reports/latest/report.json")
        } throws: { error in
            "\(error)".contains(
                "this is a report.json, not a baseline; make one from it with `rehearsal report DIR --save-baseline FILE`"
            )
        }
    }
}
