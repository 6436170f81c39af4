import FazhiCore

/// The demo district: 东昌府区 (聊城市), its departments and its 14 towns and streets. Names of
/// towns follow the district's real divisions where the seed or public records give them.
public enum DemoOrganisation {
    public struct Node: Sendable {
        public let code: String
        public let name: String
        public let kind: UnitKind
        public let children: [Node]
    }

    static let districtCode = "371502"
    /// 全区乡镇政府合法性审查人员 (seed 一.三).
    static let townReviewers = 142

    static let departments = [
        "区司法局（区委依法治区办）", "区人民政府办公室", "区市场监督管理局", "区综合行政执法局", "区卫生健康局",
        "区行政审批服务局", "区自然资源局", "区住房和城乡建设局", "区应急管理局", "区教育和体育局",
        "区人力资源和社会保障局", "区农业农村局",
    ]

    static let towns = [
        "古楼街道", "柳园街道", "新区街道", "湖西街道", "道口铺街道", "闫寺街道", "凤凰街道", "北城街道",
        "侯营镇", "沙镇镇", "堂邑镇", "梁水镇镇", "斗虎屯镇", "郑家镇",
    ]

    static let villages: [[String]] = [
        ["米市街社区", "大公街社区"], ["柳园社区", "新东社区"], ["新区社区", "水城社区"], ["湖西社区", "湖畔社区"],
        ["道口铺村", "马庄村"], ["闫寺村", "孙庄村"], ["凤凰社区", "侯庄村"], ["北城社区", "刘庄村"],
        ["侯营村", "葫芦园村"], ["沙镇村", "前屯村"], ["堂邑村", "东街村"], ["梁水镇村", "朱庄村"],
        ["斗虎屯村", "王庄村"], ["郑家村", "许楼村"],
    ]

    /// The other counties of 聊城市 for a demo of several districts; numbered ones after them.
    static let neighbours = [("371503", "茌平区"), ("371521", "阳谷县"), ("371522", "莘县"), ("371524", "东阿县"), ("371525", "冠县"),
                             ("371526", "高唐县"), ("371581", "临清市")]
    static let genericTowns = ["城区街道", "东城街道", "西城街道", "南城街道", "北城街道", "新城街道", "开发区街道", "高新区街道",
                               "东镇", "西镇", "南镇", "北镇", "中心镇", "河口镇"]
    public static let maxDistricts = 99

    /// The demo district of the seed.
    public static let district: Node = make(code: districtCode, name: "东昌府区", towns: towns, villages: villages)

    /// `count` demo districts: 东昌府区 first, then the other counties of 聊城市, then numbered ones.
    /// Each has the same departments and fourteen towns and streets.
    public static func districts(_ count: Int) -> [Node] {
        (0..<min(count, maxDistricts)).map { i in
            guard i > 0 else { return district }
            let (code, name) = i <= neighbours.count ? neighbours[i - 1] : (String(format: "3799%02d", i), "演示第\(i)区")
            let short = String(name.dropLast())
            let towns = genericTowns.map { short + $0 }
            return make(code: code, name: name, towns: towns, villages: towns.map { t in ["一村", "二村"].map { String(t.dropLast(t.hasSuffix("街道") ? 2 : 1)) + $0 } })
        }
    }

    static func make(code districtCode: String, name: String, towns: [String], villages: [[String]]) -> Node {
        // 县 and 市 have 县司法局, 市司法局 where a 区 has 区司法局.
        let level = String(name.last ?? "区")
        let d = departments.enumerated().map { i, department in
            let code = "\(districtCode)-D\(String(format: "%02d", i + 1))"
            let named = level + department.dropFirst().replacingOccurrences(of: "区委依法治区办", with: "\(level)委依法治\(level)办")
            return Node(code: code, name: named, kind: .department, children: [
                Node(code: code + "-01", name: "办公室", kind: .section, children: []),
                Node(code: code + "-02", name: "法制科", kind: .section, children: []),
            ])
        }
        let t = towns.enumerated().map { i, town in
            let code = "\(districtCode)-T\(String(format: "%02d", i + 1))"
            let base = town.hasSuffix("街道") ? String(town.dropLast(2)) : String(town.dropLast(1))
            var children = [
                Node(code: code + "-01", name: "\(base)司法所", kind: .justiceOffice, children: []),
                Node(code: code + "-02", name: "党政办公室", kind: .section, children: []),
            ]
            for (j, v) in villages[i].enumerated() {
                children.append(Node(code: code + "-V\(j + 1)", name: v, kind: .village, children: []))
            }
            return Node(code: code, name: town, kind: .town, children: children)
        }
        return Node(code: districtCode, name: name, kind: .district, children: d + t)
    }
}
