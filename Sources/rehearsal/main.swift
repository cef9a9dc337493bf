// The `rehearsal` executable: a few lines over RehearsalCLI, which holds everything testable.
import Foundation
import RehearsalCLI

let code = await RehearsalCommandLine.main(arguments: Array(CommandLine.arguments.dropFirst()), context: .live())
exit(code.rawValue)
