import FazhiCore
import Fluent

/// Every migration in order. Landed migrations are never edited; add a new one.
public enum FazhiMigrations {
    /// The platform's own migrations, then one table per register (`RecordTableMigration`, named
    /// by table, so a register added later simply comes after the others), then each register's
    /// list indexes (`RecordListIndexes`, `RecordLookupIndexes`).
    public static let all: [any Migration] = platform + Registers.all.map(RecordTableMigration.init) + Registers.all.map(RecordListIndexes.init)
        + Registers.all.map(RecordLookupIndexes.init)

    static let platform: [any Migration] = [
        M001_CreateOrganisation(),
        M002_CreateSessions(),
        M003_CreateAuditLog(),
        M004_CreateCalendar(),
        M005_DenormaliseUserUnits(),
        M006_GrantRegisterPermissions(),
        M007_CreateAttachments(),
        M008_CreateReportTexts(),
        M009_CreateReminders(),
        M010_CreateNumbering(),
        M011_Districts(),
        M012_SearchPendingList(),
        M013_ReviewCounsel(),
        M014_SeparateDuties(),
        M015_SignInHardening(),
        M016_DistrictSettings(),
        M017_KeyedListIndexes(),
        M018_BuiltInGrants(),
        M019_CreateClockEvents(),
        M020_PortalIntake(),
        M021_LocalRuleSettings(),
        M022_DisclosureReportFilters(),
        M023_PublicSideLimits(),
        M024_NaturalKeysWithinDistricts(),
        M025_SupersededFilterIndex(),
        M026_DemoSteps(),
        M027_ClockExtensionDays(),
    ]
}
