import Foundation

/// Dates and times as shown to people: China Standard Time.
public enum Format {
    public static let zone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    public static func dateTime(_ date: Date) -> String { format(date, "yyyy-MM-dd HH:mm") }
    public static func time(_ date: Date) -> String { format(date, "HH:mm") }

    /// 532 B, 12.4 KB, 3.1 MB.
    public static func size(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let kb = Double(bytes) / 1024
        if kb < 1024 { return "\((kb * 10).rounded() / 10) KB" }
        return "\((kb / 1024 * 10).rounded() / 10) MB"
    }

    private static func format(_ date: Date, _ pattern: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "zh_CN")
        f.timeZone = zone
        f.dateFormat = pattern
        return f.string(from: date)
    }
}
