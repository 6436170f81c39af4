import FazhiCore
@testable import FazhiStore
@testable import FazhiWeb
import FazhiTestSupport
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// What anyone can reach on the portal holds (issue 28): refused applications leave nothing in the
/// file store and still count, receipt numbers are unique across districts, codes go only to the
/// contact on file and are guessed no faster in parallel, and sign-in decides after its count.
@Suite("The public side holds")
struct PublicSideTests {
    let type = DisclosureApplication.declaration.type

    /// The form's fields for one applicant, as the browser sends them.
    func application(office: UUID, id: String = "11010519491231002X") -> [String: String] {
        ["office": office.uuidString, "applicant_kind": "person", "applicant_name": "张三", "id_number": id,
         "phone": "13900000007", "content": "2023年本区城市绿化管理办法的起草说明", "delivery": "online"]
    }

    /// A multipart POST of the portal's application form with files, as a browser sends it.
    func post(_ t: TestApp, _ session: TestApp.Session, fields: [String: String], files: [(name: String, data: Data)]) async throws -> TestingHTTPResponse {
        let boundary = "----fazhi" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        var body = Data()
        for (name, value) in fields.merging(["_csrf": session.csrf], uniquingKeysWith: { a, _ in a }) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for file in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        headers.replaceOrAdd(name: .cookie, value: session.cookieHeader)
        return try await t.app.testing().sendRequest(.POST, "/portal/apply/disclosure", headers: headers, body: ByteBuffer(data: body))
    }

    func files(in blobs: BlobStore) -> Set<String> {
        let fm = FileManager.default
        let folders = (try? fm.contentsOfDirectory(atPath: blobs.directory.path)) ?? []
        return Set(folders.flatMap { folder in ((try? fm.contentsOfDirectory(atPath: blobs.directory.appendingPathComponent(folder).path)) ?? []).map { folder + "/" + $0 } })
    }

    func pdf(megabytes: Int, seed: Int) -> Data {
        var data = Data("%PDF-1.4 \(seed)\n".utf8)
        data.append(Data(repeating: UInt8(truncatingIfNeeded: seed), count: megabytes * 1024 * 1024))
        return data
    }

    /// Ten applications refused for a file that fails its type check, each beside a 2 MB PDF, leave
    /// the file store as it was and each counts: the eleventh attempt from the address answers 429
    /// without its body being read. An hour on, an application with 5 MB of files is kept whole.
    @Test(arguments: TestBackend.available)
    func refusedApplicationsLeaveNothingAndCount(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            var visitor = TestApp.Session(cookies: [:], csrf: "")
            let form = try await t.send(.GET, "/portal/apply/disclosure")
            visitor.absorb(form)
            visitor.csrf = try #require(TestApp.csrf(in: form.body.string))
            let office = try await t.unit("371502").id!
            let before = files(in: t.app.fazhi.blobs)
            for i in 0..<10 {
                let refused = try await post(t, visitor, fields: application(office: office),
                                             files: [("材料\(i).pdf", pdf(megabytes: 2, seed: i)), ("程序\(i).pdf", Data("MZ\u{90}\(i)".utf8))])
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("文件内容与扩展名「pdf」不符"), "attempt \(i + 1)")
            }
            #expect(files(in: t.app.fazhi.blobs) == before, "no file of a refused application is kept")
            struct N: Decodable { var n: Int }
            #expect(try await t.db.sql.raw("SELECT COUNT(*) AS n FROM attachments").first(decoding: N.self)?.n == 0)
            #expect(try await t.db.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: type.table)").first(decoding: N.self)?.n == 0)
            let eleventh = try await post(t, visitor, fields: application(office: office), files: [("材料.pdf", pdf(megabytes: 2, seed: 99))])
            #expect(eleventh.status == .tooManyRequests && eleventh.body.string.contains("提交申请的次数过多"))

            // A body announced larger than the form takes is refused by the route's gate, before
            // anything reads it (the in-memory tester sets Content-Length from the body it has, so
            // the gate is called as the middleware calls it).
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentLength, value: String(PublicIntake.maxBodyBytes + 1))
            let announced = Request(application: t.app, method: .POST, url: URI(path: "/portal/apply/disclosure"), headers: headers,
                                    on: t.app.eventLoopGroup.any())
            do {
                _ = try await IntakePages(type: type).admit(req: announced)
                Issue.record("a body announced too large was admitted")
            } catch let e as AppError { #expect(e.status == .payloadTooLarge) }

            try await t.db.sql.raw("UPDATE intake_submissions SET created_at = created_at - 7200000").run()
            let made = try await post(t, visitor, fields: application(office: office),
                                      files: [("申请书.pdf", pdf(megabytes: 3, seed: 1)), ("身份证.pdf", pdf(megabytes: 2, seed: 2))])
            #expect(made.status == .created, "\(made.body.string.prefix(300))")
            #expect(files(in: t.app.fazhi.blobs).count == before.count + 2)
            #expect(try await t.db.sql.raw("SELECT COUNT(*) AS n FROM attachments").first(decoding: N.self)?.n == 2)
        }
    }

    /// The sweep removes what no attachment names once it is an hour old, and a leftover part; it
    /// keeps what a row names and what was put within the hour.
    @Test(arguments: TestBackend.available)
    func theSweepRemovesOnlyOldUnnamedFiles(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            let blobs = t.app.fazhi.blobs, now = t.app.fazhi.config.clock.now, fm = FileManager.default
            let named = try blobs.put(Data("%PDF named".utf8)), orphan = try blobs.put(Data("%PDF orphan".utf8)), young = try blobs.put(Data("%PDF young".utf8))
            try await t.db.sql.raw("""
                INSERT INTO attachments (id, record_type, record_id, field, sha256, filename, content_type, size, uploaded_by, uploaded_at)
                VALUES (\(bind: UUID()), \(bind: type.slug), \(bind: UUID()), 'files', \(bind: named), 'a.pdf', 'application/pdf', 10, NULL, \(bind: RecordSQL.millis(now)))
                """).run()
            let part = blobs.path(orphan).deletingLastPathComponent().appendingPathComponent(".\(UUID().uuidString).part")
            try Data("half".utf8).write(to: part)
            let old = now.addingTimeInterval(-2 * 3600)
            for url in [blobs.path(named), blobs.path(orphan), part] { try fm.setAttributes([.modificationDate: old], ofItemAtPath: url.path) }
            try fm.setAttributes([.modificationDate: now.addingTimeInterval(-600)], ofItemAtPath: blobs.path(young).path)

            let outcome = try await FileSweep.run(blobs, now: now, on: t.db)
            #expect(outcome.removed == 2)
            #expect(fm.fileExists(atPath: blobs.path(named).path) && fm.fileExists(atPath: blobs.path(young).path))
            #expect(!fm.fileExists(atPath: blobs.path(orphan).path) && !fm.fileExists(atPath: part.path))
            // Put again, an old content is young again: a row about to name it keeps its file.
            try fm.setAttributes([.modificationDate: old], ofItemAtPath: blobs.path(young).path)
            _ = try blobs.put(Data("%PDF young".utf8))
            #expect(try await FileSweep.run(blobs, now: TestClock.now, on: t.db).removed == 0)
            // Once a day, on one instance: the second claim of the day finds it taken.
            let slot = LocalDate(now).description
            #expect(try await JobRuns.claim(job: FileSweep.job, slot: slot, instance: "a", now: now, on: t.db))
            #expect(try await !JobRuns.claim(job: FileSweep.job, slot: slot, instance: "b", now: now, on: t.db))
        }
    }

    /// The first applications of a year to two districts' governments get different receipt
    /// numbers, each with its district's code, and each applicant follows their own.
    @Test(arguments: TestBackend.available)
    func receiptNumbersAreUniqueAcrossDistricts(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            let dongchangfu = try await t.unit("371502").id!
            let chiping = try await OrganisationStore.createUnit(UnitInput(code: "371503", name: "茌平区", kind: .district, parentID: nil),
                                                                 actor: .system(), on: t.db).id!
            let now = t.app.fazhi.config.clock.now, calculator = try await t.app.fazhi.calculator(on: t.db)
            var followed: [UUID: String] = [:]
            for (i, office) in [dongchangfu, chiping].enumerated() {
                let row = try await PublicIntake.submit(type, typed: application(office: office, id: i == 0 ? "11010519491231002X" : "110105198001010016"),
                                                        files: [], within: .everything, blobs: t.app.fazhi.blobs, client: "203.0.113.\(i)",
                                                        calculator: calculator, now: now, on: t.db)
                followed[row.id] = try #require(row.values["receipt_number"]?.text)
            }
            let receipts = Array(followed.values)
            #expect(Set(receipts).count == 2)
            #expect(receipts.contains { $0.hasPrefix("371502-YSQ-\(LocalDate(now).year)-") } && receipts.contains { $0.hasPrefix("371503-YSQ-") })
            for (id, receipt) in followed {
                let code = try await PublicIntake.requestCode(type, receipt: receipt, contact: "13900000007", nonce: "n", client: "198.51.100.1",
                                                              now: now, on: t.db).code
                let grant = try await PublicIntake.verify(type, receipt: receipt, code: code, nonce: "n", client: "198.51.100.1", now: now, on: t.db)
                let mine = try await PublicIntake.followed(type, grant: grant, calculator: calculator, now: now, on: t.db)
                #expect(mine?.row.id == id, "\(receipt)")
            }
        }
    }

    func contact(_ t: TestApp, phone: String = "13900000007") async throws -> PortalCodes.Contact {
        PortalCodes.Contact(channel: .sms, address: phone, name: "张三", unit: try await t.unit("371502").id!, signature: "东昌府区", purpose: "测试")
    }

    /// A request with somebody else's contact makes no code and replaces none; a contact gets a
    /// few codes a day whichever subjects name it; only the browser that asked may try a code; and
    /// parallel guesses get the code's five tries and no more.
    @Test(arguments: TestBackend.available)
    func codesGoOnlyToTheContactAndAreGuessedNoFaster(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false) { t in
            let now = t.app.fazhi.config.clock.now, onFile = try await contact(t)
            func request(_ subject: String, _ typed: String, nonce: String = "mine", client: String = "203.0.113.1", at: Date = now) async throws -> PortalCodes.Request {
                try await PortalCodes.request(subject: subject, contact: typed, nonce: nonce, client: client, actor: .system(), now: at, on: t.db) { _ in onFile }
            }
            func verify(_ subject: String, _ code: String, nonce: String = "mine") async throws -> String {
                try await PortalCodes.verify(subject: subject, code: code, nonce: nonce, actor: .system(), now: now, on: t.db)
            }
            let real = try await request("S1", "13900000007")
            #expect(real.reminder != nil)
            for (i, other) in ["13900000008", "13900000009", "a@example.com"].enumerated() {
                let wrong = try await request("S1", other, nonce: "theirs", client: "203.0.113.\(10 + i)")
                #expect(wrong.reminder == nil)
            }
            struct N: Decodable { var n: Int }
            #expect(try await t.db.sql.raw("SELECT COUNT(*) AS n FROM verification_codes").first(decoding: N.self)?.n == 1)
            // Guesses from another browser find no code to use up.
            for _ in 0..<(PortalCodes.maxTries + 1) {
                await #expect(throws: CoreError.self) { _ = try await verify("S1", real.code == "000000" ? "111111" : "000000", nonce: "theirs") }
            }
            // The holder's own code still works, and their own next request is not held up by others'.
            _ = try await verify("S1", real.code)
            #expect(try await request("S1", "13900000007", at: now.addingTimeInterval(61)).reminder != nil)

            // One number, many subjects: ten codes a day reach it, then the requests read as misses.
            let spammed = try await contact(t, phone: "13700000001")
            var sent = 0, missed = 0
            for i in 0..<(PortalCodes.perContactPerDay + 2) {
                let r = try await PortalCodes.request(subject: "T\(i)", contact: "13700000001", nonce: "n", client: "198.51.100.\(i)", actor: .system(),
                                                      now: now.addingTimeInterval(Double(i) * 120), on: t.db) { _ in spammed }
                if r.reminder != nil { sent += 1 } else { missed += 1 }
            }
            #expect(sent == PortalCodes.perContactPerDay && missed == 2)

            // Twenty wrong guesses at once use the five tries; then even the right code is refused.
            let code = try await request("S2", "13900000007", client: "203.0.113.50").code
            let wrong = code == "000000" ? "111111" : "000000"
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do { _ = try await verify("S2", wrong); return "granted" } catch let e as CoreError { return e.message }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(answers.filter { $0.hasPrefix("验证码不正确") }.count == PortalCodes.maxTries, "\(answers)")
            #expect(answers.filter { $0.contains("输错次数过多") }.count == 20 - PortalCodes.maxTries)
            await #expect(throws: CoreError.self) { _ = try await verify("S2", code) }
        }
    }

    /// A multipart body with an empty boundary once stopped the whole process (MultipartKit's
    /// precondition); it is a 400 now, on the portal's form and on the sign-in form alike.
    @Test(.sqliteOnly) func anEmptyBoundaryIsRefused() async throws {
        try await TestApp.with(.sqlite, demo: false) { t in
            for path in ["/login", "/portal/apply/disclosure", "/portal/licences/code"] {
                var headers = HTTPHeaders()
                headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\"\"")
                let r = try await t.app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: "--\r\n--"))
                #expect(r.status == .badRequest, "\(path)")
            }
        }
    }

    /// Sixty attempts at once with the right password last: the account ends locked, no session is
    /// opened, and the count is the database's, not a row read before the slow check.
    @Test(arguments: TestBackend.available)
    func parallelGuessesCannotOutrunTheLock(_ backend: TestBackend) async throws {
        try await TestApp.with(backend, demo: false, configure: { $0.addressAttempts = 1_000 }) { t in
            let user = try await t.person("clerk", roles: ["district_office"])
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for i in 0..<60 {
                    group.addTask { try await t.signIn("clerk", password: i == 59 ? TestApp.password : "Wrong-passw0rd").1.status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(!statuses.contains(.seeOther), "nobody signed in")
            let stored = try #require(try await User.find(user.id, on: t.db))
            #expect((stored.lockedUntil ?? .distantPast) > t.app.fazhi.config.clock.now)
            #expect(try await SessionRecord.query(on: t.db).count() == 0)
        }
    }
}
