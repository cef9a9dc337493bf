import RehearsalCore
import RehearsalTesting
import Testing

struct GatewayTests {
    let registry = try! ToolRegistry([TestTools.tool("create_po", properties: ["qty": ["type": "integer"]], scopes: ["po:write", "budget:read"], sideEffect: .write)])

    func validated(_ arguments: JSONValue = ["qty": 1]) throws -> ValidatedCall {
        try CallValidator.validate(ToolCall(id: "c1", name: "create_po", arguments: arguments.serialized()), in: registry).get()
    }

    @Test func allowsAPrincipalHoldingEveryScope() throws {
        let principal = Principal(userID: "u1", scopes: ["po:write", "budget:read"])
        let result = Gateway.standard.authorize(try validated(), for: principal)
        #expect(try result.get().principal.userID == "u1")
    }

    @Test func deniesAndNamesEveryMissingScope() throws {
        let principal = Principal(userID: "u2", scopes: ["budget:read"])
        guard case .failure(let denial) = Gateway.standard.authorize(try validated(), for: principal) else {
            Issue.record("the gateway allowed a call without po:write")
            return
        }
        #expect(denial.missingScopes == ["po:write"])
        #expect(denial.reason == "create_po requires scope po:write, which user u2 does not have")
    }

    @Test func honoursWildcardScopes() throws {
        let principal = Principal(userID: "u3", scopes: ["po:*", "budget:read"])
        #expect(throws: Never.self) { try Gateway.standard.authorize(try validated(), for: principal).get() }
        #expect(Principal(userID: "u", scopes: ["po:*"]).holds("pos:write") == false)
    }

    @Test func appliesCustomRulesInOrder() throws {
        let weekdaysOnly = GatewayRule(name: "business-hours") { _, _ in GatewayDenial(rule: "business-hours", reason: "outside business hours") }
        let gateway = Gateway(rules: [.requiredScopes, weekdaysOnly])
        let principal = Principal(userID: "u1", scopes: ["po:write", "budget:read"])
        guard case .failure(let denial) = gateway.authorize(try validated(), for: principal) else {
            Issue.record("custom rule ignored")
            return
        }
        #expect(denial.rule == "business-hours")
    }
}

struct CallValidatorTests {
    let registry = try! ToolRegistry([TestTools.tool("request_quote", properties: ["quantity": ["type": "integer", "minimum": 1], "vendor": ["type": "string"]])])

    @Test func refusesAnUnknownToolAndListsTheAvailableOnes() {
        guard case .failure(let invalid) = CallValidator.validate(ToolCall(id: "c", name: "approve_payment", arguments: "{}"), in: registry) else {
            Issue.record("unknown tool accepted")
            return
        }
        #expect(invalid.kind == .unknownTool)
        #expect(invalid.message.contains("request_quote"))
    }

    @Test func refusesArgumentsThatAreNotJSON() {
        guard case .failure(let invalid) = CallValidator.validate(ToolCall(id: "c", name: "request_quote", arguments: "{quantity: fifty"), in: registry) else {
            Issue.record("malformed JSON accepted")
            return
        }
        #expect(invalid.kind == .malformedJSON)
        #expect(invalid.message.contains("line 1, column 2"))
    }

    @Test func refusesSchemaViolationsNamingPathAndRule() {
        let call = ToolCall(id: "c", name: "request_quote", arguments: #"{"quantity": "fifty", "vendor": "V-1"}"#)
        guard case .failure(let invalid) = CallValidator.validate(call, in: registry) else {
            Issue.record("schema violation accepted")
            return
        }
        #expect(invalid.kind == .schemaViolation)
        #expect(invalid.violations.map(\.path.description) == ["$.quantity"])
        #expect(invalid.violations.map(\.rule) == ["type"])
        #expect(invalid.message.contains("$.quantity"))
    }

    @Test func treatsEmptyArgumentsAsAnEmptyObject() throws {
        let registry = try ToolRegistry([TestTools.tool("ping")])
        #expect(throws: Never.self) { try CallValidator.validate(ToolCall(id: "c", name: "ping", arguments: ""), in: registry).get() }
    }
}
