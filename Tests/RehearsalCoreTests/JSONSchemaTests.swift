import RehearsalCore
import Testing

// MARK: - Helpers

/// Compiles schema text; fails the test when the schema does not compile.
private func compiled(_ schemaText: String) throws -> JSONSchema {
    try JSONSchema(JSONParser.parse(schemaText))
}

/// Validates instance text against schema text, checking on the way that `isValid` agrees with `validate`.
private func violations(_ schemaText: String, _ instanceText: String) throws -> [SchemaViolation] {
    let schema = try compiled(schemaText)
    let instance = try JSONParser.parse(instanceText)
    let found = schema.validate(instance)
    #expect(schema.isValid(instance) == found.isEmpty, "isValid disagrees with validate on \(instanceText)")
    return found
}

/// Each violation as `path rule`, the two parts tests pin down exactly.
private func locations(_ found: [SchemaViolation]) -> [String] {
    found.map { "\($0.path) \($0.rule)" }
}

/// The error compiling schema text throws; fails the test when it compiles.
private func compileError(_ schemaText: String) throws -> JSONSchemaError {
    let value = try JSONParser.parse(schemaText)
    return try #require(throws: JSONSchemaError.self) { try JSONSchema(value) }
}

/// A keyword exercised with instances it accepts and one it rejects, and where that rejection is reported.
struct SchemaKeywordCase: Sendable, CustomTestStringConvertible {
    let name: String
    let schema: String
    let passing: [String]
    let failing: String
    /// `path rule` of the single violation the failing instance must produce.
    let violation: String

    var testDescription: String { name }
}

// MARK: - Keywords

struct JSONSchemaTests {
    static let keywordCases: [SchemaKeywordCase] = [
        // Types
        SchemaKeywordCase(
            name: "type string", schema: #"{"type":"string"}"#, passing: [#""a""#], failing: "1", violation: "$ type"),
        SchemaKeywordCase(
            name: "type list", schema: #"{"type":["string","null"]}"#, passing: [#""a""#, "null"], failing: "1",
            violation: "$ type"),
        SchemaKeywordCase(
            name: "type integer", schema: #"{"type":"integer"}"#, passing: ["50", "50.0", "-3", "1e2"], failing: "50.5",
            violation: "$ type"),
        SchemaKeywordCase(
            name: "type number", schema: #"{"type":"number"}"#, passing: ["1", "1.5"], failing: #""1""#,
            violation: "$ type"),
        SchemaKeywordCase(
            name: "type boolean", schema: #"{"type":"boolean"}"#, passing: ["true"], failing: "0", violation: "$ type"),
        SchemaKeywordCase(
            name: "type null", schema: #"{"type":"null"}"#, passing: ["null"], failing: "false", violation: "$ type"),
        SchemaKeywordCase(
            name: "type object", schema: #"{"type":"object"}"#, passing: ["{}"], failing: "[]", violation: "$ type"),
        SchemaKeywordCase(
            name: "type array", schema: #"{"type":"array"}"#, passing: ["[]"], failing: "{}", violation: "$ type"),
        // Values
        SchemaKeywordCase(
            name: "enum", schema: #"{"enum":["a",1,null,{"k":[1]}]}"#,
            passing: [#""a""#, "1.0", "null", #"{"k":[1.0]}"#], failing: #""b""#, violation: "$ enum"),
        SchemaKeywordCase(
            name: "const", schema: #"{"const":{"a":[1,2]}}"#, passing: [#"{"a":[1.0,2]}"#], failing: #"{"a":[2,1]}"#,
            violation: "$ const"),
        SchemaKeywordCase(
            name: "const null", schema: #"{"const":null}"#, passing: ["null"], failing: "0", violation: "$ const"),
        SchemaKeywordCase(
            name: "const false is not 0", schema: #"{"const":false}"#, passing: ["false"], failing: "0",
            violation: "$ const"),
        // Objects
        SchemaKeywordCase(
            name: "properties", schema: #"{"properties":{"a":{"type":"integer"}}}"#,
            passing: ["{}", #"{"a":1}"#, #""not an object""#], failing: #"{"a":"x"}"#, violation: "$.a type"),
        SchemaKeywordCase(
            name: "required", schema: #"{"required":["a"]}"#, passing: [#"{"a":null}"#, "[]"], failing: "{}",
            violation: "$ required"),
        SchemaKeywordCase(
            name: "additionalProperties false", schema: #"{"properties":{"a":{}},"additionalProperties":false}"#,
            passing: [#"{"a":1}"#], failing: #"{"a":1,"b":2}"#, violation: "$.b additionalProperties"),
        SchemaKeywordCase(
            name: "additionalProperties schema",
            schema: #"{"properties":{"a":{}},"additionalProperties":{"type":"string"}}"#,
            passing: [#"{"a":1,"b":"x"}"#], failing: #"{"b":1}"#, violation: "$.b type"),
        SchemaKeywordCase(
            name: "patternProperties", schema: #"{"patternProperties":{"^x-":{"type":"string"}}}"#,
            passing: [#"{"x-a":"s","y":1}"#], failing: #"{"x-a":1}"#, violation: "$.x-a type"),
        SchemaKeywordCase(
            name: "patternProperties exempt from additionalProperties",
            schema: #"{"patternProperties":{"^x-":{}},"additionalProperties":false}"#,
            passing: [#"{"x-a":1}"#], failing: #"{"y":1}"#, violation: "$.y additionalProperties"),
        SchemaKeywordCase(
            name: "propertyNames", schema: #"{"propertyNames":{"pattern":"^[a-z]+$"}}"#, passing: [#"{"abc":1}"#],
            failing: #"{"aB":1}"#, violation: "$.aB propertyNames"),
        SchemaKeywordCase(
            name: "minProperties", schema: #"{"minProperties":1}"#, passing: [#"{"a":1}"#], failing: "{}",
            violation: "$ minProperties"),
        SchemaKeywordCase(
            name: "maxProperties", schema: #"{"maxProperties":1}"#, passing: [#"{"a":1}"#], failing: #"{"a":1,"b":2}"#,
            violation: "$ maxProperties"),
        SchemaKeywordCase(
            name: "dependentRequired", schema: #"{"dependentRequired":{"card":["billing"]}}"#,
            passing: ["{}", #"{"card":1,"billing":2}"#, #"{"billing":1}"#], failing: #"{"card":1}"#,
            violation: "$ dependentRequired"),
        SchemaKeywordCase(
            name: "dependentSchemas", schema: #"{"dependentSchemas":{"card":{"required":["billing"]}}}"#,
            passing: ["{}", #"{"card":1,"billing":2}"#], failing: #"{"card":1}"#, violation: "$ required"),
        SchemaKeywordCase(
            name: "draft-07 dependencies list", schema: #"{"dependencies":{"card":["billing"]}}"#,
            passing: [#"{"card":1,"billing":2}"#], failing: #"{"card":1}"#, violation: "$ dependentRequired"),
        SchemaKeywordCase(
            name: "draft-07 dependencies schema",
            schema: #"{"dependencies":{"card":{"properties":{"billing":{"type":"string"}}}}}"#,
            passing: [#"{"card":1,"billing":"x"}"#, #"{"billing":2}"#], failing: #"{"card":1,"billing":2}"#,
            violation: "$.billing type"),
        // Arrays
        SchemaKeywordCase(
            name: "items", schema: #"{"items":{"type":"integer"}}"#, passing: ["[]", "[1,2]"], failing: #"[1,"x"]"#,
            violation: "$[1] type"),
        SchemaKeywordCase(
            name: "draft-07 tuple items", schema: #"{"items":[{"type":"string"},{"type":"integer"}]}"#,
            passing: [#"["a",1]"#, #"["a"]"#, #"["a",1,true]"#], failing: "[1]", violation: "$[0] type"),
        SchemaKeywordCase(
            name: "additionalItems false", schema: #"{"items":[{}],"additionalItems":false}"#, passing: ["[1]"],
            failing: "[1,2]", violation: "$ additionalItems"),
        SchemaKeywordCase(
            name: "additionalItems schema", schema: #"{"items":[{}],"additionalItems":{"type":"string"}}"#,
            passing: [#"[1,"a"]"#], failing: "[1,2]", violation: "$[1] type"),
        SchemaKeywordCase(
            name: "additionalItems ignored after schema items",
            schema: #"{"items":{"type":"integer"},"additionalItems":false}"#, passing: ["[1,2,3]"], failing: #"["a"]"#,
            violation: "$[0] type"),
        SchemaKeywordCase(
            name: "prefixItems then items", schema: #"{"prefixItems":[{"type":"string"}],"items":{"type":"integer"}}"#,
            passing: [#"["a",1,2]"#, #"["a"]"#, "[]"], failing: #"["a",1,"b"]"#, violation: "$[2] type"),
        SchemaKeywordCase(
            name: "prefixItems with items false", schema: #"{"prefixItems":[{}],"items":false}"#, passing: ["[1]"],
            failing: "[1,2]", violation: "$ items"),
        SchemaKeywordCase(
            name: "minItems", schema: #"{"minItems":2}"#, passing: ["[1,2]"], failing: "[1]", violation: "$ minItems"),
        SchemaKeywordCase(
            name: "maxItems", schema: #"{"maxItems":1}"#, passing: ["[1]"], failing: "[1,2]", violation: "$ maxItems"),
        SchemaKeywordCase(
            name: "uniqueItems", schema: #"{"uniqueItems":true}"#,
            passing: [#"[1,"1",true,{"a":1},{"a":2},[1],[[1]]]"#, "[0,false]"], failing: "[1,1.0]",
            violation: "$ uniqueItems"),
        SchemaKeywordCase(
            name: "uniqueItems compares objects structurally", schema: #"{"uniqueItems":true}"#, passing: [],
            failing: #"[{"a":1,"b":[2]},{"b":[2.0],"a":1}]"#, violation: "$ uniqueItems"),
        SchemaKeywordCase(
            name: "uniqueItems on a long array", schema: #"{"uniqueItems":true}"#,
            passing: ["[1,2,3,4,5,6,7,8,9,10]"], failing: "[1,2,3,4,5,6,7,8,9,10,3]", violation: "$ uniqueItems"),
        SchemaKeywordCase(
            name: "contains", schema: #"{"contains":{"type":"integer"}}"#, passing: [#"["a",1]"#], failing: #"["a"]"#,
            violation: "$ contains"),
        SchemaKeywordCase(
            name: "minContains", schema: #"{"contains":{"type":"integer"},"minContains":2}"#, passing: ["[1,2]"],
            failing: #"[1,"a"]"#, violation: "$ minContains"),
        SchemaKeywordCase(
            name: "maxContains", schema: #"{"contains":{"type":"integer"},"maxContains":1}"#, passing: [#"[1,"a"]"#],
            failing: "[1,2]", violation: "$ maxContains"),
        SchemaKeywordCase(
            name: "minContains 0", schema: #"{"contains":{"type":"integer"},"minContains":0,"maxContains":1}"#,
            passing: ["[]", #"["a"]"#], failing: "[1,2]", violation: "$ maxContains"),
        // Numbers
        SchemaKeywordCase(
            name: "minimum", schema: #"{"minimum":1}"#, passing: ["1", #""x""#], failing: "0", violation: "$ minimum"),
        SchemaKeywordCase(
            name: "maximum", schema: #"{"maximum":10}"#, passing: ["10"], failing: "10.5", violation: "$ maximum"),
        SchemaKeywordCase(
            name: "exclusiveMinimum", schema: #"{"exclusiveMinimum":0}"#, passing: ["0.1"], failing: "0",
            violation: "$ exclusiveMinimum"),
        SchemaKeywordCase(
            name: "exclusiveMaximum", schema: #"{"exclusiveMaximum":10}"#, passing: ["9.99"], failing: "10",
            violation: "$ exclusiveMaximum"),
        SchemaKeywordCase(
            name: "draft-04 exclusiveMinimum", schema: #"{"minimum":0,"exclusiveMinimum":true}"#, passing: ["1"],
            failing: "0", violation: "$ minimum"),
        SchemaKeywordCase(
            name: "draft-04 exclusiveMaximum", schema: #"{"maximum":5,"exclusiveMaximum":true}"#, passing: ["4.9"],
            failing: "5", violation: "$ maximum"),
        SchemaKeywordCase(
            name: "draft-04 exclusive false", schema: #"{"minimum":0,"exclusiveMinimum":false}"#, passing: ["0"],
            failing: "-1", violation: "$ minimum"),
        SchemaKeywordCase(
            name: "multipleOf decimal", schema: #"{"multipleOf":0.1}"#, passing: ["0.3", "1.2", "0", "-0.7", "3"],
            failing: "0.35", violation: "$ multipleOf"),
        SchemaKeywordCase(
            name: "multipleOf integer", schema: #"{"multipleOf":3}"#, passing: ["9", "-6", "0"], failing: "10",
            violation: "$ multipleOf"),
        // Strings
        SchemaKeywordCase(
            name: "minLength", schema: #"{"minLength":2}"#, passing: [#""é😀""#, #""ab""#], failing: #""😀""#,
            violation: "$ minLength"),
        SchemaKeywordCase(
            name: "maxLength", schema: #"{"maxLength":2}"#, passing: [#""é😀""#, #""""#], failing: #""abc""#,
            violation: "$ maxLength"),
        SchemaKeywordCase(
            name: "pattern is a search", schema: #"{"pattern":"[0-9]{3}"}"#, passing: [#""ab123cd""#, "5"],
            failing: #""ab12cd""#, violation: "$ pattern"),
        // Combinators
        SchemaKeywordCase(
            name: "allOf", schema: #"{"allOf":[{"type":"integer"},{"minimum":1}]}"#, passing: ["1"], failing: "0",
            violation: "$ minimum"),
        SchemaKeywordCase(
            name: "anyOf", schema: #"{"anyOf":[{"type":"string"},{"type":"integer"}]}"#, passing: [#""a""#, "1"],
            failing: "true", violation: "$ anyOf"),
        SchemaKeywordCase(
            name: "oneOf", schema: #"{"oneOf":[{"type":"integer"},{"minimum":2}]}"#, passing: ["1", "2.5", #""x""#],
            failing: "3", violation: "$ oneOf"),
        SchemaKeywordCase(
            name: "not", schema: #"{"not":{"type":"null"}}"#, passing: ["1"], failing: "null", violation: "$ not"),
        SchemaKeywordCase(
            name: "if then", schema: #"{"if":{"properties":{"kind":{"const":"a"}}},"then":{"required":["x"]}}"#,
            passing: [#"{"kind":"a","x":1}"#, #"{"kind":"b"}"#], failing: #"{"kind":"a"}"#, violation: "$ required"),
        SchemaKeywordCase(
            name: "if else", schema: #"{"if":{"properties":{"kind":{"const":"a"}}},"else":{"required":["y"]}}"#,
            passing: [#"{"kind":"a"}"#, #"{"kind":"b","y":1}"#], failing: #"{"kind":"b"}"#, violation: "$ required"),
        // Boolean schemas and OpenAPI
        SchemaKeywordCase(name: "false schema", schema: "false", passing: [], failing: "1", violation: "$ false"),
        SchemaKeywordCase(
            name: "false subschema", schema: #"{"properties":{"debug":false}}"#, passing: ["{}"],
            failing: #"{"debug":true}"#, violation: "$.debug false"),
        SchemaKeywordCase(
            name: "nullable", schema: #"{"type":"string","nullable":true}"#, passing: ["null", #""a""#], failing: "1",
            violation: "$ type"),
        SchemaKeywordCase(
            name: "nullable enum", schema: #"{"type":"string","enum":["a"],"nullable":true}"#,
            passing: ["null", #""a""#], failing: #""b""#, violation: "$ enum"),
        SchemaKeywordCase(
            name: "nullable beside allOf $ref",
            schema: ##"""
                {"$defs":{"a":{"type":"object","required":["city"]}},"nullable":true,"allOf":[{"$ref":"#/$defs/a"}]}
                """##,
            passing: ["null", #"{"city":"Oslo"}"#], failing: "{}", violation: "$ required"),
        SchemaKeywordCase(
            name: "nullable false", schema: #"{"type":"string","nullable":false}"#, passing: [#""a""#],
            failing: "null", violation: "$ type"),
        // References
        SchemaKeywordCase(
            name: "$ref to $defs",
            schema: ##"{"$defs":{"pos":{"type":"integer","minimum":1}},"properties":{"n":{"$ref":"#/$defs/pos"}}}"##,
            passing: [#"{"n":1}"#], failing: #"{"n":0}"#, violation: "$.n minimum"),
        SchemaKeywordCase(
            name: "$ref to definitions",
            schema: ##"{"definitions":{"id":{"type":"string"}},"items":{"$ref":"#/definitions/id"}}"##,
            passing: [#"["a"]"#], failing: #"["a",2]"#, violation: "$[1] type"),
        SchemaKeywordCase(
            name: "$ref with escaped pointer tokens",
            schema: #"""
                {"$defs":{"a/b":{"type":"integer"},"c~d":{"type":"string"},"e f":{"type":"null"}},
                 "properties":{"x":{"$ref":"#/$defs/a~1b"},"y":{"$ref":"#/$defs/c~0d"},"z":{"$ref":"#/$defs/e%20f"}}}
                """#,
            passing: [#"{"x":1,"y":"s","z":null}"#], failing: #"{"x":1,"y":"s","z":0}"#, violation: "$.z type"),
        SchemaKeywordCase(
            name: "$ref into an array",
            schema: ##"{"prefixItems":[{"type":"integer"}],"items":{"$ref":"#/prefixItems/0"}}"##,
            passing: ["[1,2]"], failing: #"[1,"x"]"#, violation: "$[1] type"),
        SchemaKeywordCase(
            name: "$ref beside other keywords",
            schema: ##"{"$defs":{"i":{"type":"integer"}},"$ref":"#/$defs/i","minimum":5}"##,
            passing: ["5"], failing: "3", violation: "$ minimum"),
        SchemaKeywordCase(
            name: "$ref through the root $id",
            schema: #"""
                {"$id":"https://example.com/tool.json","$defs":{"i":{"type":"integer"}},
                 "$ref":"https://example.com/tool.json#/$defs/i"}
                """#,
            passing: ["1"], failing: #""x""#, violation: "$ type"),
        // Annotations and unknown keywords
        SchemaKeywordCase(
            name: "annotations are ignored",
            schema: #"""
                {"title":"t","description":"d","default":1,"examples":[1],"format":"email","deprecated":true,
                 "readOnly":true,"writeOnly":false,"$comment":"c",
                 "$schema":"https://json-schema.org/draft/2020-12/schema",
                 "$id":"urn:x","$anchor":"a","contentMediaType":"text/plain","type":"string"}
                """#,
            passing: [#""not an email""#], failing: "1", violation: "$ type"),
        SchemaKeywordCase(
            name: "unknown keywords are ignored", schema: #"{"foo":{"type":"integer"},"x-vendor":1,"minimum":0}"#,
            passing: [#""a""#, "0"], failing: "-1", violation: "$ minimum"),
    ]

    @Test(arguments: keywordCases)
    func acceptsPassingAndRejectsFailingInstances(_ testCase: SchemaKeywordCase) throws {
        for instance in testCase.passing {
            #expect(try violations(testCase.schema, instance) == [], "\(instance) should pass")
        }
        #expect(try locations(violations(testCase.schema, testCase.failing)) == [testCase.violation])
    }

    @Test func trueAndEmptySchemasAcceptEverything() throws {
        for schema in ["true", "{}", #"{"description":"anything"}"#] {
            for instance in ["null", "0", #""s""#, "[1,{}]", #"{"a":[]}"#] {
                #expect(try violations(schema, instance) == [])
            }
        }
    }

    @Test func falseSchemaRejectsEverything() throws {
        for instance in ["null", "0", #""s""#, "[]", "{}"] {
            #expect(try locations(violations("false", instance)) == ["$ false"])
        }
    }

    @Test func uniqueItemsFalseAllowsDuplicates() throws {
        #expect(try violations(#"{"uniqueItems":false}"#, "[1,1]") == [])
    }

    @Test func thenAndElseWithoutIfAreIgnored() throws {
        #expect(try violations(#"{"then":false,"else":false}"#, "1") == [])
    }
}

// MARK: - Messages

struct JSONSchemaMessageTests {
    @Test func rejectsStringWhereIntegerExpected() throws {
        let found = try violations(#"{"properties":{"quantity":{"type":"integer"}}}"#, #"{"quantity":"fifty"}"#)
        let violation = try #require(found.first)
        #expect(found.count == 1)
        #expect(violation.path.description == "$.quantity")
        #expect(violation.rule == "type")
        #expect(violation.message == #"expected integer, found string "fifty""#)
        #expect(violation.description == #"$.quantity: expected integer, found string "fifty" (type)"#)
    }

    @Test func treatsIntegralDoublesAsIntegers() throws {
        #expect(try violations(#"{"type":"integer"}"#, "50.0") == [])
        let violation = try #require(violations(#"{"type":"integer"}"#, "50.5").first)
        #expect(violation.message == "expected integer, found number 50.5")
    }

    @Test(arguments: [
        (#"{"type":["string","null"]}"#, "1", "expected string or null, found number 1"),
        (#"{"type":["integer","string","null"]}"#, "true", "expected integer, string or null, found boolean true"),
        (#"{"type":"string","nullable":true}"#, "1", "expected string or null, found number 1"),
        (#"{"required":["vendor_id"]}"#, "{}", #"missing required property "vendor_id""#),
        (#"{"minimum":1}"#, "0", "must be >= 1, found 0"),
        (#"{"exclusiveMinimum":0}"#, "0", "must be > 0, found 0"),
        (#"{"maximum":10}"#, "10.5", "must be <= 10, found 10.5"),
        (#"{"exclusiveMaximum":10}"#, "10", "must be < 10, found 10"),
        (#"{"multipleOf":0.01}"#, "1.005", "must be a multiple of 0.01, found 1.005"),
        (#"{"minLength":3}"#, #""ab""#, "must be at least 3 characters long, found 2"),
        (#"{"maxLength":1}"#, #""ab""#, "must be at most 1 character long, found 2"),
        (#"{"pattern":"^[A-Z]{3}$"}"#, #""usd""#, #"must match pattern "^[A-Z]{3}$", found string "usd""#),
        (#"{"enum":["USD","EUR"]}"#, #""usd""#, #"must be one of "USD", "EUR"; found string "usd""#),
        (#"{"enum":["USD"]}"#, #""usd""#, #"must be "USD"; found string "usd""#),
        (#"{"const":{"a":1}}"#, "2", #"must be {"a":1}; found number 2"#),
        (#"{"minItems":1}"#, "[]", "must have at least 1 item, found 0"),
        (#"{"maxItems":2}"#, "[1,2,3]", "must have at most 2 items, found 3"),
        (#"{"minProperties":2}"#, "{}", "must have at least 2 properties, found 0"),
        (#"{"maxProperties":1}"#, #"{"a":1,"b":2}"#, "must have at most 1 property, found 2"),
        (#"{"uniqueItems":true}"#, "[1,2,1]", "must not contain duplicates, found equal items at [0] and [2]"),
        (#"{"contains":{"type":"integer"}}"#, "[]", #"must contain an item matching {"type":"integer"}, found 0"#),
        (#"{"prefixItems":[{}],"items":false}"#, "[1,2,3]", "must have at most 1 item, found 3"),
        (#"{"not":{"type":"null"}}"#, "null", #"must not match {"type":"null"}"#),
        (
            #"{"dependentRequired":{"card":["billing"]}}"#, #"{"card":1}"#,
            #"missing property "billing", required when "card" is present"#
        ),
        (
            #"{"propertyNames":{"maxLength":2}}"#, #"{"abc":1}"#,
            #"invalid property name "abc": must be at most 2 characters long, found 3"#
        ),
        ("false", "1", "no value is allowed here, found number 1"),
    ])
    func explainsWhatWasExpectedAndFound(schema: String, instance: String, message: String) throws {
        #expect(try violations(schema, instance).map(\.message) == [message])
    }

    @Test func suggestsTheNearestPropertyForAnUnexpectedOne() throws {
        let schema = #"{"properties":{"color":{},"size":{}},"additionalProperties":false}"#
        let found = try violations(schema, #"{"colour":"red","zzz":1}"#)
        #expect(
            found.map(\.message) == [
                #"unexpected property "colour"; did you mean "color"?"#, #"unexpected property "zzz""#,
            ])
        #expect(found.map(\.path.description) == ["$.colour", "$.zzz"])
    }

    @Test func namesTheClosestAnyOfAlternative() throws {
        let schema = #"""
            {"anyOf":[
                {"type":"string"},
                {"type":"object","properties":{"quantity":{"type":"integer"}},"required":["quantity","sku"]}
            ]}
            """#
        let found = try violations(schema, #"{"quantity":"fifty","sku":"A1"}"#)
        let violation = try #require(found.first)
        #expect(found.count == 1)
        #expect(violation.rule == "anyOf")
        #expect(violation.path == .root)
        #expect(
            violation.message
                == "does not match any of 2 alternatives; closest is alternative 2: "
                + #"$.quantity: expected integer, found string "fifty" (type)"#
        )
    }

    @Test func countsFurtherProblemsOfTheClosestAlternative() throws {
        let schema = #"{"oneOf":[{"type":"null"},{"type":"object","required":["a","b"]}]}"#
        let violation = try #require(violations(schema, "{}").first)
        #expect(violation.rule == "oneOf")
        #expect(
            violation.message
                == "does not match any of 2 alternatives; closest is alternative 2: "
                + #"$: missing required property "a" (required) and 1 more problem"#
        )
    }

    @Test func reportsWhichOneOfAlternativesOverlap() throws {
        let schema = #"{"oneOf":[{"type":"integer"},{"minimum":2},{"type":"string"}]}"#
        let violation = try #require(violations(schema, "3").first)
        #expect(violation.message == "matches alternatives 1 and 2 of 3, but must match exactly one")
    }

    @Test func anyOfFailureInsideAnArrayIsReportedAtTheItem() throws {
        let schema = #"{"items":{"anyOf":[{"type":"string"},{"type":"integer"}]}}"#
        #expect(try locations(violations(schema, #"["a",1,null]"#)) == ["$[2] anyOf"])
    }

    @Test func truncatesLongEnumsInMessages() throws {
        let values = (1...30).map { JSONValue.number(Double($0)) }
        let schema = try JSONSchema(.object(["enum": .array(values)]))
        let violation = try #require(schema.validate(0).first)
        #expect(violation.message.hasSuffix(", 20, … (10 more); found number 0"))
        #expect(schema.validate(30) == [])
    }
}

// MARK: - Paths and order

struct JSONSchemaReportingTests {
    static let orderSchema = #"""
        {
          "type": "object",
          "properties": {
            "vendor_id": {"type": "string"},
            "currency": {"enum": ["USD", "EUR"]},
            "items": {
              "type": "array",
              "minItems": 1,
              "items": {
                "type": "object",
                "properties": {
                  "sku": {"type": "string", "pattern": "^[A-Z]{2}-[0-9]+$"},
                  "quantity": {"type": "integer", "minimum": 1}
                },
                "required": ["sku", "quantity"],
                "additionalProperties": false
              }
            }
          },
          "required": ["vendor_id", "items", "approver"],
          "additionalProperties": false
        }
        """#

    @Test func reportsEveryViolationInAStableOrder() throws {
        let instance = #"""
            {
              "currency": "usd",
              "colour": "red",
              "items": [
                {"sku": "AB-1", "quantity": 2},
                {"sku": "ab-2", "quantity": 0},
                {"quantity": "fifty", "note": "x"}
              ]
            }
            """#
        let found = try violations(Self.orderSchema, instance)
        #expect(
            locations(found) == [
                "$ required",
                "$ required",
                "$.colour additionalProperties",
                "$.currency enum",
                "$.items[1].quantity minimum",
                "$.items[1].sku pattern",
                "$.items[2] required",
                "$.items[2].note additionalProperties",
                "$.items[2].quantity type",
            ])
        #expect(found[0].message == #"missing required property "approver""#)
        #expect(found[1].message == #"missing required property "vendor_id""#)
        #expect(found[8].message == #"expected integer, found string "fifty""#)
    }

    @Test func reportsTheSameViolationsEveryTime() throws {
        let schema = try compiled(Self.orderSchema)
        let instance = try JSONParser.parse(
            #"{"z":1,"y":2,"x":3,"w":4,"items":[{"b":1,"a":2,"sku":1,"quantity":1.5}],"v":5}"#)
        let first = schema.validate(instance)
        #expect(first.count == 11)
        for _ in 0..<20 { #expect(schema.validate(instance) == first) }
    }

    @Test func quotesPathKeysThatAreNotIdentifiers() throws {
        let schema = #"{"properties":{"unit price":{"properties":{"0":{"type":"number"}}}}}"#
        #expect(try locations(violations(schema, #"{"unit price":{"0":"x"}}"#)) == [#"$["unit price"]["0"] type"#])
    }

    @Test func reportsViolationsFromEveryAllOfBranch() throws {
        let schema = #"{"allOf":[{"required":["a"]},{"required":["b"]},{"minProperties":3}]}"#
        #expect(try locations(violations(schema, "{}")) == ["$ required", "$ required", "$ minProperties"])
    }

    @Test func reportsTypeAndEnumTogether() throws {
        #expect(try locations(violations(#"{"type":"string","enum":["a"]}"#, "1")) == ["$ type", "$ enum"])
    }

    @Test func checksPropertiesMatchedByBothPropertiesAndPatternProperties() throws {
        let schema = #"{"properties":{"x-id":{"type":"string"}},"patternProperties":{"^x-":{"minLength":3}}}"#
        #expect(try locations(violations(schema, #"{"x-id":"a"}"#)) == ["$.x-id minLength"])
        #expect(try locations(violations(schema, #"{"x-id":1}"#)) == ["$.x-id type"])
    }
}

// MARK: - Numbers and strings

struct JSONSchemaNumberAndStringTests {
    @Test(
        arguments: [
            (0.1, 0.3, true), (0.1, 1.2, true), (0.01, 19.99, true), (0.01, 0.07, true), (0.5, 1.5, true),
            (2.5, 10, true), (2.5, 5, true), (0.0001, 0.0075, true), (1e-8, 0.00000003, true), (0.1, 1e300, true),
            (0.1, 0.35, false), (0.5, 0.75, false), (2.5, 1, false), (0.01, 1.005, false),
            (0.1, 0.30000000000000004, false),
            (3, 10, false), (1.5, 4.5, true), (1.5, 4, false), (7, -14, true), (0.3, 0.9, true), (0.3, 1, false),
        ] as [(Double, Double, Bool)])
    func checksMultipleOfInDecimal(divisor: Double, number: Double, valid: Bool) throws {
        let schema = try JSONSchema(["multipleOf": .number(divisor)])
        #expect(schema.isValid(.number(number)) == valid)
        #expect(schema.validate(.number(number)).isEmpty == valid)
    }

    @Test(
        arguments: [
            ("é", 1), ("e\u{301}", 2), ("😀", 1), ("👍🏽", 2), ("日本", 2), ("", 0), ("abc", 3),
        ] as [(String, Int)])
    func countsCodePointsForLength(text: String, codePoints: Int) throws {
        let exact = try JSONSchema(["minLength": .number(Double(codePoints)), "maxLength": .number(Double(codePoints))])
        #expect(exact.validate(.string(text)) == [])
        let longer = try JSONSchema(["minLength": .number(Double(codePoints + 1))])
        #expect(longer.validate(.string(text)).map(\.rule) == ["minLength"])
        if codePoints > 0 {
            let shorter = try JSONSchema(["maxLength": .number(Double(codePoints - 1))])
            #expect(shorter.validate(.string(text)).map(\.rule) == ["maxLength"])
        }
    }

    @Test(
        arguments: [
            // Unanchored: a match anywhere passes.
            ("[0-9]{3}", "order 123 shipped", true),
            ("^abc", "xabc", false),
            ("abc$", "abcx", false),
            ("^[a-z]+$", "abc", true),
            // ECMA-262 `$` is the end of input, not "before a final newline" as in ICU and Python.
            ("^[a-z]+$", "abc\n", false),
            // ECMA-262 `\d` and `\w` are ASCII.
            (#"^\d+$"#, "٣", false),
            (#"^\d+$"#, "42", true),
            (#"^[\d.]+$"#, "4.2", true),
            (#"^\w+$"#, "é", false),
            (#"^\W$"#, "é", true),
            (#"^\D$"#, "x", true),
            // ECMA-262 `\s` includes U+FEFF but not U+0085; `.` stops only at line terminators.
            (#"^\s$"#, "\u{FEFF}", true),
            (#"^\s$"#, "\u{85}", false),
            (#"^[\s,]+$"#, " ,\u{3000}", true),
            (#"^\S$"#, "\u{FEFF}", false),
            ("^.$", "\u{0B}", true),
            ("^.$", "\n", false),
            ("^.$", "\u{2028}", false),
            // Braces that are not quantifiers are literals; quantifiers still work.
            ("a{", "a{", true),
            ("^{}$", "{}", true),
            ("^x{2,3}$", "xxx", true),
            ("^x{2,}$", "x", false),
            // ECMA reads `[` and `&&` inside a class as literals.
            ("^[[]$", "[", true),
            ("^[a&&b]$", "&", true),
            ("^[:a]$", ":", true),
            // ECMA's empty classes.
            ("^[^]$", "\n", true),
            ("[]", "anything", false),
            // Unicode escapes and properties.
            (#"^\p{L}+$"#, "héllo", true),
            (#"^\u{1F600}$"#, "😀", true),
            (#"^\u00e9$"#, "é", true),
            (#"^\$\d+\.\d{2}$"#, "$19.99", true),
            (".", "", false),
        ] as [(String, String, Bool)])
    func matchesPatternsAsECMAScript(pattern: String, text: String, matches: Bool) throws {
        let schema = try JSONSchema(["pattern": .string(pattern)])
        #expect(schema.isValid(.string(text)) == matches)
    }

    @Test func compilesPatternPropertiesAsSearches() throws {
        let schema = #"{"patternProperties":{"id":{"type":"integer"}},"additionalProperties":false}"#
        #expect(try violations(schema, #"{"user_id":1,"idx":2}"#) == [])
        #expect(
            try locations(violations(schema, #"{"user_id":"x","name":1}"#)) == [
                "$.name additionalProperties", "$.user_id type",
            ])
    }

    @Test func comparesNumbersByValue() throws {
        #expect(try violations(#"{"const":1}"#, "1.0") == [])
        #expect(try violations(#"{"enum":[0]}"#, "-0") == [])
        #expect(try violations(#"{"const":[1,{"a":2}]}"#, #"[1.0,{"a":2e0}]"#) == [])
    }
}

// MARK: - References

struct JSONSchemaReferenceTests {
    static let tree = #"""
        {
          "$defs": {
            "node": {
              "type": "object",
              "properties": {
                "value": {"type": "integer"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}
              },
              "required": ["value"]
            }
          },
          "$ref": "#/$defs/node"
        }
        """#

    @Test func validatesRecursiveSchemas() throws {
        let valid = #"{"value":1,"children":[{"value":2},{"value":3,"children":[{"value":4,"children":[]}]}]}"#
        #expect(try violations(Self.tree, valid) == [])
        let invalid = #"{"value":1,"children":[{"value":2,"children":[{"value":"x"},{}]}]}"#
        #expect(
            try locations(violations(Self.tree, invalid)) == [
                "$.children[0].children[0].value type", "$.children[0].children[1] required",
            ])
    }

    @Test func validatesRecursionThroughTheRoot() throws {
        let schema = ##"""
            {"type":"object","properties":{"name":{"type":"string"},"next":{"$ref":"#"}},"additionalProperties":false}
            """##
        #expect(try violations(schema, #"{"name":"a","next":{"name":"b","next":{}}}"#) == [])
        #expect(
            try locations(violations(schema, #"{"next":{"next":{"nmae":"c"}}}"#)) == [
                "$.next.next.nmae additionalProperties"
            ])
    }

    @Test func validatesMutuallyRecursiveDefinitions() throws {
        let schema = #"""
            {"definitions":{
                "expr":{"anyOf":[{"type":"number"},{"$ref":"#/definitions/sum"}]},
                "sum":{"type":"object","properties":{"terms":{"type":"array","items":{"$ref":"#/definitions/expr"}}},
                       "required":["terms"]}},
             "$ref":"#/definitions/expr"}
            """#
        #expect(try violations(schema, #"{"terms":[1,{"terms":[2,3]},{"terms":[]}]}"#) == [])
        #expect(try locations(violations(schema, #"{"terms":[1,{"terms":["x"]}]}"#)) == ["$ anyOf"])
    }

    @Test func validatesDeeplyNestedInstances() throws {
        var instance: JSONValue = ["value": 0]
        for depth in 1...200 { instance = ["value": .number(Double(depth)), "children": [instance]] }
        let schema = try compiled(Self.tree)
        #expect(schema.isValid(instance))
        #expect(schema.validate(instance) == [])
    }

    @Test func appliesASharedDefinitionWhereverItIsReferenced() throws {
        let schema = ##"""
            {"$defs":{"money":{"type":"number","minimum":0}},
             "properties":{"a":{"$ref":"#/$defs/money"},"b":{"$ref":"#/$defs/money"}}}
            """##
        #expect(try locations(violations(schema, #"{"a":-1,"b":-2}"#)) == ["$.a minimum", "$.b minimum"])
    }
}

// MARK: - Schema errors

struct JSONSchemaCompileErrorTests {
    static let unknownType =
        #"unknown type "interger"; expected one of array, boolean, integer, null, number, object, string"#

    @Test(arguments: [
        ("[]", "$", "expected a schema (an object or a boolean), found array of 0"),
        ("1", "$", "expected a schema (an object or a boolean), found number 1"),
        (#"{"type":"interger"}"#, "$.type", unknownType),
        (#"{"properties":{"quantity":{"type":"interger"}}}"#, "$.properties.quantity.type", unknownType),
        (#"{"type":["string","interger"]}"#, "$.type[1]", unknownType),
        (#"{"type":["string",1]}"#, "$.type[1]", "expected a type name, found number 1"),
        (#"{"type":[]}"#, "$.type", "expected a type name or a non-empty array of type names, found array of 0"),
        (#"{"type":5}"#, "$.type", "expected a type name or a non-empty array of type names, found number 5"),
        (#"{"required":"a"}"#, "$.required", #"expected an array of property names, found string "a""#),
        (#"{"required":["a",1]}"#, "$.required[1]", "expected a property name string, found number 1"),
        (#"{"properties":[]}"#, "$.properties", "expected an object of schemas, found array of 0"),
        (#"{"properties":{"a":1}}"#, "$.properties.a", "expected a schema (an object or a boolean), found number 1"),
        (#"{"minLength":-1}"#, "$.minLength", "expected a non-negative integer, found number -1"),
        (#"{"maxLength":1.5}"#, "$.maxLength", "expected a non-negative integer, found number 1.5"),
        (#"{"minItems":"1"}"#, "$.minItems", #"expected a non-negative integer, found string "1""#),
        (#"{"maxItems":null}"#, "$.maxItems", "expected a non-negative integer, found null"),
        (#"{"minProperties":true}"#, "$.minProperties", "expected a non-negative integer, found boolean true"),
        (#"{"maxProperties":-2}"#, "$.maxProperties", "expected a non-negative integer, found number -2"),
        (#"{"minContains":-1}"#, "$.minContains", "expected a non-negative integer, found number -1"),
        (#"{"maxContains":0.5}"#, "$.maxContains", "expected a non-negative integer, found number 0.5"),
        (#"{"minimum":"0"}"#, "$.minimum", #"expected a number, found string "0""#),
        (#"{"maximum":[]}"#, "$.maximum", "expected a number, found array of 0"),
        (
            #"{"exclusiveMinimum":"0"}"#, "$.exclusiveMinimum",
            #"expected a number (or a boolean, draft-04 style), found string "0""#
        ),
        (#"{"multipleOf":0}"#, "$.multipleOf", "expected a number greater than 0, found 0"),
        (#"{"multipleOf":-0.5}"#, "$.multipleOf", "expected a number greater than 0, found -0.5"),
        (#"{"multipleOf":"1"}"#, "$.multipleOf", #"expected a number, found string "1""#),
        (#"{"enum":"a"}"#, "$.enum", #"expected an array of allowed values, found string "a""#),
        (#"{"pattern":"([a-z"}"#, "$.pattern", #"invalid regular expression "([a-z""#),
        (#"{"pattern":5}"#, "$.pattern", "expected a regular expression string, found number 5"),
        (#"{"patternProperties":{"(":{}}}"#, #"$.patternProperties["("]"#, #"invalid regular expression "(""#),
        (#"{"patternProperties":[]}"#, "$.patternProperties", "expected an object of schemas, found array of 0"),
        (#"{"items":5}"#, "$.items", "expected a schema or an array of schemas, found number 5"),
        (#"{"items":[{},3]}"#, "$.items[1]", "expected a schema (an object or a boolean), found number 3"),
        (
            #"{"prefixItems":[{}],"items":[{}]}"#, "$.items",
            "expected a single schema, since prefixItems gives the tuple"
        ),
        (#"{"prefixItems":[]}"#, "$.prefixItems", "expected a non-empty array of schemas, found array of 0"),
        (
            #"{"additionalItems":"no"}"#, "$.additionalItems",
            #"expected a schema or an array of schemas, found string "no""#
        ),
        (#"{"allOf":[]}"#, "$.allOf", "expected a non-empty array of schemas, found array of 0"),
        (#"{"anyOf":{}}"#, "$.anyOf", "expected a non-empty array of schemas, found object with 0 keys"),
        (#"{"oneOf":[{},1]}"#, "$.oneOf[1]", "expected a schema (an object or a boolean), found number 1"),
        (#"{"not":"x"}"#, "$.not", #"expected a schema (an object or a boolean), found string "x""#),
        (#"{"if":true,"then":[]}"#, "$.then", "expected a schema (an object or a boolean), found array of 0"),
        (#"{"contains":null}"#, "$.contains", "expected a schema (an object or a boolean), found null"),
        (#"{"propertyNames":1}"#, "$.propertyNames", "expected a schema (an object or a boolean), found number 1"),
        (
            #"{"additionalProperties":1}"#, "$.additionalProperties",
            "expected a schema (an object or a boolean), found number 1"
        ),
        (#"{"uniqueItems":"yes"}"#, "$.uniqueItems", #"expected true or false, found string "yes""#),
        (#"{"nullable":"yes"}"#, "$.nullable", #"expected true or false, found string "yes""#),
        (
            #"{"dependentRequired":{"a":"b"}}"#, "$.dependentRequired.a",
            #"expected an array of property names, found string "b""#
        ),
        (
            #"{"dependentSchemas":{"a":2}}"#, "$.dependentSchemas.a",
            "expected a schema (an object or a boolean), found number 2"
        ),
        (
            #"{"dependencies":{"a":2}}"#, "$.dependencies.a",
            "expected an array of property names or a schema, found number 2"
        ),
        (
            #"{"$defs":{"bad":{"type":"nope"}}}"#, "$.$defs.bad.type",
            #"unknown type "nope"; expected one of array, boolean, integer, null, number, object, string"#
        ),
        (#"{"definitions":[]}"#, "$.definitions", "expected an object of schemas, found array of 0"),
    ])
    func rejectsInvalidSchemasWithTheirPath(schema: String, path: String, message: String) throws {
        let error = try compileError(schema)
        #expect(error.path.description == path)
        #expect(error.message == message)
        #expect(error.description == "\(path): \(message)")
    }

    @Test(arguments: [
        (
            ##"{"$defs":{},"$ref":"#/$defs/Missing"}"##,
            ##"$ref "#/$defs/Missing" does not resolve: $.$defs has no member "Missing""##
        ),
        (
            ##"{"$ref":"#/definitions/Item"}"##,
            ##"$ref "#/definitions/Item" does not resolve: $ has no member "definitions""##
        ),
        (##"{"allOf":[{}],"$ref":"#/allOf/1"}"##, ##"$ref "#/allOf/1" does not resolve: $.allOf has no element "1""##),
        (
            ##"{"allOf":[{}],"$ref":"#/allOf/01"}"##,
            ##"$ref "#/allOf/01" does not resolve: $.allOf has no element "01""##
        ),
        (
            ##"{"required":["a"],"$ref":"#/required/0/x"}"##,
            ##"$ref "#/required/0/x" does not resolve: $.required[0] is string "a", not an object or array"##
        ),
        (
            ##"{"required":["a"],"$ref":"#/required"}"##,
            ##"$ref "#/required" points to array of 1 at $.required, which is not a schema"##
        ),
        (
            ##"{"$ref":"https://example.com/schemas/item.json"}"##,
            #"$ref "https://example.com/schemas/item.json" points outside this schema; "#
                + ##"only local references such as "#/$defs/Name" are supported"##
        ),
        (
            ##"{"$ref":"item.json#/$defs/x"}"##,
            ##"$ref "item.json#/$defs/x" points outside this schema; "##
                + ##"only local references such as "#/$defs/Name" are supported"##
        ),
        (
            ##"{"$ref":"#node"}"##,
            ##"$ref "#node" names an anchor; only JSON pointer references such as "#/$defs/Name" are supported"##
        ),
        (
            ##"{"$defs":{"a":{}},"$ref":"#/$defs/a~2"}"##,
            ##"$ref "#/$defs/a~2" is not a valid JSON pointer: "~" must be followed by 0 or 1"##
        ),
        (##"{"$ref":"#/$defs/a%zz"}"##, ##"$ref "#/$defs/a%zz" has invalid percent-encoding"##),
        (
            ##"{"$ref":"#"}"##,
            ##"$ref "#" forms a cycle that never descends into the instance, so validation could never finish"##
        ),
    ])
    func rejectsReferencesItCannotResolve(schema: String, message: String) throws {
        let error = try compileError(schema)
        #expect(error.path.description == "$.$ref")
        #expect(error.message == message)
    }

    @Test func rejectsAReferenceTypedAsSomethingElse() throws {
        let error = try compileError(#"{"$ref":5}"#)
        #expect(error.path.description == "$.$ref")
        #expect(error.message == "expected a reference string, found number 5")
    }

    @Test func namesTheReferenceInsideNestedSchemas() throws {
        let error = try compileError(##"{"items":{"properties":{"x":{"$ref":"#/$defs/nope"}}}}"##)
        #expect(error.path.description == "$.items.properties.x.$ref")
    }

    @Test func rejectsReferenceCyclesThatNeverConsumeInput() throws {
        let error = try compileError(
            ##"{"$defs":{"a":{"$ref":"#/$defs/b"}, "b":{"allOf":[{"$ref":"#/$defs/a"}]}}, "$ref":"#/$defs/a"}"##)
        #expect(error.message.contains("forms a cycle that never descends into the instance"))
        #expect(["$.$defs.a.$ref", "$.$defs.b.allOf[0].$ref"].contains(error.path.description))
    }

    @Test func reportsBrokenDefinitionsEvenWhenUnused() throws {
        let error = try compileError(#"{"type":"object","$defs":{"unused":{"minimum":"zero"}}}"#)
        #expect(error.path.description == "$.$defs.unused.minimum")
    }
}

// MARK: - The value itself

struct JSONSchemaValueTests {
    @Test func keepsItsSourceAndComparesBySource() throws {
        let source = try JSONParser.parse(#"{"type":"object","required":["a"]}"#)
        let schema = try JSONSchema(source)
        #expect(schema.source == source)
        #expect(try schema == JSONSchema(JSONParser.parse(#"{"required":["a"],"type":"object"}"#)))
        #expect(try schema != JSONSchema(JSONParser.parse(#"{"type":"object"}"#)))
        #expect(Set([schema, schema]).count == 1)
    }

    @Test func validatesConcurrentlyFromManyTasks() async throws {
        let schema = try compiled(
            #"{"type":"object","properties":{"code":{"type":"string","pattern":"^[A-Z]{3}$"}},"required":["code"]}"#)
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let code: JSONValue = index.isMultiple(of: 2) ? "ABC" : "abc"
                    return schema.isValid(["code": code]) == index.isMultiple(of: 2)
                        && schema.validate(["code": code]).isEmpty == index.isMultiple(of: 2)
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0 })
    }

    @Test func validatesAnOpenAIToolSchema() throws {
        let schema = try compiled(
            #"""
            {
              "type": "object",
              "properties": {
                "location": {"type": "string", "description": "City and country e.g. Bogotá, Colombia"},
                "units": {"type": ["string", "null"], "enum": ["celsius", "fahrenheit", null]}
              },
              "required": ["location", "units"],
              "additionalProperties": false
            }
            """#)
        #expect(schema.validate(["location": "Paris, France", "units": nil]) == [])
        #expect(schema.validate(["location": "Paris, France", "units": "celsius"]) == [])
        let found = schema.validate(["location": 75, "units": "kelvin", "days": 3])
        #expect(
            found.map(\.description) == [
                "$.days: unexpected property \"days\" (additionalProperties)",
                "$.location: expected string, found number 75 (type)",
                "$.units: must be one of \"celsius\", \"fahrenheit\", null; found string \"kelvin\" (enum)",
            ])
    }
}
