public import RehearsalCore
import RehearsalScenarios

/// What τ-bench's domains say about their tools, and how a trajectories file says its domain and model.
extension TauBenchFormat {
    /// τ-bench's domains.
    public static let domains = ["airline", "retail"]

    /// Whether each tool of τ-bench's domains changes the domain's database: the writes are the tools whose
    /// `invoke` changes `data` (τ-bench scores a run by the database they leave). `calculate` and `think` compute or
    /// note and change nothing; `transfer_to_human_agents` changes nothing either: it ends the conversation.
    public static let sideEffects: [String: SideEffect] = [
        // airline
        "book_reservation": .write, "cancel_reservation": .write, "update_reservation_baggages": .write,
        "update_reservation_flights": .write, "update_reservation_passengers": .write, "send_certificate": .write,
        "get_reservation_details": .read, "get_user_details": .read, "list_all_airports": .read,
        "search_direct_flight": .read, "search_onestop_flight": .read,
        // retail
        "cancel_pending_order": .write, "exchange_delivered_order_items": .write,
        "modify_pending_order_address": .write,
        "modify_pending_order_items": .write, "modify_pending_order_payment": .write, "modify_user_address": .write,
        "return_delivered_order_items": .write,
        "find_user_id_by_email": .read, "find_user_id_by_name_zip": .read, "get_order_details": .read,
        "get_product_details": .read, "list_all_product_types": .read,
        // both
        "calculate": .read, "think": .read, "transfer_to_human_agents": .read,
    ]

    /// The tools after which τ-bench ends the run (its environments' `terminate_tools`): the agent reads no result.
    public static let terminateTools: Set<String> = ["transfer_to_human_agents"]

    /// The tools in a `tools.json`: `[{"type": "function", "function": {"name", "description", "parameters"}}]`,
    /// each marked read or write by ``sideEffects`` (unmarked when τ-bench's domains do not have it).
    /// - Throws: ``InputError`` at the entry that is not a tool definition.
    public static func tools(in text: String, file: String) throws(InputError) -> [ImportedTrace.Tool] {
        let json = try JSONFile.parse(text, file: file)
        do throws(JSONDecodingError) {
            guard case .array(let entries) = json else {
                throw .typeMismatch(
                    at: .root, expected: "an array of tool definitions {\"type\": \"function\", \"function\": {…}}",
                    found: json)
            }
            var tools: [ImportedTrace.Tool] = []
            for (index, entry) in entries.enumerated() {
                let path = JSONPath.root.appending(index)
                let function = entry["function"] ?? entry
                guard case .object(let members) = function else {
                    throw .typeMismatch(
                        at: path.appending("function"),
                        expected: "an object {\"name\", \"description\", \"parameters\"}", found: function)
                }
                guard case .string(let name)? = members["name"] else {
                    throw .typeMismatch(
                        at: path.appending("function").appending("name"), expected: "a string",
                        found: members["name"] ?? .null)
                }
                tools.append(
                    ImportedTrace.Tool(
                        name: name, description: members["description"]?.stringValue ?? "",
                        parameters: members["parameters"] ?? ["type": "object"],
                        sideEffect: sideEffects[name]))
            }
            return tools
        } catch {
            throw JSONFile.located(error, in: text, file: file)
        }
    }

    /// The tasks in a `tasks.json`: `[{"task_index", "user_id", "instruction", "actions", "outputs"}]`.
    /// - Throws: ``InputError`` at the task that does not read.
    public static func tasks(in text: String, file: String) throws(InputError) -> [Task] {
        let json = try JSONFile.parse(text, file: file)
        do throws(JSONDecodingError) {
            guard case .array(let entries) = json else {
                throw .typeMismatch(at: .root, expected: "an array of tasks", found: json)
            }
            var tasks: [Task] = []
            for (index, entry) in entries.enumerated() {
                var task = try Task(json: entry, at: JSONPath.root.appending(index))
                // A tasks file in τ-bench's own order needs no index: a task is its position.
                task.index = task.index ?? index
                tasks.append(task)
            }
            return tasks
        } catch {
            throw JSONFile.located(error, in: text, file: file)
        }
    }

    /// The domain a file's runs are in: the first of ``domains`` the policy's heading names (`# Airline Agent
    /// Policy`), else the file's name or its folder's names (`airline/gpt-4o.json`, `gpt-4o-airline.json`), else the
    /// folder's name.
    static func domain(policy: String, file: String) -> String {
        let heading = policy.split(separator: "\n", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        if let named = domains.first(where: heading.contains) { return named }
        let folder = Path.parent(of: file)
        let names = [Path.name(of: file), Path.name(of: folder)].map { $0.lowercased() }
        for name in names {
            if let named = domains.first(where: name.contains) { return named }
        }
        let folderName = Path.name(of: folder)
        return folderName.isEmpty || folderName == "." || folderName == "/" ? "unknown" : folderName
    }

    /// The model a file's name says: τ-bench names trajectories `<model>-<domain>.json` (`gpt-4o-airline.json`); a
    /// `-trajectories` suffix is accepted too (`gpt-4o-trajectories.json`). Nil when the name has neither.
    static func model(fromFileName file: String, domain: String) -> String? {
        var stem = Path.name(of: file)
        if stem.lowercased().hasSuffix(".json") { stem.removeLast(".json".count) }
        let suffixes = ["-trajectories", "_trajectories", "-trajectory", "_trajectory", "-\(domain)", "_\(domain)"]
        var stripped = false
        while let suffix = suffixes.first(where: { stem.lowercased().hasSuffix($0) && stem.count > $0.count }) {
            stem.removeLast(suffix.count)
            stripped = true
        }
        return stripped ? stem : nil
    }
}
