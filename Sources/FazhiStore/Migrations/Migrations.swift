import Fluent

/// Every migration in order. Landed migrations are never edited; add a new one.
public enum FazhiMigrations {
    public static let all: [any Migration] = [
        M001_CreateOrganisation(),
        M002_CreateSessions(),
        M003_CreateAuditLog(),
        M004_CreateCalendar(),
        M005_DenormaliseUserUnits(),
    ]
}
