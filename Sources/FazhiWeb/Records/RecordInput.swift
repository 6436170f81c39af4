import FazhiCore
import FazhiStore
import Vapor

/// Reads typed input into record values, resolving units, people and records of other registers
/// as an import does (`References`: units by code, unique name or id; people by sign-in name or
/// id; records by a title unique in the person's districts, or id).
enum RecordInput {
    static func values(_ type: RecordType, _ input: [String: String], only names: [String]? = nil,
                       existing: RecordValues = [:], reveal: Bool, req: Request) async throws -> RecordValues {
        var typed: [String: Set<String>] = [:]
        for f in type.inputColumns where References.names(f) { typed[f.name] = input[f.name].map { [$0] } }
        let references = try await References.load(type, scope: try req.requirePrincipal().scope, typed: typed, on: req.db)
        var values = existing
        for f in type.inputColumns where names?.contains(f.name) ?? true {
            guard let raw = input[f.name] else { if names != nil { values[f.name] = nil }; continue }
            // A masked value sent back unchanged keeps what is stored.
            if f.personal, !reveal, let old = existing[f.name], raw == FieldInput.display(old, as: f, reveal: false) { continue }
            values[f.name] = try references.value(for: f, raw)
        }
        return values
    }
}
