import FazhiCore
import FazhiStore
import Vapor

/// Errors of the web layer, each with a stable code, an HTTP status and a Chinese message.
public struct AppError: Error, Sendable {
    public let status: HTTPResponseStatus
    public let code: String
    public let message: String
    public var field: String?

    public init(_ status: HTTPResponseStatus, _ code: String, _ message: String, field: String? = nil) {
        self.status = status; self.code = code; self.message = message; self.field = field
    }

    public static let unauthenticated = AppError(.unauthorized, "unauthenticated", "请先登录")
    public static let forbidden = AppError(.forbidden, "forbidden", "您没有执行此操作的权限")
    public static let notFound = AppError(.notFound, "not_found", "您要找的内容不存在或您无权查看")
    public static let csrf = AppError(.forbidden, "csrf_failed", "页面已过期或请求来源无效，请刷新页面后重试")
    public static let passwordChangeRequired = AppError(.forbidden, "password_change_required", "首次登录须先修改密码")
    public static let undeclaredRoute = AppError(.forbidden, "route_undeclared", "该地址未声明访问权限，已拒绝")

    public static func invalid(_ field: String, _ message: String) -> AppError {
        AppError(.unprocessableEntity, "invalid_input", message, field: field)
    }

    /// Maps any error to what a person or a client should see.
    static func from(_ error: any Error) -> AppError {
        switch error {
        case let e as AppError: return e
        case let e as CoreError:
            switch e {
            case .invalid(let field, let m): return .invalid(field, m)
            case .state(let m): return AppError(.conflict, "invalid_state", m)
            case .forbidden(let m): return AppError(.forbidden, "forbidden", m)
            }
        case is RecordStoreError:
            return .notFound
        case is DecodingError:
            return AppError(.badRequest, "bad_request", "请求内容格式不正确：\(String(describing: error).prefix(200))")
        case let e as any AbortError:
            switch e.status {
            case .notFound: return .notFound
            case .unauthorized: return .unauthenticated
            case .forbidden: return .forbidden
            case .payloadTooLarge: return AppError(.payloadTooLarge, "payload_too_large", "上传内容过大")
            case .unsupportedMediaType: return AppError(.unsupportedMediaType, "unsupported_media_type", "不支持的内容类型")
            default:
                return AppError(e.status, "http_\(e.status.code)", e.status.code < 500 ? "请求无效：\(e.reason)" : "服务器内部错误，请稍后重试")
            }
        default:
            return AppError(.internalServerError, "internal_error", "服务器内部错误，请稍后重试")
        }
    }
}

/// RFC 9457 problem details.
struct Problem: Content {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String
    var field: String?
    var instance: String?

    init(_ e: AppError, path: String) {
        type = "https://fazhi.local/problems/\(e.code)"
        title = e.status.reasonPhrase
        status = Int(e.status.code)
        detail = e.message
        code = e.code
        field = e.field
        instance = path
    }
}
