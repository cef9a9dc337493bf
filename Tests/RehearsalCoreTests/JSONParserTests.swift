import RehearsalCore
import Testing

struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#"{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "d"}, "e": ""}"#)
        #expect(value == ["a": [1, 2.5, -300, true, false, nil], "b": ["c": "d"], "e": ""])
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#""line\nbreak \"quoted\" \\ \/ \u00e9 \ud83d\ude00""#)
        #expect(value == .string("line\nbreak \"quoted\" \\ / é 😀"))
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "expected a key in double quotes"),
        ("[1 2]", 1, 4, "expected ',' or ']'"),
        ("{\n  \"a\": tru\n}", 2, 8, "expected 'true'"),
        ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key \"a\""),
        ("\"abc", 1, 1, "unterminated string"),
        ("[01]", 1, 2, "leading zeros"),
        ("{} x", 1, 4, "expected end of document"),
        ("", 1, 1, "expected a value"),
        ("\"\\ud800\"", 1, 8, "unpaired surrogate"),
    ])
    func reportsSyntaxErrorsWithLineAndColumn(text: String, line: Int, column: Int, message: String) {
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.line == line && error.column == column && error.message.contains(message)
        }
    }

    @Test func rejectsNestingBeyondTheLimit() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
    }

    @Test func locatesAJSONPathInTheSourceText() throws {
        let text = """
            {
              "expect": {
                "toolCalls": [
                  {"name": "a"},
                  {"name": 3}
                ]
              }
            }
            """
        let path = JSONPath.root.appending("expect").appending("toolCalls").appending(1).appending("name")
        let place = try #require(JSONParser.location(of: path, in: text))
        #expect(place.line == 5)
        #expect(place.column == 16)  // `      {"name": 3}`: the 3 is the 16th character
    }

    @Test func countsColumnsInCharactersNotBytes() throws {
        let text = #"{"é": "ü", "x": 1}"#
        let place = try #require(JSONParser.location(of: JSONPath.root.appending("x"), in: text))
        #expect(place.column == 17)
    }
}

struct JSONSerializationTests {
    @Test func sortsKeysAndPrintsIntegersWithoutFraction() {
        let value: JSONValue = ["b": 50.0, "a": [1.5, "x"], "c": nil]
        #expect(value.serialized() == #"{"a":[1.5,"x"],"b":50,"c":null}"#)
    }

    @Test func escapesControlCharactersAndQuotes() {
        let value = JSONValue.string("a\"b\\c\n\u{01}")
        #expect(value.serialized() == #""a\"b\\c\n\u0001""#)
    }

    @Test func roundTripsThroughTheParser() throws {
        let value: JSONValue = ["nested": ["list": [1, 2, ["deep": true]]], "text": "é😀", "n": -0.000125, "big": 1e20]
        #expect(try JSONParser.parse(value.serialized()) == value)
        #expect(try JSONParser.parse(value.serialized(.pretty)) == value)
    }

    @Test func treatsFiftyAndFiftyPointZeroAsEqual() throws {
        #expect(try JSONParser.parse("50") == JSONParser.parse("50.0"))
        #expect(try JSONParser.parse("{\"q\": 50}").isInteger == false)
        #expect(JSONValue.number(50).isInteger)
    }

    @Test func prettyPrintsWithTwoSpaces() {
        let value: JSONValue = ["a": [1]]
        #expect(value.serialized(.pretty) == "{\n  \"a\": [\n    1\n  ]\n}")
    }
}

struct JSONObjectReaderTests {
    @Test func rejectsAnUnknownKeyAndSuggestsTheNearest() {
        let value: JSONValue = ["name": "x", "expcet": [:]]
        #expect {
            try JSONObjectReader(value, at: .root, keys: ["name", "expect"])
        } throws: { error in
            let error = error as? JSONDecodingError
            return error?.path == JSONPath.root.appending("expcet") && error?.message.contains("did you mean \"expect\"?") == true
        }
    }

    @Test func namesTheMissingKeyAndTheWrongType() throws {
        let reader = try JSONObjectReader(["count": "three"], at: JSONPath.root.appending("limits"), keys: ["count", "name"])
        #expect(throws: JSONDecodingError.self) { try reader.decode("name", as: String.self) }
        do {
            _ = try reader.decode("count", as: Int.self)
            Issue.record("decoding a string as an integer succeeded")
        } catch let error as JSONDecodingError {
            #expect(error.description == #"$.limits.count: expected an integer, found string "three""#)
        }
    }

    @Test func allowsSchemaAndCommentKeysEverywhere() throws {
        _ = try JSONObjectReader(["$schema": "x", "$comment": "y"], at: .root, keys: [])
    }

    @Test func writesPathsWithOddKeysInBrackets() {
        let path = JSONPath.root.appending("a b").appending(2).appending("ok_key")
        #expect(path.description == #"$["a b"][2].ok_key"#)
    }
}

struct InputErrorTests {
    @Test func placesADecodingErrorAtItsLineAndColumn() {
        let text = "{\n  \"userId\": 42\n}"
        #expect {
            try JSONFile.decode(Principal.self, from: text, file: "p.json")
        } throws: { error in
            (error as? InputError)?.description == #"p.json:2:13: $.userId: expected a string, found number 42"#
        }
    }

    @Test func numbersJSONLinesErrorsByLine() {
        let text = "\"a\"\n\n{\"oops\"\n"
        #expect {
            try JSONFile.decodeLines(JSONValue.self, from: text, file: "f.jsonl")
        } throws: { error in
            let error = error as? InputError
            return error?.line == 3 && error?.file == "f.jsonl"
        }
    }
}

struct DeferredParsingTests {
    func parse(_ text: String, deferring keys: Set<String>) throws -> (members: [String: JSONValue], deferred: [String: String]) {
        var text = text
        return try text.withUTF8 { try JSONParser.parseObject(bytes: $0, deferring: keys) }
    }

    @Test func keepsDeferredValuesAsTheirRawText() throws {
        let text = #"{"key": "k", "request": {"messages": [{"content": "a } \" ] { tricky"}], "n": 5}, "latencyMs": 12, "tail": [1, {"x": null}]}"#
        let result = try parse(text, deferring: ["request", "tail"])
        #expect(result.members == ["key": "k", "latencyMs": 12])
        #expect(result.deferred["request"] == #"{"messages": [{"content": "a } \" ] { tricky"}], "n": 5}"#)
        #expect(result.deferred["tail"] == #"[1, {"x": null}]"#)
        #expect(try JSONParser.parse(result.deferred["request"]!)["n"] == 5)
    }

    @Test(arguments: [#"{"request": 123, "a": 1}"#, #"{"a": 1, "request": true}"#, #"{"request": "x,y}", "a": 1}"#, #"{"request": -1.5e3}"#])
    func skipsScalarsToTheirEnd(text: String) throws {
        let result = try parse(text, deferring: ["request"])
        #expect(try JSONParser.parse(result.deferred["request"]!) == JSONParser.parse(text)["request"])
    }

    @Test(arguments: [#"{"request": {"a": [1, 2}, "b": 1"#, #"{"request": "unterminated}"#, #"{"request": ]}"#, #"["not", "an", "object"]"#])
    func rejectsBrokenDocuments(text: String) {
        #expect(throws: JSONSyntaxError.self) { try parse(text, deferring: ["request"]) }
    }

    @Test func onlyDefersTopLevelKeys() throws {
        let result = try parse(#"{"outer": {"request": 1}}"#, deferring: ["request"])
        #expect(result.members["outer"] == ["request": 1])
        #expect(result.deferred.isEmpty)
    }
}
