/// Every register the platform has, in the order of the navigation.
public enum Registers {
    public static let all: [RecordType] = [
        StudyActivity.declaration.type,
        Inspection.declaration.type,
        Rectification.declaration.type,
        MarketEntity.declaration.type,
        Licence.declaration.type,
    ]

    public static func type(slug: String) -> RecordType? { all.first { $0.slug == slug } }
}
