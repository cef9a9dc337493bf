/// A JSON Schema compiled once and checked many times.
///
/// Used to check the arguments a model proposes for a tool call against the tool's `parameters` schema before the
/// call runs, and to tell the model precisely what to fix when they do not match.
///
/// Dialect: JSON Schema 2020-12, plus the draft-07 and OpenAPI spellings tool schemas still use: array-form
/// `items` with `additionalItems`, `definitions`, `dependencies`, boolean `exclusiveMinimum`/`exclusiveMaximum`
/// (draft-04), and OpenAPI 3.0 `nullable: true`, which makes a schema accept null in addition to what it accepts
/// otherwise.
///
/// Supported assertions: boolean schemas; `type` (`integer` is any number without a fractional part, so `50.0`
/// is one); `enum` and `const` (structural equality, numbers by value); `minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`, `multipleOf` (decimal, so `0.3` is a multiple of `0.1`); `minLength` and `maxLength`
/// (Unicode code points); `pattern` (unanchored); `items`, `prefixItems`, `additionalItems`, `minItems`,
/// `maxItems`, `uniqueItems`, `contains`, `minContains`, `maxContains`; `properties`, `patternProperties`,
/// `additionalProperties`, `propertyNames`, `required`, `minProperties`, `maxProperties`, `dependentRequired`,
/// `dependentSchemas`; `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`; and `$ref` to any JSON pointer in
/// the same document (`#`, `#/$defs/Name`, `#/definitions/Name`, percent- and `~`-escaped), recursion included.
///
/// Deliberately not supported:
/// - `format` is an annotation only (as 2020-12 specifies by default): `"format": "email"` accepts any string.
/// - A `$ref` to another document or to an anchor is rejected when compiling; the `$anchor` and `$dynamicRef`
///   keywords themselves are ignored like other unknown keywords; `$id` in
///   subschemas does not change how references resolve (every `$ref` is resolved against the root document).
/// - `unevaluatedProperties` and `unevaluatedItems`, like all keywords this validator does not know, are ignored.
/// - Patterns run on NSRegularExpression (ICU). `$`, `.`, `\d`, `\w`, `\s`, literal braces and `[`/`&` inside
///   classes are translated to their ECMA-262 meaning; what remains differs only at the edges: `\b` and, inside a
///   class, `\D`/`\W`/`\S` use Unicode definitions, and ICU-only syntax (`\Q…\E`, `\a`) is accepted.
///
/// Annotation keywords (`title`, `description`, `default`, `examples`, `deprecated`, `readOnly`, `writeOnly`,
/// `$comment`, `$schema`, `$id`, `contentMediaType`, …) and unknown keywords are accepted and ignored.
public struct JSONSchema: Sendable {
    /// The schema document this was compiled from.
    public let source: JSONValue
    /// Every location of `source` that is a schema, the root first; subschemas refer to each other by index.
    let nodes: [Node]

    /// Compiles `schema`, checking every keyword this validator understands.
    ///
    /// - Throws: ``JSONSchemaError`` naming the place in the schema when it is not a valid schema: a schema that is
    ///   neither an object nor a boolean, an unknown `type`, a keyword value of the wrong kind, an invalid
    ///   `pattern`, a `$ref` that does not resolve inside this document, or a `$ref` cycle that would never end.
    public init(_ schema: JSONValue) throws(JSONSchemaError) {
        var compiler = Compiler(document: schema)
        nodes = try compiler.compileDocument()
        source = schema
    }

    /// Every way `instance` fails this schema, in a stable order; empty when it is valid.
    ///
    /// Order: a value's own keywords before its members, members in sorted key order, array items in index order,
    /// missing required properties sorted. A failed `anyOf`/`oneOf` is one violation at the value, naming why the
    /// closest alternative failed.
    public func validate(_ instance: JSONValue) -> [SchemaViolation] {
        // Most instances are valid: answer that without tracking paths or building messages.
        if isValid(instance) { return [] }
        var evaluator = Evaluator(nodes: nodes, collecting: true)
        _ = evaluator.check(0, instance)
        assert(!evaluator.violations.isEmpty, "a failing check reported no violation")
        if evaluator.violations.isEmpty {
            return [SchemaViolation(path: .root, rule: "schema", message: "does not match the schema")]
        }
        return evaluator.violations
    }

    /// Whether `instance` is valid, stopping at the first violation.
    ///
    /// Agrees with `validate(instance).isEmpty`, but allocates nothing for messages or paths.
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = Evaluator(nodes: nodes, collecting: false)
        return evaluator.check(0, instance)
    }
}

extension JSONSchema: Hashable {
    /// Schemas are equal when their source documents are: compiling is deterministic.
    public static func == (lhs: JSONSchema, rhs: JSONSchema) -> Bool { lhs.source == rhs.source }

    /// Hashes the source document, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
