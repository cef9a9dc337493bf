// swift-tools-version: 6.0
// Rehearsal: an evaluation-and-replay testbench for tool-using LLM agents.
//
// The arrows between modules point one way (see docs/architecture.md):
// Core <- Replay <- Scenarios <- Evaluation <- Reports <- CLI <- rehearsal.
import PackageDescription

// MARK: - Products

let products: [Product] = [
    .executable(name: "rehearsal", targets: ["rehearsal"]),
    .library(name: "RehearsalCore", targets: ["RehearsalCore"]),
    .library(name: "RehearsalReplay", targets: ["RehearsalReplay"]),
    .library(name: "RehearsalScenarios", targets: ["RehearsalScenarios"]),
    .library(name: "RehearsalEvaluation", targets: ["RehearsalEvaluation"]),
    .library(name: "RehearsalReports", targets: ["RehearsalReports"]),
    .library(name: "RehearsalStore", targets: ["RehearsalStore"]),
    .library(name: "RehearsalImport", targets: ["RehearsalImport"]),
    .library(name: "RehearsalTesting", targets: ["RehearsalTesting"]),
]

// MARK: - Library targets

var targets: [Target] = [
    // JSON, messages, tools, schema validation, gateway, approval, router, the ReAct loop, traces.
    // Foundation only.
    .target(name: "RehearsalCore"),
    // Fixture formats, canonical request keys, replaying and recording decorators, provider wire formats.
    .target(name: "RehearsalReplay", dependencies: ["RehearsalCore"]),
    // Scenario, agent, tool and suite files; loading with precise error locations; the runner.
    .target(name: "RehearsalScenarios", dependencies: ["RehearsalCore", "RehearsalReplay"]),
    // Metrics as pure functions over finished runs.
    .target(name: "RehearsalEvaluation", dependencies: ["RehearsalCore", "RehearsalScenarios"]),
    // Report writers: values in, strings out, no file I/O.
    .target(name: "RehearsalReports", dependencies: ["RehearsalCore", "RehearsalEvaluation"]),
    // The system libsqlite3 as a C module (module.modulemap + shim.h); only RehearsalStore imports it.
    .systemLibrary(name: "RehearsalCSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    // Runs and scenario runs kept in SQLite for audit and history: connection, statements, migrations.
    .target(name: "RehearsalStore", dependencies: ["RehearsalCore", "RehearsalCSQLite"]),
    // Traces recorded outside Rehearsal (OTLP, OpenAI chat logs, τ-bench) read into one shape and written as a
    // suite with its fixtures, recorded through the engine so replay computes the same request keys.
    .target(name: "RehearsalImport", dependencies: ["RehearsalCore", "RehearsalReplay", "RehearsalScenarios"]),
    // Test support shipped as a library: scripted clients, manual clock, helpers, and RehearsalSuite for running a
    // suite from a project's own Swift Testing tests (imports Testing where the toolchain has it).
    .target(
        name: "RehearsalTesting",
        dependencies: ["RehearsalCore", "RehearsalReplay", "RehearsalScenarios", "RehearsalEvaluation"]),
    // Commands as values, argument parsing, exit codes and all file I/O.
    .target(
        name: "RehearsalCLI",
        dependencies: [
            "RehearsalCore", "RehearsalReplay", "RehearsalScenarios", "RehearsalEvaluation", "RehearsalReports", "RehearsalStore",
            "RehearsalImport",
        ]
    ),
    // MARK: - Executable
    .executableTarget(name: "rehearsal", dependencies: ["RehearsalCLI"]),
]

// MARK: - Test targets

targets += [
    .testTarget(name: "RehearsalCoreTests", dependencies: ["RehearsalCore", "RehearsalTesting"]),
    .testTarget(name: "RehearsalReplayTests", dependencies: ["RehearsalReplay", "RehearsalTesting"]),
    .testTarget(name: "RehearsalScenariosTests", dependencies: ["RehearsalScenarios", "RehearsalTesting"]),
    .testTarget(
        name: "RehearsalEvaluationTests", dependencies: ["RehearsalEvaluation", "RehearsalReports", "RehearsalTesting"]),
    .testTarget(name: "RehearsalReportsTests", dependencies: ["RehearsalReports"], exclude: ["Resources", "Goldens"]),
    .testTarget(name: "RehearsalStoreTests", dependencies: ["RehearsalStore", "RehearsalTesting"]),
    .testTarget(name: "RehearsalImportTests", dependencies: ["RehearsalImport", "RehearsalTesting"], exclude: ["Resources"]),
    .testTarget(name: "RehearsalCLITests", dependencies: ["RehearsalCLI", "RehearsalStore", "RehearsalTesting"]),
    .testTarget(
        name: "RehearsalTestingTests", dependencies: ["RehearsalTesting", "RehearsalScenarios", "RehearsalEvaluation"]),
]

// MARK: - Settings shared by every target

let upcomingFeatures: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]
// A system library target has no Swift sources and takes no settings.
for target in targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + upcomingFeatures
}

let package = Package(
    name: "Rehearsal",
    platforms: [.macOS(.v15)],
    products: products,
    targets: targets,
    swiftLanguageModes: [.v6]
)
