import FazhiWeb
import Foundation

// Start-up lives in an async function: a top-level `try await app.run()` can pick the
// EventLoopFuture overload and not wait.
exit(await Entry.run(arguments: CommandLine.arguments))
