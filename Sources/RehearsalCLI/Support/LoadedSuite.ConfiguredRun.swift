import RehearsalCore
import RehearsalScenarios

extension LoadedSuite {
    /// One configuration a command runs, with the suite as it runs it (its models applied) and its prices.
    struct ConfiguredRun {
        var suite: Suite
        var configuration: RunConfiguration
        var prices: PriceTable
    }
}
