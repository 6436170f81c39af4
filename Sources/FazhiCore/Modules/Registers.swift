/// Every register the platform has, in the order of the navigation.
public enum Registers {
    public static let all: [RecordType] = [
        StudyActivity.declaration.type,
        Inspection.declaration.type,
        Rectification.declaration.type,
        MarketEntity.declaration.type,
        Licence.declaration.type,
        NormativeDocument.declaration.type,
        MajorDecision.declaration.type,
        LegalityReview.declaration.type,
        LegalAdviser.declaration.type,
    ]

    public static func type(slug: String) -> RecordType? { all.first { $0.slug == slug } }

    /// Tables the platform keeps for itself that figures count like registers (no pages, no
    /// forms): the reminders sent.
    public static let ledgers: [RecordType] = [ReminderLedger.declaration.type]

    /// A register or a ledger, for figures.
    public static func source(slug: String) -> RecordType? { type(slug: slug) ?? ledgers.first { $0.slug == slug } }
}
