import Foundation

extension JSONSchema {
    /// Turns a schema document into a node table, checking every keyword it understands as it goes.
    ///
    /// Each location in the document becomes at most one node, found by its path: a `$ref` to a location that is
    /// being compiled (an ancestor, for a recursive schema) gets the index reserved for it, so compiling ends.
    /// Keywords are read in a fixed order and object members in sorted order, so when a schema has several
    /// problems the one reported does not depend on dictionary order.
    struct Compiler {
        private let document: JSONValue
        /// The root's `$id` without its fragment: a `$ref` to `<that id>#/…` is still a reference into this document.
        private let documentID: Substring?
        private var nodes: [Node] = []
        /// Where each node is in the document, for errors about it.
        private var paths: [JSONPath] = []
        private var indexByPath: [JSONPath: Int] = [:]
        /// Each node's `$ref` as written and where, for cycle errors.
        private var references: [Int: (path: JSONPath, reference: String)] = [:]

        init(document: JSONValue) {
            self.document = document
            documentID = document["$id"]?.stringValue.map {
                $0.split(separator: "#", omittingEmptySubsequences: false)[0]
            }
        }

        /// The node table for the whole document, the root at index 0.
        mutating func compileDocument() throws(JSONSchemaError) -> [Node] {
            _ = try compile(document, at: .root)
            try rejectReferenceCycles()
            return nodes
        }

        // MARK: - Nodes

        /// The index of the node for the schema `value` found at `path`, compiling it the first time.
        private mutating func compile(_ value: JSONValue, at path: JSONPath) throws(JSONSchemaError) -> Int {
            if let index = indexByPath[path] { return index }
            let index = nodes.count
            // Reserve the slot before compiling subschemas so that references back to this node find it.
            nodes.append(Node())
            paths.append(path)
            indexByPath[path] = index
            switch value {
            case .bool(let flag):
                nodes[index] = .boolean(flag)
            case .object(let members):
                nodes[index] = try node(from: members, at: path, index: index)
            default:
                throw JSONSchemaError(
                    path: path, message: "expected a schema (an object or a boolean), found \(value.briefDescription)")
            }
            return index
        }

        private mutating func node(
            from members: [String: JSONValue], at path: JSONPath, index: Int
        ) throws(JSONSchemaError) -> Node {
            var node = Node()
            var applicators = Applicators()
            if let value = members["$ref"] {
                guard case .string(let reference) = value else {
                    throw JSONSchemaError.expected("a reference string", found: value, at: path.appending("$ref"))
                }
                references[index] = (path.appending("$ref"), reference)
                applicators.ref = try resolve(reference, at: path.appending("$ref"))
            }
            node.nullable = try boolean(members, "nullable", at: path) ?? false
            node.types = try typeRule(members, at: path, nullable: node.nullable)
            if let value = members["enum"] {
                guard case .array(let values) = value else {
                    throw JSONSchemaError.expected(
                        "an array of allowed values", found: value, at: path.appending("enum"))
                }
                node.enumeration = Enumeration(values)
            }
            node.constant = members["const"]
            node.numeric = try numericRules(members, at: path)
            node.string = try stringRules(members, at: path)
            node.array = try arrayRules(members, at: path)
            node.object = try objectRules(members, at: path)

            applicators.allOf = try subschemaList(members, "allOf", at: path) ?? []
            applicators.anyOf = try subschemaList(members, "anyOf", at: path) ?? []
            applicators.oneOf = try subschemaList(members, "oneOf", at: path) ?? []
            if let not = try subschema(members, "not", at: path) {
                applicators.not = Negation(node: not, summary: JSONSchema.summary(of: members["not"]!))
            }
            // `then` and `else` are compiled even without `if` so that mistakes in them are still reported.
            let condition = try subschema(members, "if", at: path)
            let then = try subschema(members, "then", at: path)
            let otherwise = try subschema(members, "else", at: path)
            if let condition {
                applicators.conditional = Conditional(condition: condition, then: then, otherwise: otherwise)
            }
            if applicators.ref != nil || !applicators.inPlaceNodes.isEmpty { node.applicators = applicators }

            // Definitions are compiled even when nothing refers to them, so a broken one fails at load time.
            for keyword in ["$defs", "definitions"] { _ = try subschemaMap(members, keyword, at: path) }

            node.isTrivial =
                node.types == nil && node.enumeration == nil && node.constant == nil
                && node.numeric == nil && node.string == nil && node.array == nil && node.object == nil
                && node.applicators == nil
            return node
        }

        // MARK: - Keywords by instance type

        private func typeRule(
            _ members: [String: JSONValue], at path: JSONPath, nullable: Bool
        ) throws(JSONSchemaError) -> TypeRule? {
            guard let value = members["type"] else { return nil }
            let typePath = path.appending("type")
            var entries: [(name: String, path: JSONPath)] = []
            switch value {
            case .string(let name):
                entries = [(name, typePath)]
            case .array(let elements) where !elements.isEmpty:
                for (position, element) in elements.enumerated() {
                    guard case .string(let name) = element else {
                        throw JSONSchemaError.expected("a type name", found: element, at: typePath.appending(position))
                    }
                    entries.append((name, typePath.appending(position)))
                }
            default:
                throw JSONSchemaError.expected(
                    "a type name or a non-empty array of type names", found: value, at: typePath)
            }
            var rule = TypeRule(allowed: [], names: [])
            for entry in entries {
                guard let known = TypeSet.byName.first(where: { $0.name == entry.name }) else {
                    let names = TypeSet.byName.map(\.name).joined(separator: ", ")
                    throw JSONSchemaError(
                        path: entry.path,
                        message: "unknown type \(JSONSchema.quoted(entry.name)); expected one of \(names)")
                }
                if !rule.names.contains(entry.name) { rule.names.append(entry.name) }
                rule.allowed.insert(known.type)
            }
            // The check itself lets null through before `type` is consulted; this only makes messages say so.
            if nullable && !rule.allowed.contains(.null) { rule.names.append("null") }
            return rule
        }

        private func numericRules(_ members: [String: JSONValue], at path: JSONPath) throws(JSONSchemaError)
            -> NumericRules?
        {
            var rules = NumericRules()
            for (keyword, isLower) in [("exclusiveMinimum", true), ("exclusiveMaximum", false)] {
                let plain = isLower ? "minimum" : "maximum"
                let inclusive = try number(members, plain, at: path)
                var draft4Exclusive = false
                switch members[keyword] {
                case nil: break
                case .number(let limit)?:
                    let bound = Bound(limit: limit, exclusive: true, keyword: keyword)
                    if isLower { rules.lower.append(bound) } else { rules.upper.append(bound) }
                case .bool(let flag)?:
                    // Draft-04 spelling: a flag that makes `minimum`/`maximum` exclusive.
                    draft4Exclusive = flag
                case let value?:
                    throw JSONSchemaError.expected(
                        "a number (or a boolean, draft-04 style)", found: value, at: path.appending(keyword))
                }
                if let inclusive {
                    let bound = Bound(limit: inclusive, exclusive: draft4Exclusive, keyword: plain)
                    if isLower { rules.lower.insert(bound, at: 0) } else { rules.upper.insert(bound, at: 0) }
                }
            }
            if let divisor = try number(members, "multipleOf", at: path) {
                guard divisor > 0 else {
                    throw JSONSchemaError(
                        path: path.appending("multipleOf"),
                        message: "expected a number greater than 0, found \(JSONSchema.format(divisor))")
                }
                rules.multipleOf = Divisor(divisor)
            }
            return rules.lower.isEmpty && rules.upper.isEmpty && rules.multipleOf == nil ? nil : rules
        }

        private func stringRules(_ members: [String: JSONValue], at path: JSONPath) throws(JSONSchemaError)
            -> StringRules?
        {
            var rules = StringRules()
            rules.minLength = try nonNegativeInteger(members, "minLength", at: path)
            rules.maxLength = try nonNegativeInteger(members, "maxLength", at: path)
            if let value = members["pattern"] {
                guard case .string(let source) = value else {
                    throw JSONSchemaError.expected(
                        "a regular expression string", found: value, at: path.appending("pattern"))
                }
                rules.pattern = try JSONSchema.pattern(source, at: path.appending("pattern"))
            }
            return rules.minLength == nil && rules.maxLength == nil && rules.pattern == nil ? nil : rules
        }

        private mutating func arrayRules(
            _ members: [String: JSONValue], at path: JSONPath
        ) throws(JSONSchemaError) -> ArrayRules? {
            var rules = ArrayRules()
            let prefixItems = try subschemaList(members, "prefixItems", at: path)
            rules.prefix = prefixItems ?? []
            var tupleForm = false
            switch members["items"] {
            case nil: break
            case .array(let elements)?:
                // Draft-07 tuple validation: positional schemas, then `additionalItems` for the rest.
                let itemsPath = path.appending("items")
                guard prefixItems == nil else {
                    throw JSONSchemaError(
                        path: itemsPath, message: "expected a single schema, since prefixItems gives the tuple")
                }
                tupleForm = true
                for (position, element) in elements.enumerated() {
                    rules.prefix.append(try compile(element, at: itemsPath.appending(position)))
                }
            case let value?:
                rules.rest = try rest(value, keyword: "items", at: path)
            }
            if let value = members["additionalItems"] {
                // Only meaningful after array-form `items`; compiled regardless so that mistakes are reported.
                let additional = try rest(value, keyword: "additionalItems", at: path)
                if tupleForm { rules.rest = additional }
            }
            rules.minItems = try nonNegativeInteger(members, "minItems", at: path)
            rules.maxItems = try nonNegativeInteger(members, "maxItems", at: path)
            rules.uniqueItems = try boolean(members, "uniqueItems", at: path) ?? false
            let minContains = try nonNegativeInteger(members, "minContains", at: path)
            let maxContains = try nonNegativeInteger(members, "maxContains", at: path)
            if let contains = try subschema(members, "contains", at: path) {
                rules.contains = Containment(
                    node: contains, minimum: minContains ?? 1, maximum: maxContains,
                    summary: JSONSchema.summary(of: members["contains"]!))
            }
            let empty =
                rules.prefix.isEmpty && rules.rest == nil && rules.minItems == nil && rules.maxItems == nil
                && !rules.uniqueItems && rules.contains == nil
            return empty ? nil : rules
        }

        /// `items` or `additionalItems` as a schema, with `false` kept as "no more items" for a clearer message.
        private mutating func rest(_ value: JSONValue, keyword: String, at path: JSONPath) throws(JSONSchemaError)
            -> Rest
        {
            switch value {
            case .bool(false):
                return .forbidden(keyword: keyword)
            case .bool, .object:
                return .schema(try compile(value, at: path.appending(keyword)))
            default:
                throw JSONSchemaError.expected(
                    "a schema or an array of schemas", found: value, at: path.appending(keyword))
            }
        }

        private mutating func objectRules(
            _ members: [String: JSONValue], at path: JSONPath
        ) throws(JSONSchemaError) -> ObjectRules? {
            var rules = ObjectRules()
            if let value = members["required"] {
                rules.required = try propertyNames(value, at: path.appending("required"))
            }
            for (name, node) in try subschemaMap(members, "properties", at: path) ?? [] {
                rules.properties[name] = node
            }
            if let value = members["patternProperties"] {
                let patternsPath = path.appending("patternProperties")
                guard case .object(let entries) = value else {
                    throw JSONSchemaError.expected("an object of schemas", found: value, at: patternsPath)
                }
                for source in entries.keys.sorted(by: JSONValue.keyOrder) {
                    let pattern = try JSONSchema.pattern(source, at: patternsPath.appending(source))
                    let node = try compile(entries[source]!, at: patternsPath.appending(source))
                    rules.patternProperties.append(PatternProperty(pattern: pattern, node: node))
                }
            }
            if let value = members["additionalProperties"] {
                if value == .bool(false) {
                    rules.additional = .forbidden
                } else {
                    rules.additional = .schema(try compile(value, at: path.appending("additionalProperties")))
                }
            }
            rules.propertyNames = try subschema(members, "propertyNames", at: path)
            rules.minProperties = try nonNegativeInteger(members, "minProperties", at: path)
            rules.maxProperties = try nonNegativeInteger(members, "maxProperties", at: path)
            if let value = members["dependentRequired"] {
                let dependenciesPath = path.appending("dependentRequired")
                guard case .object(let entries) = value else {
                    throw JSONSchemaError.expected(
                        "an object of property name arrays", found: value, at: dependenciesPath)
                }
                for trigger in entries.keys.sorted(by: JSONValue.keyOrder) {
                    let required = try propertyNames(entries[trigger]!, at: dependenciesPath.appending(trigger))
                    rules.dependentRequired.append(Dependency(trigger: trigger, required: required))
                }
            }
            for (trigger, node) in try subschemaMap(members, "dependentSchemas", at: path) ?? [] {
                rules.dependentSchemas.append(DependentSchema(trigger: trigger, node: node))
            }
            if let value = members["dependencies"] {
                // Draft-07: each entry is either a dependentRequired list or a dependentSchemas schema.
                let dependenciesPath = path.appending("dependencies")
                guard case .object(let entries) = value else {
                    throw JSONSchemaError.expected("an object", found: value, at: dependenciesPath)
                }
                for trigger in entries.keys.sorted(by: JSONValue.keyOrder) {
                    let entryPath = dependenciesPath.appending(trigger)
                    switch entries[trigger]! {
                    case .array(let names):
                        let required = try propertyNames(.array(names), at: entryPath)
                        rules.dependentRequired.append(Dependency(trigger: trigger, required: required))
                    case .object, .bool:
                        let node = try compile(entries[trigger]!, at: entryPath)
                        rules.dependentSchemas.append(DependentSchema(trigger: trigger, node: node))
                    case let other:
                        throw JSONSchemaError.expected(
                            "an array of property names or a schema", found: other, at: entryPath)
                    }
                }
            }
            let empty =
                rules.required.isEmpty && rules.dependentRequired.isEmpty && rules.minProperties == nil
                && rules.maxProperties == nil && !rules.checksMembers && rules.dependentSchemas.isEmpty
            return empty ? nil : rules
        }

        // MARK: - Keyword values

        /// An array of property names, sorted by UTF-8 bytes and without duplicates.
        private func propertyNames(_ value: JSONValue, at path: JSONPath) throws(JSONSchemaError) -> [String] {
            guard case .array(let elements) = value else {
                throw JSONSchemaError.expected("an array of property names", found: value, at: path)
            }
            var names: Set<String> = []
            for (position, element) in elements.enumerated() {
                guard case .string(let name) = element else {
                    throw JSONSchemaError.expected(
                        "a property name string", found: element, at: path.appending(position))
                }
                names.insert(name)
            }
            return names.sorted(by: JSONValue.keyOrder)
        }

        private func nonNegativeInteger(
            _ members: [String: JSONValue], _ keyword: String, at path: JSONPath
        ) throws(JSONSchemaError) -> Int? {
            guard let value = members[keyword] else { return nil }
            guard case .number(let number) = value, number >= 0, JSONSchema.isExactInteger(number) else {
                throw JSONSchemaError.expected("a non-negative integer", found: value, at: path.appending(keyword))
            }
            return Int(number)
        }

        private func number(
            _ members: [String: JSONValue], _ keyword: String, at path: JSONPath
        ) throws(JSONSchemaError) -> Double? {
            guard let value = members[keyword] else { return nil }
            guard case .number(let number) = value else {
                throw JSONSchemaError.expected("a number", found: value, at: path.appending(keyword))
            }
            return number
        }

        private func boolean(
            _ members: [String: JSONValue], _ keyword: String, at path: JSONPath
        ) throws(JSONSchemaError) -> Bool? {
            guard let value = members[keyword] else { return nil }
            guard case .bool(let flag) = value else {
                throw JSONSchemaError.expected("true or false", found: value, at: path.appending(keyword))
            }
            return flag
        }

        private mutating func subschema(
            _ members: [String: JSONValue], _ keyword: String, at path: JSONPath
        ) throws(JSONSchemaError) -> Int? {
            guard let value = members[keyword] else { return nil }
            return try compile(value, at: path.appending(keyword))
        }

        /// A non-empty array of schemas (`allOf`, `anyOf`, `oneOf`, `prefixItems`).
        private mutating func subschemaList(
            _ members: [String: JSONValue], _ keyword: String, at path: JSONPath
        ) throws(JSONSchemaError) -> [Int]? {
            guard let value = members[keyword] else { return nil }
            let listPath = path.appending(keyword)
            guard case .array(let elements) = value, !elements.isEmpty else {
                throw JSONSchemaError.expected("a non-empty array of schemas", found: value, at: listPath)
            }
            var nodes: [Int] = []
            for (position, element) in elements.enumerated() {
                nodes.append(try compile(element, at: listPath.appending(position)))
            }
            return nodes
        }

        /// An object whose values are schemas (`properties`, `$defs`, …), in sorted key order.
        private mutating func subschemaMap(
            _ members: [String: JSONValue], _ keyword: String, at path: JSONPath
        ) throws(JSONSchemaError) -> [(String, Int)]? {
            guard let value = members[keyword] else { return nil }
            let mapPath = path.appending(keyword)
            guard case .object(let entries) = value else {
                throw JSONSchemaError.expected("an object of schemas", found: value, at: mapPath)
            }
            var nodes: [(String, Int)] = []
            for name in entries.keys.sorted(by: JSONValue.keyOrder) {
                nodes.append((name, try compile(entries[name]!, at: mapPath.appending(name))))
            }
            return nodes
        }

        // MARK: - References

        /// The node a local `$ref` points to: `#`, `#/$defs/Name`, `#/definitions/Name` or any JSON pointer.
        private mutating func resolve(_ reference: String, at path: JSONPath) throws(JSONSchemaError) -> Int {
            func failure(_ reason: String) -> JSONSchemaError {
                JSONSchemaError(path: path, message: "$ref \(JSONSchema.quoted(reference)) \(reason)")
            }
            let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let base = parts[0]
            if !base.isEmpty && base != documentID {
                throw failure(
                    "points outside this schema; only local references such as \"#/$defs/Name\" are supported")
            }
            let fragment = parts.count > 1 ? String(parts[1]) : ""
            guard let pointer = fragment.removingPercentEncoding else {
                throw failure("has invalid percent-encoding")
            }
            if !pointer.isEmpty && !pointer.hasPrefix("/") {
                throw failure("names an anchor; only JSON pointer references such as \"#/$defs/Name\" are supported")
            }
            var target = document
            var targetPath = JSONPath.root
            for rawToken in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
                guard let token = JSONSchema.unescapePointerToken(rawToken) else {
                    throw failure("is not a valid JSON pointer: \"~\" must be followed by 0 or 1")
                }
                switch target {
                case .object(let members):
                    guard let next = members[token] else {
                        throw failure("does not resolve: \(targetPath) has no member \(JSONSchema.quoted(token))")
                    }
                    target = next
                    targetPath = targetPath.appending(token)
                case .array(let elements):
                    guard let position = Int(token), String(position) == token, elements.indices.contains(position)
                    else {
                        throw failure("does not resolve: \(targetPath) has no element \(JSONSchema.quoted(token))")
                    }
                    target = elements[position]
                    targetPath = targetPath.appending(position)
                default:
                    throw failure(
                        "does not resolve: \(targetPath) is \(target.briefDescription), not an object or array")
                }
            }
            switch target {
            case .object, .bool: return try compile(target, at: targetPath)
            default: throw failure("points to \(target.briefDescription) at \(targetPath), which is not a schema")
            }
        }

        /// Rejects `$ref` loops that come back to the same node without descending into the instance.
        ///
        /// `{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}}` would recurse forever on any
        /// instance, so it is an error in the schema. Recursion through `properties` or `items` is fine: each
        /// step consumes a level of the instance, which is finite.
        private func rejectReferenceCycles() throws(JSONSchemaError) {
            enum State { case unvisited, onStack, done }
            var states = [State](repeating: .unvisited, count: nodes.count)
            var stack: [Int] = []

            func inPlaceSuccessors(of index: Int) -> [Int] {
                var successors = nodes[index].applicators?.inPlaceNodes ?? []
                successors += nodes[index].object?.dependentSchemas.map(\.node) ?? []
                return successors
            }

            func visit(_ index: Int) throws(JSONSchemaError) {
                states[index] = .onStack
                stack.append(index)
                for successor in inPlaceSuccessors(of: index) {
                    switch states[successor] {
                    case .done: continue
                    case .unvisited: try visit(successor)
                    case .onStack:
                        // Every cycle contains a `$ref` (the rest of the graph is the document's tree): report it.
                        let cycle = Array(stack[stack.lastIndex(of: successor)!...])
                        let culprit = cycle.first { references[$0] != nil } ?? index
                        let site = references[culprit] ?? (paths[culprit], "")
                        throw JSONSchemaError(
                            path: site.path,
                            message: "$ref \(JSONSchema.quoted(site.reference)) forms a cycle that never descends "
                                + "into the instance, so validation could never finish")
                    }
                }
                stack.removeLast()
                states[index] = .done
            }

            for index in nodes.indices where states[index] == .unvisited { try visit(index) }
        }
    }

    /// Compiles a `pattern` or `patternProperties` key, reporting an invalid one at `path`.
    static func pattern(_ source: String, at path: JSONPath) throws(JSONSchemaError) -> Pattern {
        guard let pattern = Pattern(source) else {
            throw JSONSchemaError(path: path, message: "invalid regular expression \(quoted(source))")
        }
        return pattern
    }

    /// A JSON pointer token with `~1` and `~0` decoded (in that order, per RFC 6901); nil for a stray `~`.
    static func unescapePointerToken(_ token: Substring) -> String? {
        guard token.contains("~") else { return String(token) }
        var result = ""
        var iterator = token.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else {
                result.append(character)
                continue
            }
            switch iterator.next() {
            case "0": result.append("~")
            case "1": result.append("/")
            default: return nil
            }
        }
        return result
    }
}

extension JSONSchemaError {
    /// An error for a keyword value of the wrong kind: `expected a non-negative integer, found number -1`.
    static func expected(_ expectation: String, found value: JSONValue, at path: JSONPath) -> JSONSchemaError {
        JSONSchemaError(path: path, message: "expected \(expectation), found \(value.briefDescription)")
    }
}
