import RehearsalImport
import Testing

struct ImportedTraceTests {
    @Test(arguments: [
        ("tau-bench.airline.task-3.trial-1", "tau-bench.airline.task-3.trial-1"), ("Refund Flow #42", "refund-flow-42"),
        ("  ", "trace"), ("4bf92f3577b34da6a3ce929d0e0e4736", "4bf92f3577b34da6a3ce929d0e0e4736"), ("A/B..c", "a-b..c"),
    ])
    func makesScenarioIDs(text: String, id: String) {
        #expect(ImportedTrace.scenarioID(text) == id)
    }
}
