import FazhiCore
import Fluent
import Foundation

/// The demo district office's own words for 2023's 二、存在的问题 and 三、下一步工作计划, as the seed
/// wrote them, saved through the report's text store like any edit (the first line of a point
/// is its heading). Numbers in them are the office's targets, not figures.
enum DemoReportTexts {
    static let points: [(key: String, text: String)] = [
        ("problems.1", """
            法治示范创建合力还未有效形成。
            当前，我区已正处在争创全国法治政府建设示范区的关键阶段，与国家级示范区创建的标准和要求相比，短板弱项问题依然突出，比较优势不强，个别职能部门对思想重视程度不够，参与积极性不高，特色亮点挖掘不够。
            """),
        ("problems.2", """
            行政执法监督的实效性还有待提升。
            执法人员的数量、综合素质和能力与高质量行政执法的要求还有差距，行政应诉案件和行政复议案件数量逐年增长，行政诉讼案件败诉率、行政复议纠错率居高不下，行政机关依法行政的能力和水平面临严峻考验。
            """),
        ("problems.3", """
            公共法律服务供给还不平衡。
            从总体情况来看，基层法治队伍力量薄弱，专业人才不足，与其承担的行政执法监督、行政复议、行政应诉、公共法律服务等职能还不相适应；律师、法律顾问等法治人员多集中经济较为发达、人口相对密集的镇街，偏远乡镇法律服务资源相对不足，难以满足群众需求，致使法律服务社会化程度不够高。
            """),
        ("plans.1", """
            发挥法治示范引领作用，筑牢基层法治根基。
            全面落实法治建设“一规划两纲要”，抓实党政主要负责人履行推进法治建设第一责任人职责，推动镇街党委法治建设议事协调机构及办事机构效能化；开展区、镇、村三级法治创建活动，积极争创全国法治政府建设示范区、全国全省法治政府建设示范项目，大力培树基层法治典型，擦亮法治{place}“金招牌”。发挥法治督察“利剑”作用，进一步健全法治督察与纪检监察监督协作机制。
            """),
        ("plans.2", """
            全面优化法治营商环境，严格公正文明执法。
            严把合法性审查关，确保区、镇两级重大行政决策、规范性文件备案率、审查率、报备率100%。做好规范性文件“立改废”工作，及时清除影响市场公平竞争的机制壁垒。推动电子证照在行政执法领域应用，持续提升行政执法质量和效能，加快构建行政执法协调监督工作体系，全面提升基层行政执法监督水平。
            """),
        ("plans.3", """
            优化公共法律服务供给，提升群众法治获得感。
            推进村居法律顾问更深层次融入乡村振兴工作，建立常态化会商推进机制，优化完善村居法律顾问考核等制度；探索互动体验式普法工作模式。整合普法资源，搭建“{place}智慧”普法平台，实现全天候全时空普法。建立普法积分奖励制，大数据分析群众学法情况。
            """),
        ("plans.4", """
            筑牢基层安全稳定底线，推动社会治理现代化。
            优化智慧调解工程，加快推进数字赋能矛盾纠纷化解工作体系建设，提升矛盾纠纷化解整体效能；指导监督行政机关提高执法质量，加强对部门行政行为的规范和指导，从源头上预防和减少行政争议。通过发布典型案例、制发司法建议、指导人民调解、强化府院联动等途径，推动全社会多层次多领域依法治理。
            """),
    ]

    /// Saves 2023's points for the district; the office's 2023 texts were written in January 2024.
    static func write(in place: DemoRecords.Place, on db: any Database) async throws -> Int {
        guard let district = place.unit(nil) else { return 0 }
        let short = place.name.hasSuffix("区") ? String(place.name.dropLast()) : place.name
        let written = LocalDate(year: 2024, month: 1, day: 22)!
        for point in points {
            _ = try await ReportTextStore.save(section: point.key, year: 2023, district: district,
                                               body: point.text.replacingOccurrences(of: "{place}", with: short),
                                               actor: .system("演示数据"), on: db, now: DemoRecords.instant(written))
        }
        return points.count
    }
}
