import FazhiWeb

// Start-up lives in an async function: a top-level `try await app.run()` can pick the
// EventLoopFuture overload and not wait.
try await Entry.main(arguments: CommandLine.arguments)
