extension JSONSchema {
    /// One compiled (sub)schema: its keywords parsed into typed rules, its subschemas as indices into the node table.
    ///
    /// Subschemas are indices rather than nested values so that `$ref` cycles (recursive schemas) are plain
    /// back-references and every location in the schema document is compiled exactly once.
    struct Node: Sendable {
        /// True for `true`, `{}` and schemas made only of annotations: validation can skip the node entirely.
        var isTrivial = true
        /// The `false` schema: nothing is valid here.
        var rejectsEverything = false
        /// OpenAPI 3.0 `nullable: true`: null is valid whatever the other keywords say.
        var nullable = false
        var types: TypeRule?
        var enumeration: Enumeration?
        /// `const`; `.some(.null)` is a constant null, `nil` means no `const` keyword.
        var constant: JSONValue?
        var numeric: NumericRules?
        var string: StringRules?
        var array: ArrayRules?
        var object: ObjectRules?
        var applicators: Applicators?

        /// A node for the boolean schema `value`.
        static func boolean(_ value: Bool) -> Node {
            var node = Node()
            node.rejectsEverything = !value
            node.isTrivial = value
            return node
        }
    }

    /// The JSON types a `type` keyword allows, as a bit set so that checking an instance is one branch and a mask.
    struct TypeSet: OptionSet, Sendable {
        let rawValue: UInt8
        static let null = TypeSet(rawValue: 1 << 0)
        static let boolean = TypeSet(rawValue: 1 << 1)
        static let integer = TypeSet(rawValue: 1 << 2)
        static let number = TypeSet(rawValue: 1 << 3)
        static let string = TypeSet(rawValue: 1 << 4)
        static let array = TypeSet(rawValue: 1 << 5)
        static let object = TypeSet(rawValue: 1 << 6)

        /// The type names JSON Schema defines, sorted, with their bits.
        static let byName: [(name: String, type: TypeSet)] = [
            ("array", .array), ("boolean", .boolean), ("integer", .integer), ("null", .null), ("number", .number),
            ("object", .object), ("string", .string),
        ]

        /// Whether `value` has one of these types; `integer` accepts any number without a fractional part.
        func matches(_ value: JSONValue) -> Bool {
            switch value {
            case .null: contains(.null)
            case .bool: contains(.boolean)
            case .number: contains(.number) || (contains(.integer) && value.isInteger)
            case .string: contains(.string)
            case .array: contains(.array)
            case .object: contains(.object)
            }
        }
    }

    /// The `type` keyword.
    struct TypeRule: Sendable {
        var allowed: TypeSet
        /// The names in schema order, kept for messages: the author's order reads most naturally.
        var names: [String]

        /// "integer", "string or null", "integer, string or null".
        var phrase: String { JSONSchema.list(names, conjunction: "or") }
    }

    /// The `enum` keyword.
    struct Enumeration: Sendable {
        var values: [JSONValue]
        /// Large enums are looked up by hash; small ones are scanned, which is faster and needs no hashing.
        var lookup: Set<JSONValue>?

        init(_ values: [JSONValue]) {
            self.values = values
            lookup = values.count > 8 ? Set(values) : nil
        }

        func contains(_ value: JSONValue) -> Bool {
            if let lookup { return lookup.contains(value) }
            return values.contains(value)
        }
    }

    /// A `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum` limit.
    struct Bound: Sendable {
        var limit: Double
        var exclusive: Bool
        /// The keyword reported when the bound fails (`minimum` also for draft-04 `exclusiveMinimum: true`).
        var keyword: String
    }

    /// Keywords that apply to numbers.
    struct NumericRules: Sendable {
        var lower: [Bound] = []
        var upper: [Bound] = []
        var multipleOf: Divisor?
    }

    /// Keywords that apply to strings.
    struct StringRules: Sendable {
        var minLength: Int?
        var maxLength: Int?
        var pattern: Pattern?
    }

    /// What an array allows after its tuple prefix.
    enum Rest: Sendable {
        /// Every further item must match this node.
        case schema(Int)
        /// No further items (`items: false` or draft-07 `additionalItems: false`); the keyword names which.
        case forbidden(keyword: String)
    }

    /// `contains` with its `minContains`/`maxContains` counts.
    struct Containment: Sendable {
        var node: Int
        var minimum: Int
        var maximum: Int?
        /// The subschema's JSON, shortened, for messages.
        var summary: String
    }

    /// Keywords that apply to arrays.
    struct ArrayRules: Sendable {
        var minItems: Int?
        var maxItems: Int?
        var uniqueItems = false
        /// `prefixItems`, or draft-07 array-form `items`.
        var prefix: [Int] = []
        /// `items` (2020-12, or draft-07 single schema), or draft-07 `additionalItems` after array-form `items`.
        var rest: Rest?
        var contains: Containment?
    }

    /// What an object allows for members that neither `properties` nor `patternProperties` cover.
    enum Additional: Sendable {
        case schema(Int)
        /// `additionalProperties: false`, reported as an unexpected property rather than as a failed `false` schema.
        case forbidden
    }

    /// A `patternProperties` entry.
    struct PatternProperty: Sendable {
        var pattern: Pattern
        var node: Int
    }

    /// A `dependentRequired` entry: when `trigger` is present, so must `required` be.
    struct Dependency: Sendable {
        var trigger: String
        var required: [String]
    }

    /// A `dependentSchemas` entry: when `trigger` is present, the whole object must match `node`.
    struct DependentSchema: Sendable {
        var trigger: String
        var node: Int
    }

    /// Keywords that apply to objects.
    struct ObjectRules: Sendable {
        /// Sorted by UTF-8 bytes and without duplicates, so missing keys are reported in a stable order.
        var required: [String] = []
        var dependentRequired: [Dependency] = []
        var minProperties: Int?
        var maxProperties: Int?
        var propertyNames: Int?
        var properties: [String: Int] = [:]
        var patternProperties: [PatternProperty] = []
        var additional: Additional?
        var dependentSchemas: [DependentSchema] = []

        /// Whether any keyword looks at members one by one, so objects without such keywords skip the member loop.
        var checksMembers: Bool {
            propertyNames != nil || !properties.isEmpty || !patternProperties.isEmpty || additional != nil
        }
    }

    /// `if` with its optional `then` and `else`.
    struct Conditional: Sendable {
        var condition: Int
        var then: Int?
        var otherwise: Int?
    }

    /// `not`, with the subschema's JSON kept for its message.
    struct Negation: Sendable {
        var node: Int
        var summary: String
    }

    /// Keywords that apply subschemas to the instance itself rather than to its parts.
    struct Applicators: Sendable {
        var ref: Int?
        var allOf: [Int] = []
        var anyOf: [Int] = []
        var oneOf: [Int] = []
        var not: Negation?
        var conditional: Conditional?

        /// The nodes applied to the same instance location, for detecting `$ref` cycles that would never end.
        var inPlaceNodes: [Int] {
            var nodes: [Int] = []
            if let ref { nodes.append(ref) }
            nodes += allOf + anyOf + oneOf
            if let not { nodes.append(not.node) }
            if let conditional {
                nodes.append(conditional.condition)
                if let then = conditional.then { nodes.append(then) }
                if let otherwise = conditional.otherwise { nodes.append(otherwise) }
            }
            return nodes
        }
    }
}

extension JSONSchema {
    /// `a`, `a or b`, `a, b or c`: lists for messages.
    static func list(_ items: [String], conjunction: String) -> String {
        guard let last = items.last else { return "" }
        if items.count == 1 { return last }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    /// A string in JSON quotes, with escapes, as messages show names and values.
    static func quoted(_ string: String) -> String { JSONValue.string(string).serialized() }

    /// A number as JSON writes it: `50`, not `50.0`.
    static func format(_ number: Double) -> String { JSONValue.format(number: number) }

    /// Compact JSON for a message, cut at `limit` characters so one huge schema or value cannot swamp it.
    static func summary(of value: JSONValue, limit: Int = 80) -> String {
        let text = value.serialized()
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
