extension JSONSchema {
    /// Walks an instance against the node table, either answering yes/no or collecting every violation.
    ///
    /// One walker serves both modes so they cannot disagree. When not collecting it stops at the first failure and
    /// neither tracks the path nor builds messages; when collecting it reports everything, members in sorted key
    /// order, and each failing check appends at least one violation before returning false.
    struct Evaluator {
        private let nodes: [Node]
        private var collecting: Bool
        /// The path to the value being checked; maintained only while collecting.
        private var path: [JSONPath.Component] = []
        private(set) var violations: [SchemaViolation] = []

        init(nodes: [Node], collecting: Bool) {
            self.nodes = nodes
            self.collecting = collecting
        }

        /// Whether `instance` matches node `index`; while collecting, also records why not.
        mutating func check(_ index: Int, _ instance: JSONValue) -> Bool {
            let node = nodes[index]
            if node.isTrivial { return true }
            if node.nullable, case .null = instance { return true }
            if node.rejectsEverything {
                if collecting { report("false", "no value is allowed here, found \(instance.briefDescription)") }
                return false
            }
            var valid = true
            if let types = node.types, !types.allowed.matches(instance) {
                guard collecting else { return false }
                valid = false
                report("type", "expected \(types.phrase), found \(instance.briefDescription)")
            }
            if let enumeration = node.enumeration, !enumeration.contains(instance) {
                guard collecting else { return false }
                valid = false
                report("enum", JSONSchema.enumMessage(enumeration.values, found: instance))
            }
            if let constant = node.constant, constant != instance {
                guard collecting else { return false }
                valid = false
                report("const", "must be \(JSONSchema.summary(of: constant)); found \(instance.briefDescription)")
            }
            let typeSpecificValid: Bool
            switch instance {
            case .number(let number): typeSpecificValid = node.numeric.map { checkNumber(number, $0) } ?? true
            case .string(let string): typeSpecificValid = node.string.map { checkString(string, $0) } ?? true
            case .array(let elements): typeSpecificValid = node.array.map { checkArray(elements, $0) } ?? true
            case .object(let members):
                typeSpecificValid = node.object.map { checkObject(members, instance, $0) } ?? true
            case .null, .bool: typeSpecificValid = true
            }
            if !typeSpecificValid {
                guard collecting else { return false }
                valid = false
            }
            if let applicators = node.applicators, !checkApplicators(applicators, instance) {
                guard collecting else { return false }
                valid = false
            }
            return valid
        }

        // MARK: - Numbers and strings

        private mutating func checkNumber(_ number: Double, _ rules: NumericRules) -> Bool {
            var valid = true
            for bound in rules.lower where bound.exclusive ? !(number > bound.limit) : !(number >= bound.limit) {
                guard collecting else { return false }
                valid = false
                let relation = bound.exclusive ? ">" : ">="
                report(
                    bound.keyword,
                    "must be \(relation) \(JSONSchema.format(bound.limit)), found \(JSONSchema.format(number))")
            }
            for bound in rules.upper where bound.exclusive ? !(number < bound.limit) : !(number <= bound.limit) {
                guard collecting else { return false }
                valid = false
                let relation = bound.exclusive ? "<" : "<="
                report(
                    bound.keyword,
                    "must be \(relation) \(JSONSchema.format(bound.limit)), found \(JSONSchema.format(number))")
            }
            if let divisor = rules.multipleOf, !divisor.divides(number) {
                guard collecting else { return false }
                valid = false
                report(
                    "multipleOf",
                    "must be a multiple of \(JSONSchema.format(divisor.value)), found \(JSONSchema.format(number))")
            }
            return valid
        }

        private mutating func checkString(_ string: String, _ rules: StringRules) -> Bool {
            var valid = true
            if rules.minLength != nil || rules.maxLength != nil {
                // The spec counts code points, not grapheme clusters (Character) or UTF-16 units.
                let length = string.unicodeScalars.count
                if let minimum = rules.minLength, length < minimum {
                    guard collecting else { return false }
                    valid = false
                    report(
                        "minLength",
                        "must be at least \(JSONSchema.count(minimum, "character")) long, found \(length)")
                }
                if let maximum = rules.maxLength, length > maximum {
                    guard collecting else { return false }
                    valid = false
                    report(
                        "maxLength", "must be at most \(JSONSchema.count(maximum, "character")) long, found \(length)")
                }
            }
            if let pattern = rules.pattern, !pattern.matches(string) {
                guard collecting else { return false }
                valid = false
                let found = JSONValue.string(string).briefDescription
                report("pattern", "must match pattern \(JSONSchema.quoted(pattern.source)), found \(found)")
            }
            return valid
        }

        // MARK: - Arrays

        private mutating func checkArray(_ elements: [JSONValue], _ rules: ArrayRules) -> Bool {
            var valid = true
            if let minimum = rules.minItems, elements.count < minimum {
                guard collecting else { return false }
                valid = false
                report("minItems", "must have at least \(JSONSchema.count(minimum, "item")), found \(elements.count)")
            }
            if let maximum = rules.maxItems, elements.count > maximum {
                guard collecting else { return false }
                valid = false
                report("maxItems", "must have at most \(JSONSchema.count(maximum, "item")), found \(elements.count)")
            }
            if rules.uniqueItems, elements.count > 1, let (first, second) = JSONSchema.firstDuplicate(in: elements) {
                guard collecting else { return false }
                valid = false
                report("uniqueItems", "must not contain duplicates, found equal items at [\(first)] and [\(second)]")
            }
            if let containment = rules.contains, !checkContains(elements, containment) {
                guard collecting else { return false }
                valid = false
            }
            if case .forbidden(let keyword) = rules.rest, elements.count > rules.prefix.count {
                guard collecting else { return false }
                valid = false
                report(
                    keyword,
                    "must have at most \(JSONSchema.count(rules.prefix.count, "item")), found \(elements.count)")
            }
            for (position, element) in elements.enumerated() {
                let node: Int
                if position < rules.prefix.count {
                    node = rules.prefix[position]
                } else if case .schema(let rest) = rules.rest {
                    node = rest
                } else {
                    break
                }
                if collecting { path.append(.index(position)) }
                let elementValid = check(node, element)
                if collecting { path.removeLast() }
                if !elementValid {
                    guard collecting else { return false }
                    valid = false
                }
            }
            return valid
        }

        private mutating func checkContains(_ elements: [JSONValue], _ containment: Containment) -> Bool {
            var matches = 0
            for element in elements where passes(containment.node, element) {
                matches += 1
                // Without an upper limit, enough matches settle it.
                if containment.maximum == nil && matches >= containment.minimum { return true }
            }
            if matches < containment.minimum {
                if collecting {
                    let rule = containment.minimum == 1 ? "contains" : "minContains"
                    let needed = containment.minimum == 1 ? "an item" : "at least \(containment.minimum) items"
                    report(rule, "must contain \(needed) matching \(containment.summary), found \(matches)")
                }
                return false
            }
            if let maximum = containment.maximum, matches > maximum {
                if collecting {
                    report(
                        "maxContains",
                        "must contain at most \(JSONSchema.count(maximum, "item")) matching \(containment.summary), "
                            + "found \(matches)")
                }
                return false
            }
            return true
        }

        // MARK: - Objects

        private mutating func checkObject(
            _ members: [String: JSONValue], _ instance: JSONValue, _ rules: ObjectRules
        ) -> Bool {
            var valid = true
            for name in rules.required where members[name] == nil {
                guard collecting else { return false }
                valid = false
                report("required", "missing required property \(JSONSchema.quoted(name))")
            }
            for dependency in rules.dependentRequired where members[dependency.trigger] != nil {
                for name in dependency.required where members[name] == nil {
                    guard collecting else { return false }
                    valid = false
                    report(
                        "dependentRequired",
                        "missing property \(JSONSchema.quoted(name)), required when "
                            + "\(JSONSchema.quoted(dependency.trigger)) is present")
                }
            }
            if let minimum = rules.minProperties, members.count < minimum {
                guard collecting else { return false }
                valid = false
                report(
                    "minProperties",
                    "must have at least \(JSONSchema.count(minimum, "property")), found \(members.count)")
            }
            if let maximum = rules.maxProperties, members.count > maximum {
                guard collecting else { return false }
                valid = false
                report(
                    "maxProperties",
                    "must have at most \(JSONSchema.count(maximum, "property")), found \(members.count)")
            }
            if rules.checksMembers {
                if collecting {
                    // Sorted so that reports are stable; the yes/no walk below takes dictionary order for speed.
                    for name in members.keys.sorted(by: JSONValue.keyOrder)
                    where !checkMember(name, members[name]!, rules) {
                        valid = false
                    }
                } else {
                    for (name, value) in members where !checkMember(name, value, rules) { return false }
                }
            }
            for dependent in rules.dependentSchemas where members[dependent.trigger] != nil {
                if !check(dependent.node, instance) {
                    guard collecting else { return false }
                    valid = false
                }
            }
            return valid
        }

        /// `propertyNames`, then `properties`, `patternProperties` and `additionalProperties` for one member.
        private mutating func checkMember(_ name: String, _ value: JSONValue, _ rules: ObjectRules) -> Bool {
            if collecting { path.append(.key(name)) }
            defer { if collecting { path.removeLast() } }
            var valid = true
            if let names = rules.propertyNames, !passes(names, .string(name)) {
                guard collecting else { return false }
                valid = false
                let reason = collect(names, .string(name)).first.map { ": \($0.message)" } ?? ""
                report("propertyNames", "invalid property name \(JSONSchema.quoted(name))\(reason)")
            }
            var covered = false
            if let node = rules.properties[name] {
                covered = true
                if !check(node, value) {
                    guard collecting else { return false }
                    valid = false
                }
            }
            for property in rules.patternProperties where property.pattern.matches(name) {
                covered = true
                if !check(property.node, value) {
                    guard collecting else { return false }
                    valid = false
                }
            }
            if !covered, let additional = rules.additional {
                switch additional {
                case .forbidden:
                    guard collecting else { return false }
                    valid = false
                    report("additionalProperties", JSONSchema.unexpectedPropertyMessage(name, rules))
                case .schema(let node):
                    if !check(node, value) {
                        guard collecting else { return false }
                        valid = false
                    }
                }
            }
            return valid
        }

        // MARK: - Applicators

        private mutating func checkApplicators(_ applicators: Applicators, _ instance: JSONValue) -> Bool {
            var valid = true
            if let ref = applicators.ref, !check(ref, instance) {
                guard collecting else { return false }
                valid = false
            }
            for node in applicators.allOf where !check(node, instance) {
                guard collecting else { return false }
                valid = false
            }
            if !applicators.anyOf.isEmpty && !applicators.anyOf.contains(where: { passes($0, instance) }) {
                guard collecting else { return false }
                valid = false
                report("anyOf", noMatchMessage(applicators.anyOf, instance))
            }
            if !applicators.oneOf.isEmpty {
                var matches = 0
                var matching: [Int] = []  // Positions, for the message; left empty (unallocated) when not collecting.
                for (position, node) in applicators.oneOf.enumerated() where passes(node, instance) {
                    matches += 1
                    if collecting {
                        matching.append(position)
                    } else if matches > 1 {
                        return false
                    }
                }
                if matches != 1 {
                    guard collecting else { return false }
                    valid = false
                    if matching.isEmpty {
                        report("oneOf", noMatchMessage(applicators.oneOf, instance))
                    } else {
                        let numbers = JSONSchema.list(matching.map { String($0 + 1) }, conjunction: "and")
                        report(
                            "oneOf",
                            "matches alternatives \(numbers) of \(applicators.oneOf.count), but must match exactly one")
                    }
                }
            }
            if let negation = applicators.not, passes(negation.node, instance) {
                guard collecting else { return false }
                valid = false
                report("not", "must not match \(negation.summary)")
            }
            if let conditional = applicators.conditional {
                let branch = passes(conditional.condition, instance) ? conditional.then : conditional.otherwise
                if let branch, !check(branch, instance) {
                    guard collecting else { return false }
                    valid = false
                }
            }
            return valid
        }

        /// For a failed `anyOf`/`oneOf`: how many alternatives there were and why the closest one failed.
        ///
        /// "Closest" prefers an alternative whose `type` the instance has (the author most likely meant that one),
        /// then the one with fewest violations, then the first.
        private mutating func noMatchMessage(_ alternatives: [Int], _ instance: JSONValue) -> String {
            var message =
                alternatives.count == 1
                ? "does not match its only alternative"
                : "does not match any of \(alternatives.count) alternatives"
            var best: (position: Int, violations: [SchemaViolation], score: (Int, Int))?
            for (position, node) in alternatives.enumerated() {
                let found = collect(node, instance)
                let typeMismatch = found.contains { $0.rule == "type" && $0.path.components == path }
                let score = (typeMismatch ? 1 : 0, found.count)
                if best == nil || score < best!.score { best = (position, found, score) }
            }
            if alternatives.count > 1, let best, let first = best.violations.first {
                message += "; closest is alternative \(best.position + 1): \(first)"
                if best.violations.count > 1 {
                    message += " and \(JSONSchema.count(best.violations.count - 1, "more problem"))"
                }
            } else if let first = best?.violations.first {
                message += ": \(first)"
            }
            return message
        }

        // MARK: - Helpers

        /// Whether `instance` matches node `index`, without reporting anything.
        private mutating func passes(_ index: Int, _ instance: JSONValue) -> Bool {
            let wasCollecting = collecting
            collecting = false
            defer { collecting = wasCollecting }
            return check(index, instance)
        }

        /// The violations of `instance` against node `index` at the current path, without keeping them.
        private mutating func collect(_ index: Int, _ instance: JSONValue) -> [SchemaViolation] {
            let wasCollecting = collecting
            collecting = true
            defer { collecting = wasCollecting }
            let start = violations.count
            _ = check(index, instance)
            let found = Array(violations[start...])
            violations.removeSubrange(start...)
            return found
        }

        private mutating func report(_ rule: String, _ message: String) {
            violations.append(SchemaViolation(path: JSONPath(components: path), rule: rule, message: message))
        }
    }
}

extension JSONSchema {
    /// "1 item", "3 items", "1 property", "2 properties".
    static func count(_ number: Int, _ noun: String) -> String {
        if number == 1 { return "1 \(noun)" }
        return noun.hasSuffix("y") ? "\(number) \(noun.dropLast())ies" : "\(number) \(noun)s"
    }

    static func enumMessage(_ values: [JSONValue], found: JSONValue) -> String {
        if values.count == 1 { return "must be \(summary(of: values[0])); found \(found.briefDescription)" }
        // Long enums are cut so the message stays readable; the first values are usually the most telling.
        let shown = values.prefix(20).map { summary(of: $0, limit: 40) }
        let more = values.count > shown.count ? ", … (\(values.count - shown.count) more)" : ""
        return "must be one of \(shown.joined(separator: ", "))\(more); found \(found.briefDescription)"
    }

    /// `unexpected property "colour"`, with a suggestion when it looks like a typo of an allowed name.
    static func unexpectedPropertyMessage(_ name: String, _ rules: ObjectRules) -> String {
        var message = "unexpected property \(quoted(name))"
        let known = rules.properties.keys.sorted(by: JSONValue.keyOrder)
        if let suggestion = JSONObjectReader.nearest(to: name, among: known) {
            message += "; did you mean \(quoted(suggestion))?"
        }
        return message
    }

    /// The positions of the first two equal elements, by structural equality (numbers by value).
    static func firstDuplicate(in elements: [JSONValue]) -> (Int, Int)? {
        if elements.count <= 8 {
            // Pairwise comparison beats hashing for the short arrays tool arguments usually have.
            for second in elements.indices {
                for first in 0..<second where elements[first] == elements[second] { return (first, second) }
            }
            return nil
        }
        var seen: [JSONValue: Int] = [:]
        for (position, element) in elements.enumerated() {
            if let first = seen[element] { return (first, position) }
            seen[element] = position
        }
        return nil
    }
}
