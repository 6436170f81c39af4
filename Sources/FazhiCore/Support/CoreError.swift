/// Errors from domain rules. Each carries a stable code and a message for people in Chinese;
/// the web layer turns them into problem+json or a form message.
public enum CoreError: Error, Equatable, Sendable {
    /// Input that breaks a rule; `field` names the input (API name) it concerns.
    case invalid(field: String, String)
    /// An action not allowed in the current state.
    case state(String)
    /// An action this person may not take on this thing, though they may see it.
    case forbidden(String)

    public var code: String {
        switch self {
        case .invalid: return "invalid_input"
        case .state: return "invalid_state"
        case .forbidden: return "forbidden"
        }
    }

    public var message: String {
        switch self {
        case .invalid(_, let m), .state(let m), .forbidden(let m): return m
        }
    }

    public var field: String? {
        if case .invalid(let f, _) = self { return f }
        return nil
    }
}
