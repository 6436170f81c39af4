import Foundation
import NIOCore
import NIOPosix

/// Sends one message over plain SMTP (RFC 5321), as an internal mail relay accepts it: EHLO,
/// MAIL FROM, RCPT TO, DATA, QUIT. The Message-ID is derived from the reminder's idempotency key,
/// so a relay or mailbox that drops repeated Message-IDs sees a re-sent reminder as the same mail.
struct SMTPClient: Sendable {
    let host: String
    let port: Int
    let from: String
    let timeout: TimeInterval

    struct Failure: Error, CustomStringConvertible { let description: String }

    func send(to recipient: String, subject: String, body: String, messageID: String) async throws -> String {
        guard !recipient.contains(where: { "\r\n<>".contains($0) }), recipient.contains("@") else {
            throw Failure(description: "收件地址无效：\(recipient)")
        }
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(Int64(timeout)))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var lines = LineReader(inbound.makeAsyncIterator())
            func expect(_ code: Int) async throws -> String {
                let reply = try await lines.reply()
                guard reply.code == code else { throw Failure(description: "SMTP 服务器答复 \(reply.code) \(reply.text)") }
                return reply.text
            }
            func say(_ line: String, expect code: Int) async throws -> String {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                return try await expect(code)
            }
            _ = try await expect(220)
            _ = try await say("EHLO fazhi", expect: 250)
            _ = try await say("MAIL FROM:<\(from)>", expect: 250)
            _ = try await say("RCPT TO:<\(recipient)>", expect: 250)
            _ = try await say("DATA", expect: 354)
            let accepted = try await say(Self.message(from: from, to: recipient, subject: subject, body: body, messageID: messageID) + "\r\n.", expect: 250)
            _ = try? await say("QUIT", expect: 221)
            return "250 \(accepted)"
        }
    }

    /// The message in UTF-8 with an RFC 2047 encoded subject and base64 body; lines are short and
    /// no line starts with a dot, so nothing needs dot-stuffing.
    static func message(from: String, to: String, subject: String, body: String, messageID: String) -> String {
        let encodedSubject = "=?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="
        let id = messageID.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "." ? String($0) : "." }.joined()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let bodyLines = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: <\(from)>", "To: <\(to)>", "Subject: \(encodedSubject)", "Date: \(formatter.string(from: Date()))",
            "Message-ID: <\(id)@fazhi>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64",
            "", bodyLines,
        ].joined(separator: "\r\n")
    }

    /// Reads SMTP replies, multi-line ones (`250-…` … `250 …`) as one.
    struct LineReader {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending: [UInt8] = []

        init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

        mutating func line() async throws -> String {
            while true {
                if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    pending.removeSubrange(...end)
                    return line
                }
                guard var chunk = try await iterator.next() else { throw Failure(description: "SMTP 服务器断开了连接") }
                pending += chunk.readBytes(length: chunk.readableBytes) ?? []
            }
        }

        mutating func reply() async throws -> (code: Int, text: String) {
            var text: [String] = []
            while true {
                let line = try await line()
                guard line.count >= 3, let code = Int(line.prefix(3)) else { throw Failure(description: "SMTP 答复无法识别：\(line)") }
                text.append(String(line.dropFirst(4)))
                if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, text.joined(separator: " ")) }
            }
        }
    }
}
