import FazhiCore
import Testing

@Suite("A figure in the seed's words")
struct FigureWordingTests {
    @Test func approximateNumbersKeepTheirLeadingDigits() {
        let w = FigureWording.approximately
        #expect(w.text(3_360, unit: "人次") == "3300余")
        #expect(w.text(3_300, unit: "人次") == "3300", "nothing dropped, no 余")
        #expect(w.text(207, unit: "次") == "200余")
        #expect(w.text(3_050, unit: "件") == "3000余")
        #expect(w.text(40, unit: "场次") == "40")
        #expect(w.text(0, unit: "件") == "0")
        #expect(w.text(nil, unit: "件") == "—")
        // Money is kept in fen and read in yuan: fen alone make it 余.
        #expect(w.text(1_800_00, unit: "元") == "1800")
        #expect(w.text(1_800_05, unit: "元") == "1800余")
    }

    @Test func tenThousandsReadAsTheSeedWritesThem() {
        let w = FigureWording.tenThousands
        #expect(w.text(7_024_336_200, unit: "元") == "7000余万", "70,243,362 yuan: 7000余万元")
        #expect(w.text(150_234, unit: "人次") == "15万余", "only what is below 万 dropped")
        #expect(w.text(150_000, unit: "人次") == "15万")
        #expect(w.text(1_612_000, unit: "元") == "1万余")
        #expect(w.text(15_000_050, unit: "元") == "15万余", "fen below 万元 count too")
        // Under ten thousand there is no 万: the number as 「余」 writes it.
        #expect(w.text(800_000, unit: "元") == "8000")
        #expect(w.text(8_123, unit: "人次") == "8100余")
    }

    @Test func ratesAtLeastAWholePercent() {
        let w = FigureWording.atLeast
        #expect(w.text(9_915, unit: "%") == "99%以上")
        #expect(w.text(10_000, unit: "%") == "100%")
        #expect(w.text(9_900, unit: "%") == "99%")
    }

    @Test func changesSayTheirDirection() {
        let w = FigureWording.change
        #expect(w.text(4_357, unit: "%") == "增加43.57%")
        #expect(w.text(-194, unit: "%") == "下降1.94%")
        #expect(w.text(0, unit: "%") == "持平")
        #expect(w.text(nil, unit: "%") == "—")
    }

    @Test func aTemplateNamesOnlyAWordingThatSuitsItsFigure() throws {
        try ReportOutline.check(template: "接待来访群众{mediation.visitors|余}人次，涉案金额{mediation.amount|万余}元，化解率{mediation.resolution_rate|以上}。")
        for (template, says) in [
            ("化解率{mediation.resolution_rate|余}", "不适用于指标「矛盾纠纷化解率」，可用：「以上」"),
            ("来访{mediation.visitors|约}人次", "写法「约」不适用"),
            ("来访{mediation.visitors|增减}", "可用：「余」、「万余」"),
            ("{year|余}年", "指标「year」不存在"),
        ] {
            #expect { try ReportOutline.check(template: template) } throws: { error in
                guard case CoreError.invalid(_, let message) = error else { return false }
                return message.contains(says)
            }
        }
    }
}
