public import RehearsalCore
import RehearsalEvaluation

/// Puts the reports of a sharded run (`rehearsal run --shard I/N`, one per CI machine) back together into the
/// report one machine would have written: the same scenarios in the same order and the same figures, computed from
/// the entries by the code a run uses (``RunFactsReader``), so everything but `environment` is byte-identical.
public enum ReportMerger {
    /// One shard's report and the file it came from.
    public struct Part: Sendable {
        /// The file, for error messages.
        public var file: String
        /// The parsed `report.json`.
        public var json: JSONValue

        public init(file: String, json: JSONValue) {
            self.file = file
            self.json = json
        }
    }

    /// The merged report document.
    /// - Throws: ``InputError`` naming the file and place when a part is not a shard report of this schema version,
    ///   when the parts disagree on the suite, configuration, prices or shard count, or when a shard is missing or
    ///   given twice.
    public static func merge(_ parts: [Part]) throws(InputError) -> JSONValue {
        guard let first = parts.first else { throw InputError(file: "(none)", message: "no shard reports to merge") }
        var shards: [Int: Part] = [:]
        var count = 0
        var digest = ""
        var suiteScenarios = 0
        for part in parts {
            let version = part.json["schemaVersion"]?.numberValue.map { Int($0) }
            guard version == RunReport.schemaVersion else {
                throw InputError(
                    file: part.file, path: .root.appending("schemaVersion"),
                    message: "expected schema version \(RunReport.schemaVersion) (merge reads reports of this rehearsal's version), found \(part.json["schemaVersion"]?.serialized() ?? "none")")
            }
            guard let shard = part.json["shard"], let index = shard["index"]?.numberValue.map({ Int($0) }),
                let total = shard["count"]?.numberValue.map({ Int($0) }), let suiteDigest = shard["suiteDigest"]?.stringValue,
                let scenarios = shard["suiteScenarios"]?.numberValue.map({ Int($0) })
            else {
                throw InputError(file: part.file, path: .root.appending("shard"), message: "not a shard report: expected {\"index\", \"count\", \"suiteScenarios\", \"suiteDigest\"}, written by `rehearsal run --shard I/N`")
            }
            if part.file == first.file {
                count = total
                digest = suiteDigest
                suiteScenarios = scenarios
            }
            for key in ["tool", "suite", "configuration", "prices"] where part.json[key] != first.json[key] {
                throw InputError(file: part.file, path: .root.appending(key), message: "differs from \(first.file): every shard must run the same suite, configuration and prices with the same rehearsal")
            }
            guard total == count else {
                throw InputError(file: part.file, path: .root.appending("shard").appending("count"), message: "expected \(count) shards like \(first.file), found \(total)")
            }
            guard suiteDigest == digest else {
                throw InputError(file: part.file, path: .root.appending("shard").appending("suiteDigest"), message: "the shards ran different suites (their scenario ids differ from \(first.file)'s); run every shard from the same commit")
            }
            if let other = shards[index] {
                throw InputError(file: part.file, path: .root.appending("shard").appending("index"), message: "shard \(index)/\(count) is also \(other.file)")
            }
            if (part.json["summary"]?["routerSweep"] == nil) != (first.json["summary"]?["routerSweep"] == nil) {
                throw InputError(file: part.file, path: .root.appending("summary"), message: "ran \(part.json["summary"]?["routerSweep"] == nil ? "without" : "with") the router sweep, unlike \(first.file); run every shard with the same options")
            }
            shards[index] = part
        }
        let missing = (1...max(1, count)).filter { shards[$0] == nil }
        guard missing.isEmpty else {
            throw InputError(file: first.file, path: .root.appending("shard"), message: "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")); merge needs the reports of all \(count)")
        }

        // Entries in the order a single run writes them: by scenario id, then trial.
        var entries: [(entry: JSONValue, file: String, index: Int)] = []
        for index in shards.keys.sorted() {
            let part = shards[index]!
            guard let scenarios = part.json["scenarios"]?.arrayValue else {
                throw InputError(file: part.file, path: .root.appending("scenarios"), message: "expected an array of scenario runs")
            }
            entries += scenarios.enumerated().map { ($0.element, part.file, $0.offset) }
        }
        func key(_ entry: JSONValue) -> (String, Int) { (entry["id"]?.stringValue ?? "", Int(entry["trial"]?.numberValue ?? 0)) }
        entries.sort { key($0.entry) < key($1.entry) }
        for (a, b) in zip(entries, entries.dropFirst()) where key(a.entry) == key(b.entry) {
            throw InputError(file: b.file, path: .root.appending("scenarios").appending(b.index), message: "\(key(b.entry).0) trial \(key(b.entry).1) is also in \(a.file); a scenario belongs to one shard")
        }
        let ids = Set(entries.map { key($0.entry).0 })
        guard ids.count == suiteScenarios else {
            throw InputError(file: first.file, path: .root.appending("shard").appending("suiteScenarios"), message: "the suite has \(suiteScenarios) scenarios, the shards hold \(ids.count)")
        }

        var facts: [RunFacts] = []
        var inputs: [RouterSweep.Input] = []
        var exclusions: [RouterSweep.Exclusion] = []
        for item in entries {
            let path = JSONPath.root.appending("scenarios").appending(item.index)
            do {
                facts.append(try RunFactsReader.facts(from: item.entry, at: path))
                switch try RunFactsReader.sweep(from: item.entry, at: path) {
                case .input(let input): inputs.append(input)
                case .excluded(let exclusion): exclusions.append(exclusion)
                case nil: break
                }
            } catch {
                throw InputError(file: item.file, path: error.path, message: error.message)
            }
        }
        var sweep: RouterSweep?
        var classifier: String?
        if let sweepJSON = first.json["summary"]?["routerSweep"] {
            let tolerance = sweepJSON["qualityTolerance"]?.numberValue ?? first.json["configuration"]?["evaluation"]?["qualityTolerance"]?.numberValue ?? 0.02
            sweep = RouterSweep.compute(inputs, tolerance: tolerance)
            sweep?.exclusions = exclusions
            classifier = sweepJSON["classifierConfiguration"]?.stringValue
        }
        var environment: [JSONValue] = []
        for index in shards.keys.sorted() {
            environment.append(["shard": .string("\(index)/\(count)"), "report": .string(shards[index]!.file), "environment": shards[index]!.json["environment"] ?? .null])
        }
        var members = first.json.objectValue ?? [:]
        members["shard"] = nil
        members["scenarios"] = .array(entries.map(\.entry))
        members["summary"] = JSONReportWriter.summary(SuiteSummary.summarize(facts), reliability: Reliability.of(facts), sweep: sweep, classifier: classifier)
        // The run started when its first shard did: the rendered files show that time.
        let starts = shards.values.compactMap { $0.json["environment"]?["startedAt"]?.stringValue }.sorted()
        var merged: [String: JSONValue] = ["mergedFrom": .array(environment)]
        merged["startedAt"] = starts.first.map(JSONValue.string)
        members["environment"] = .object(merged)
        return .object(members)
    }
}
