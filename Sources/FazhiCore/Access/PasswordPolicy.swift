/// Password rules for sign-in accounts: at least 10 characters drawn from at least three of
/// lower case, upper case, digits and symbols.
public enum PasswordPolicy {
    public static let minimumLength = 10

    public static func check(_ password: String, username: String? = nil) throws(CoreError) {
        guard password.count >= minimumLength else {
            throw CoreError.invalid(field: "password", "密码至少需要 \(minimumLength) 个字符")
        }
        guard password.count <= 128 else {
            throw CoreError.invalid(field: "password", "密码不能超过 128 个字符")
        }
        var classes = 0
        if password.contains(where: { $0.isLowercase }) { classes += 1 }
        if password.contains(where: { $0.isUppercase }) { classes += 1 }
        if password.contains(where: { $0.isNumber }) { classes += 1 }
        if password.contains(where: { !$0.isLetter && !$0.isNumber }) { classes += 1 }
        guard classes >= 3 else {
            throw CoreError.invalid(field: "password", "密码需包含大写字母、小写字母、数字、符号中的至少三类")
        }
        if let username, !username.isEmpty, password.lowercased().contains(username.lowercased()) {
            throw CoreError.invalid(field: "password", "密码不能包含登录名")
        }
    }

    /// A random password that satisfies the policy, for first accounts and resets.
    public static func generate(length: Int = 16) -> String {
        let lower = Array("abcdefghijkmnpqrstuvwxyz"), upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        let digits = Array("23456789"), symbols = Array("!@#%^*-_=+")
        var rng = SystemRandomNumberGenerator()
        var chars = [lower.randomElement(using: &rng)!, upper.randomElement(using: &rng)!,
                     digits.randomElement(using: &rng)!, symbols.randomElement(using: &rng)!]
        let all = lower + upper + digits + symbols
        while chars.count < max(length, minimumLength) { chars.append(all.randomElement(using: &rng)!) }
        chars.shuffle(using: &rng)
        return String(chars)
    }
}
