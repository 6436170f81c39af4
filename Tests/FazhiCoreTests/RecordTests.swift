import FazhiCore
import Foundation
import Testing

@Suite("Record declarations and field input")
struct RecordTests {
    func spec(_ kind: FieldKind, _ label: String = "字段") -> FieldSpec {
        FieldSpec(name: "f", label: label, kind: kind, required: false, personal: false, help: nil)
    }

    func refusal(_ raw: String, _ kind: FieldKind, label: String = "字段") -> String? {
        do { _ = try FieldInput.parse(raw, as: spec(kind, label)); return nil } catch { return error.message }
    }

    @Test func identityCodes() {
        #expect(IdentityCodes.isValidIDNumber("371502199001011234"))
        #expect(IdentityCodes.isValidIDNumber("37150220000229002x") == false, "wrong check character")
        #expect(IdentityCodes.isValidIDNumber("371502200002290023"))
        #expect(IdentityCodes.isValidIDNumber("371502199002301234") == false, "30 February")
        #expect(IdentityCodes.isValidCreditCode("91371502MA3C123457"))
        #expect(IdentityCodes.isValidCreditCode("12371502004512345D"))
        #expect(IdentityCodes.isValidCreditCode("91371502MA3C123458") == false)
        #expect(IdentityCodes.isValidCreditCode("91371502MA3C12345I") == false, "I is not in the alphabet")
        #expect(IdentityCodes.isValidPhone("13812345678"))
        #expect(IdentityCodes.isValidPhone("0635-8888888"))
        #expect(IdentityCodes.isValidPhone("0635-88888888-123"))
        #expect(IdentityCodes.isValidPhone("12812345678") == false)
        #expect(IdentityCodes.isValidPhone("635-8888888") == false)
    }

    /// Every field kind: what is accepted, how it is kept, and the Chinese refusal naming the field.
    @Test func everyKindParsesAndRefuses() throws {
        #expect(try FieldInput.parse("  问题  ", as: spec(.text)) == .text("问题"))
        #expect(try FieldInput.parse("", as: spec(.text)) == nil)
        #expect(refusal(String(repeating: "字", count: 201), .text, label: "问题") == "「问题」不能超过 200 个字（现有 201 个）")
        #expect(refusal("a\nb", .text) == "「字段」不能换行")
        #expect(try FieldInput.parse("第一段\n第二段", as: spec(.longText)) == .text("第一段\n第二段"))
        #expect(try FieldInput.parse("列一\t列二", as: spec(.longText)) == .text("列一\t列二"))
        for control in ["a\u{0}b", "a\u{1}b", "a\u{1B}[31m", "a\u{7F}"] {
            #expect(refusal(control, .longText, label: "内容") == "「内容」含有不可见的控制字符（如 NUL），请删除后重试", "\(Array(control.utf8))")
        }
        #expect(try FieldInput.parse("2024年2月8日", as: spec(.date)) == .date(LocalDate(year: 2024, month: 2, day: 8)!))
        #expect(try FieldInput.parse("2024/2/8", as: spec(.date)) == .date(LocalDate(year: 2024, month: 2, day: 8)!))
        #expect(refusal("2023-02-29", .date, label: "整改期限") == "「整改期限」不是有效日期，请按 2024-03-01 的格式填写")
        #expect(try FieldInput.parse("2024-02-08T9:05", as: spec(.dateTime)) == .text("2024-02-08 09:05"))
        #expect(refusal("2024-02-08 25:00", .dateTime)?.contains("不是有效的日期时间") == true)
        #expect(try FieldInput.parse("1,369", as: spec(.count)) == .integer(1369))
        #expect(refusal("-1", .count) == "「字段」不能为负数")
        #expect(refusal("1.5", .count) == "「字段」必须是整数")
        #expect(try FieldInput.parse("196.2", as: spec(.money)) == .integer(19620))
        #expect(try FieldInput.parse("1,962,000.05元", as: spec(.money)) == .integer(196_200_005))
        #expect(refusal("1.234", .money, label: "金额") == "「金额」必须是金额（元），最多两位小数，如 1234.56")
        #expect(refusal("-5", .money) == "「字段」不能为负数")
        #expect(try FieldInput.parse("98.5%", as: spec(.percentage)) == .integer(9850))
        #expect(refusal("100.01", .percentage) == "「字段」必须在 0 到 100 之间")
        let kinds = FieldKind.choices(Inspection.Kind.self)
        #expect(try FieldInput.parse("专项督察", as: spec(kinds)) == .text("special"))
        #expect(try FieldInput.parse("annual", as: spec(kinds)) == .text("annual"))
        #expect(refusal("临时督察", kinds, label: "督察类别")?.hasPrefix("「督察类别」只能是以下之一：专项督察、") == true)
        let unit = UUID()
        #expect(try FieldInput.parse(unit.uuidString, as: spec(.unit)) == .uuid(unit))
        #expect(refusal("不存在", .unit, label: "责任单位") == "「责任单位」不是本平台的单位")
        #expect(try FieldInput.parse("371502199001011234", as: spec(.idNumber)) == .text("371502199001011234"))
        #expect(refusal("371502199001011235", .idNumber, label: "身份证号") == "「身份证号」校验位或出生日期不正确，请核对")
        #expect(refusal("3715021990", .idNumber, label: "身份证号") == "「身份证号」应为 18 位")
        #expect(try FieldInput.parse("91371502ma3c123457", as: spec(.creditCode)) == .text("91371502MA3C123457"))
        #expect(refusal("91371502MA3C123458", .creditCode, label: "统一社会信用代码")?.hasPrefix("「统一社会信用代码」校验位不正确") == true)
        #expect(try FieldInput.parse("13812345678", as: spec(.phone)) == .text("13812345678"))
        #expect(refusal("1381234", .phone, label: "联系电话")?.hasPrefix("「联系电话」不是有效的手机号") == true)
        #expect(refusal("x", .attachments) == "「字段」请通过附件上传提交")
    }

    /// Controls in a query string or form body, raw or percent-encoded, and in JSON strings.
    @Test func controlCharactersAreFound() {
        #expect(ControlCharacters.containedEncoded(in: Array("q=a%00b".utf8)))
        #expect(ControlCharacters.containedEncoded(in: Array("q=a%1bb".utf8)))
        #expect(ControlCharacters.containedEncoded(in: Array("q=a%7F".utf8)))
        #expect(!ControlCharacters.containedEncoded(in: Array("q=%E5%8C%BA%09%0A%0D+x&page=2".utf8)))
        #expect(ControlCharacters.containedInJSON(Array(#"{"a":"x\u0000"}"#.utf8)))
        #expect(ControlCharacters.containedInJSON(Array(#"{"a":"x\u001F"}"#.utf8)))
        #expect(!ControlCharacters.containedInJSON(Array(#"{"a":"x\\u0000 \n \t \u4e2d"}"#.utf8)), "an escaped backslash is text")
    }

    @Test func displayMasksPersonalData() {
        let id = FieldSpec(name: "id_number", label: "身份证号", kind: .idNumber, required: false, personal: false, help: nil)
        #expect(id.personal, "an ID number is always personal data")
        #expect(FieldInput.display(.text("371502199001011234"), as: id, reveal: false) == "3715**********1234")
        #expect(FieldInput.display(.text("371502199001011234"), as: id, reveal: true) == "371502199001011234")
        let phone = FieldSpec(name: "phone", label: "电话", kind: .phone, required: false, personal: true, help: nil)
        #expect(FieldInput.display(.text("13812345678"), as: phone, reveal: false) == "138****5678")
        let name = FieldSpec(name: "name", label: "姓名", kind: .text, required: false, personal: true, help: nil)
        #expect(FieldInput.display(.text("张三丰"), as: name, reveal: false) == "张**")
        #expect(FieldInput.display(.integer(19620), as: spec(.money), reveal: false) == "196.20")
        #expect(FieldInput.display(.integer(9850), as: spec(.percentage), reveal: false) == "98.50%")
    }

    @Test func declarationsAreSound() throws {
        for type in Registers.all { try type.check() }
        #expect(Set(Registers.all.map(\.slug)).count == Registers.all.count)
        #expect(Set(Registers.all.map(\.table)).count == Registers.all.count)
    }

    @Test func rectificationWorkflow() throws {
        let type = Rectification.declaration.type
        let calculator = DeadlineCalculator(calendar: .builtIn)
        let unit = UUID()
        // The due date, left empty, is 30 working days after the finding: Spring Festival 2024 (10–17
        // February) skipped, the make-up Sundays 4 and 18 February counted.
        let values = try RecordRules.prepare(type, ["finding": .text("未公开执法结果"), "unit": .uuid(unit),
                                                    "found_on": .date(LocalDate(iso: "2024-02-01")!)], calculator: calculator)
        #expect(values["due_on"] == .date(LocalDate(iso: "2024-03-19")!))
        #expect(throws: CoreError.invalid(field: "unit", "「责任单位」为必填项")) {
            try RecordRules.prepare(type, ["finding": .text("x"), "found_on": .date(LocalDate(iso: "2024-02-01")!)], calculator: calculator)
        }
        let clerk: Set<Permission> = [.inspectionRead, .rectificationReport]
        #expect(RecordRules.available(type, state: "pending", permissions: clerk).map(\.action) == ["start", "complete"])
        #expect(RecordRules.available(type, state: "rectified", permissions: clerk).isEmpty)
        let complete = type.transition("complete")!
        let today = LocalDate(iso: "2024-03-01")!
        #expect(throws: CoreError.invalid(field: "measures", "「报告整改完成」前须填写「整改措施」")) {
            try RecordRules.check(type, complete, state: "pending", values: values, permissions: clerk, today: today)
        }
        var done = values
        done["measures"] = .text("已在网站公开")
        done["completed_on"] = .date(LocalDate(iso: "2024-03-02")!)
        #expect(throws: CoreError.state("完成日期不能晚于今天")) {
            try RecordRules.check(type, complete, state: "pending", values: done, permissions: clerk, today: today)
        }
        done["completed_on"] = .date(LocalDate(iso: "2024-02-28")!)
        try RecordRules.check(type, complete, state: "in_progress", values: done, permissions: clerk, today: today)
        #expect(throws: CoreError.self) {
            try RecordRules.check(type, type.transition("close")!, state: "rectified", values: done, permissions: clerk, today: today)
        }
        #expect(RecordRules.overdue(type, state: "in_progress", values: values, today: LocalDate(iso: "2024-03-25")!).count == 1)
        #expect(RecordRules.overdue(type, state: "rectified", values: values, today: LocalDate(iso: "2024-03-25")!).isEmpty)
        #expect(RecordRules.isEditable(type, state: "closed") == false)
        #expect(RecordRules.isDeletable(type, state: "in_progress") == false)
    }

    /// A rate whose part narrows its whole is counted in one pass; every rate of the catalogue does.
    @Test func ratesNarrowTheirWhole() {
        let whole = Figure.Selection("reminders", by: "due_on", states: ["sent", "dead"])
        #expect(Figure.Selection("reminders", by: "due_on", states: ["sent"]).narrows(whole))
        #expect(!Figure.Selection("reminders", by: "due_on", states: ["pending"]).narrows(whole), "a state outside the whole")
        #expect(!Figure.Selection("reminders", by: "due_on").narrows(whole), "any state is wider")
        #expect(!Figure.Selection("reminders", by: "sent_on", states: ["sent"]).narrows(whole), "another period")
        let kinds = Figure.Selection("licences", by: "expires_on", matching: ["kind": ["a", "b"]])
        #expect(Figure.Selection("licences", by: "expires_on", matching: ["kind": ["a"], "state": ["valid"]]).narrows(kinds))
        #expect(!Figure.Selection("licences", by: "expires_on", matching: ["state": ["valid"]]).narrows(kinds))
        for figure in FigureCatalogue.all {
            if case .rate(let part, let whole) = figure.measure { #expect(part.narrows(whole), "\(figure.name)") }
        }
    }

    /// New record ids are UUID version 7: ascending within a batch, even one larger than the
    /// counter's range, and later batches sort after earlier ones.
    @Test func recordIDsAreTimeOrdered() {
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        let ids = RecordIDs.make(300_000, at: at)
        #expect(Set(ids).count == ids.count)
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0.uuidString < $1.uuidString })
        let first = ids[0].uuid
        #expect(first.6 >> 4 == 7 && first.8 >> 6 == 0b10, "version 7, RFC 9562 variant")
        #expect(ids[0].uuidString.hasPrefix("018BCFE5-6800"), "the millisecond first")
        let later = RecordIDs.make(at: at.addingTimeInterval(0.002))
        #expect(ids[0].uuidString < later.uuidString)
    }

    /// Every reference names a register of the platform, and every link to the records that refer
    /// to a register goes through a field that refers to it.
    @Test func referencesNameRegistersThatExist() {
        for type in Registers.all {
            for f in type.columns {
                if case .record(let register) = f.kind { #expect(Registers.type(slug: register) != nil, "\(type.slug).\(f.name)") }
            }
            for r in type.related {
                // The other register's field names this record: by id, or by the value of one of its fields (a case's number).
                let field = Registers.type(slug: r.register)?.column(r.field)
                let expected = r.by.map { type.column($0)?.kind } ?? .record(register: type.slug)
                #expect(field != nil && field?.kind == expected, "\(type.slug) → \(r.register).\(r.field)")
            }
        }
    }
}

@Suite("UUIDs as text")
struct UUIDTextTests {
    /// The hand-made text is Foundation's, both ways, for random ids and the extremes; anything
    /// that is not a UUID is refused.
    @Test func agreesWithFoundation() {
        let ids = (0..<1_000).map { _ in UUID() } + [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                                                     UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))]
        for id in ids {
            #expect(UUIDText.string(id) == id.uuidString)
            #expect(UUIDText.uuid(id.uuidString) == id && UUIDText.uuid(id.uuidString.lowercased()) == id)
        }
        for bad in ["", "x", String(UUID().uuidString.dropLast()), UUID().uuidString + "0", "G" + UUID().uuidString.dropFirst(),
                    UUID().uuidString.replacingOccurrences(of: "-", with: "_"), "１" + UUID().uuidString.dropFirst()] {
            #expect(UUIDText.uuid(bad) == nil, "\(bad)")
        }
    }
}
