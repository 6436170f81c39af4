"""The command line: deadlines, backup of a running platform, and the audit chain check."""
import os
import re
import sqlite3
import subprocess

BINARY = os.environ.get("FAZHI_BINARY", ".build/debug/fazhi")


def fazhi(*args, db, env=None):
    env = dict(os.environ, FAZHI_DATABASE_URL=f"sqlite://{db}", LOG_LEVEL="error", **(env or {}))
    return subprocess.run([BINARY, *args], env=env, capture_output=True, text=True, timeout=120)


def test_deadline_command(tmp_path):
    db = tmp_path / "cal.sqlite"
    r = fazhi("deadline", "--from", "2024-02-08", "--working-days", "20", db=db)
    assert r.returncode == 0 and r.stdout.strip() == "2024-03-13"
    assert fazhi("deadline", "--from", "2023-08-01", "--days", "60", db=db).stdout.strip() == "2023-10-07"
    assert fazhi("deadline", "--from", "2025-11-17", "--months", "3", db=db).stdout.strip() == "2026-02-24"
    provisional = fazhi("deadline", "--from", "2026-12-20", "--working-days", "20", db=db)
    assert provisional.returncode == 0 and "暂定" in provisional.stderr
    assert fazhi("deadline", "--from", "2024-02-30", "--days", "1", db=db).returncode != 0


def test_rules_and_deadlines_by_rule(tmp_path):
    import json
    db = tmp_path / "rules.sqlite"
    r = fazhi("rules", "--format", "json", db=db)
    assert r.returncode == 0, r.stderr
    rules = json.loads(r.stdout)
    keys = {"id", "name", "statute", "article", "amount", "unit", "starts", "pauses", "extension", "effective_from", "effective_to"}
    assert all(keys <= set(rule) for rule in rules)
    assert len({rule["id"] for rule in rules}) >= 25
    assert {rule["unit"] for rule in rules} <= {"working_days", "days", "months"}
    reply = [rule for rule in rules if rule["id"] == "disclosure.reply"]
    assert {(rule["amount"], rule["effective_from"], rule["effective_to"]) for rule in reply} == {(20, "2019-05-15", None), (15, "2008-05-01", "2019-05-14")}
    # 20 working days from 2024-03-01, 6 of them paused (03-06..03-12 and 03-21), then one
    # extension of 20 working days over Qingming and May Day with their make-up Sundays.
    r = fazhi("deadline", "--rule", "disclosure.reply", "--from", "2024-03-01", "--pause", "2024-03-05:2024-03-12",
              "--pause", "2024-03-20:2024-03-21", "--extend", db=db)
    assert r.returncode == 0 and r.stdout.strip() == "2024-05-09", r.stderr
    assert "政府信息公开条例" in r.stderr and "第三十三条" in r.stderr
    assert fazhi("deadline", "--rule", "disclosure.reply", "--from", "2024-03-01", db=db).stdout.strip() == "2024-03-29"
    # The 2017 law for a case started in 2023: 60 days, then 30 more.
    assert fazhi("deadline", "--rule", "reconsideration.decision", "--from", "2023-06-01", "--extend", db=db).stdout.strip() == "2023-08-30"
    refused = [("--rule", "no.such.rule", "--from", "2024-03-01"), ("--rule", "disclosure.reply", "--from", "2005-03-01"),
               ("--rule", "litigation.answer", "--from", "2024-03-01", "--extend"), ("--from", "2024-03-01", "--working-days", "5", "--extend"),
               ("--rule", "disclosure.reply", "--from", "2024-03-01", "--pause", "2024-03-12:2024-03-05")]
    for args in refused:
        r = fazhi("deadline", *args, db=db)
        assert r.returncode != 0 and "错误" in r.stderr, args


def test_backup_then_tampering_is_found(server, tmp_path):
    copy = tmp_path / "copy.sqlite"
    r = fazhi("backup", str(copy), db=server.db_path)
    assert r.returncode == 0, r.stderr
    ok = fazhi("audit", "verify", db=copy)
    assert ok.returncode == 0 and "审计链完好" in ok.stdout, ok.stdout + ok.stderr

    con = sqlite3.connect(copy)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE audit_log SET actor_name = '他人' WHERE seq = 3")
    con.commit()
    con.close()
    broken = fazhi("audit", "verify", db=copy)
    assert broken.returncode != 0
    assert "第 3 条" in broken.stdout + broken.stderr


def test_checkpoint_finds_a_cut_tail(server, tmp_path):
    """Cutting the last entries and rewinding the head fools `audit verify`, not a checkpoint."""
    copy = tmp_path / "cut.sqlite"
    assert fazhi("backup", str(copy), db=server.db_path).returncode == 0
    checkpoints = tmp_path / "audit.checkpoints"
    key = {"FAZHI_AUDIT_KEY": "k" * 40}
    made = fazhi("audit", "checkpoint", str(checkpoints), db=copy, env=key)
    assert made.returncode == 0 and "已追加检查点" in made.stdout, made.stdout + made.stderr
    seq, digest, signature = checkpoints.read_text().split()
    assert int(seq) > 3 and len(signature) == 64
    ok = fazhi("audit", "verify", "--checkpoint", str(checkpoints), db=copy, env=key)
    assert ok.returncode == 0 and "与 1 个检查点一致" in ok.stdout, ok.stdout + ok.stderr

    con = sqlite3.connect(copy)
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute("DELETE FROM audit_log WHERE seq > ?", (int(seq) - 2,))
    (head,) = con.execute("SELECT hash FROM audit_log WHERE seq = ?", (int(seq) - 2,)).fetchone()
    con.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (int(seq) - 2, head))
    con.commit()
    con.close()
    assert fazhi("audit", "verify", db=copy, env=key).returncode == 0, "the cut chain agrees with itself"
    cut = fazhi("audit", "verify", "--checkpoint", str(checkpoints), db=copy, env=key)
    assert cut.returncode != 0 and "链尾被截断" in cut.stdout + cut.stderr
    # Without the key the signed checkpoint cannot be trusted either.
    assert fazhi("audit", "verify", "--checkpoint", str(checkpoints), db=copy).returncode != 0


def test_the_first_start_answers_at_once_and_a_kill_loses_nothing(server):
    """The template's first start (`conftest.first_start`) answered /healthz and the sign-in page
    while the demo was made behind it, showing its progress; killed in the demo's history, the
    next start resumed it: every day of the history lived once, the demo complete, and its
    figures the seed's (`test_report_from_the_demo_district` reads the same demo)."""
    import json
    from conftest import demo_template

    with open(os.path.join(demo_template().work, "first-start.json")) as f:
        shown = json.load(f)
    assert shown["login_status"] == 200 and shown["readyz_then"] == 503, shown
    assert shown["login_banner"] and "登记簿记录" in shown["login_banner"], shown
    assert shown["killed_at"], shown
    assert "已生成演示数据" in shown["resumed"] and "首次启动" not in shown["resumed"], shown["resumed"]
    con = sqlite3.connect(server.db_path)
    steps = dict(con.execute("SELECT step, detail FROM demo_steps WHERE step IN ('request', 'history:1', 'history:1:end', 'complete')").fetchall())
    lived = con.execute("SELECT COUNT(*) FROM demo_steps WHERE step LIKE 'history:1:2%'").fetchone()[0]
    modules = con.execute("SELECT COUNT(*) FROM demo_steps WHERE step LIKE 'records:%'").fetchone()[0]
    con.close()
    # The days to live were counted when the history began; the second start may find one more
    # (it crossed 10:00 or midnight), never one fewer.
    assert set(steps) == {"request", "history:1", "history:1:end", "complete"} and lived >= int(steps["history:1"]) > 100, (steps, lived)
    assert modules > 5


def test_report_from_the_demo_district(server, tmp_path):
    """The demo district's 2023 records, made on the server's first start, give the seed's figures."""
    import json
    import docx

    r = fazhi("report", "2023", "--format", "json", db=server.db_path)
    assert r.returncode == 0, r.stderr
    figures = {f["name"]: f["value"] for f in json.loads(r.stdout)["figures"]}
    assert figures["leadership.meeting_studies"] == 7
    assert figures["leadership.pre_meeting_studies.theory_group"] == 2
    assert figures["leadership.pre_meeting_studies.government"] == 2
    assert figures["leadership.committee_meetings"] == 17
    assert figures["inspection.towns_inspected"] == 14 and figures["inspection.departments_inspected"] == 6
    assert figures["review.town_reviewers"] == 142 and figures["review.towns_organised"] == 14
    # Section （五）: suggestions and proposals, the heads in court, disclosure applications.
    assert (figures["oversight.npc_suggestions"], figures["oversight.cppcc_proposals"]) == (108, 304)
    assert (figures["oversight.answered_rate"], figures["oversight.satisfied_rate"]) == (10000, 9900)
    assert figures["litigation.head_streak"] == 54 and figures["litigation.head_rate"] == 10000
    assert (figures["litigation.cases_heard"], figures["litigation.principal_cases"], figures["litigation.principal_share"]) == (169, 97, 5740)
    assert figures["litigation.loss_rate"] == 350 and figures["disclosure.applications"] == 80
    assert (figures["disclosure.columns_improved"], figures["disclosure.proactive_items"], figures["disclosure.people_daily_messages"]) == (30, 6846, 64)
    assert figures["disclosure.proactive_rate"] == 10000 and figures["disclosure.executive_meetings_rate"] == 10000
    # Section （六）: people's mediation, exact in the JSON (the amount in fen), in the seed's words in the text.
    assert (figures["mediation.visitors"], figures["mediation.settled"], figures["mediation.resolution_rate"]) == (3360, 4416, 9915)
    assert figures["mediation.amount"] == 7024336200
    assert (figures["reconsideration.cases"], figures["reconsideration.change"], figures["reconsideration.settled"]) == (201, 4357, 62)
    assert (figures["reconsideration.contact_points"], figures["reconsideration.service_points"]) == (14, 49)
    assert (figures["legal_services.lawyers"], figures["legal_services.consultations"], figures["legal_services.satisfaction"]) == (16110, 8586, 10000)
    assert (figures["litigation_source.suggestions"], figures["litigation_source.diverted"], figures["litigation_source.civil_cases_change"]) == (27, 3052, -194)
    assert (figures["legal_aid.accepted"], figures["legal_aid.closed"], figures["legal_aid.selected"]) == (1980, 1343, 2)

    out = tmp_path / "report.docx"
    assert fazhi("report", "2023", "--format", "docx", "--output", str(out), db=server.db_path).returncode == 0
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["一、工作情况", "（一）党的组织领导不断加强。"]
    assert "二、存在的问题" in headings and "三、下一步工作计划" in headings
    # 二 and 三 in the seed's points, as the demo office wrote them for 2023.
    assert "（三）公共法律服务供给还不平衡。" in headings and "（四）筑牢基层安全稳定底线，推动社会治理现代化。" in headings
    assert document.paragraphs[1].text.startswith("2023年，东昌府区坚持以习近平新时代中国特色社会主义思想为指导")
    assert any("先后7次研究法治工作" in p.text for p in document.paragraphs)
    assert any("负责人出庭应诉率连续54个月保持百分之百" in p.text and "占比57.40%，超过全市平均水平14.10个百分点" in p.text
               and "败诉率3.50%，低于全市平均水平3.30个百分点" in p.text for p in document.paragraphs)
    assert "（六）矛盾纠纷依法有效化解。" in headings
    assert any("接待来访群众3300余人次，成功调处各类矛盾纠纷4416件，涉案金额7000余万元，矛盾纠纷化解率达到99%以上" in p.text
               for p in document.paragraphs)
    assert any("入驻律师16110名" in p.text and "接受群众法律咨询8586件，群众满意率达到100%。" in p.text for p in document.paragraphs)
    assert any("制发司法建议27份，分流化解案件3000余件，民事案件收案数量同比下降1.94%" in p.text for p in document.paragraphs)
    assert any("受理法律援助案件1980件，结案1343件，2篇法律援助案例入选司法部案例库" in p.text for p in document.paragraphs)
    assert round(document.sections[0].top_margin.mm) == 37 and round(document.sections[0].left_margin.mm) == 28

    pdf = tmp_path / "report.pdf"
    made = fazhi("report", "2023", "--format", "pdf", "--output", str(pdf), db=server.db_path)
    assert made.returncode == 0, made.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") >= 1
    # The characters are real text in an embedded Chinese font, not boxes.
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "一、工作情况" in flat and "先后7次研究法治工作" in flat and "17035" in flat and "142人" in flat, flat[:400]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYi" in fonts or "CJK" in fonts, fonts

    # The district government's 政府信息公开工作年度报告 in the national tables: the 80 applications
    # received in 2023 are the first row's total, and the application table closes in every column.
    r = fazhi("disclosure-report", "2023", db=server.db_path)
    assert r.returncode == 0, r.stderr
    disclosure = json.loads(r.stdout)
    assert [p["heading"] for p in disclosure["parts"]] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    table = disclosure["parts"][2]["tables"][0]
    rows = {row["label"]: [c["value"] for c in row["cells"]] for row in table["rows"]}
    assert table["columns"][1:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert rows["一、本年新收政府信息公开申请数量"][-1] == 80 and disclosure["closes"] is True
    for c in range(7):
        assert (rows["一、本年新收政府信息公开申请数量"][c] + rows["二、上年结转政府信息公开申请数量"][c]
                == rows["（七）总计"][c] + rows["四、结转下年度继续办理"][c])
        assert rows["（七）总计"][c] == sum(rows[k][c] for k in rows if k.startswith(("（一）", "（二）", "（三）", "（四）", "（五）", "（六）")))
    assert all(cell["href"].startswith("/records/disclosure-applications?") for cell in table["rows"][0]["cells"])
    out = tmp_path / "disclosure.docx"
    assert fazhi("disclosure-report", "2023", "--format", "docx", "--output", str(out), db=server.db_path).returncode == 0
    tables = docx.Document(str(out)).tables
    assert len(tables) == 6 and tables[4].rows[0].cells[1].text == "自然人" and tables[4].rows[1].cells[-1].text == "80"

    # The demo reaches back to the mediation committees set up in 2011; before that there is nothing.
    none = fazhi("report", "2010", "--format", "json", db=server.db_path)
    assert none.returncode == 1 and "2010 年没有任何登记簿记录" in none.stderr


def test_import_command_checks_then_imports_once(server, tmp_path):
    db = server.db_path
    good = ("督察批次,督察类别,被督察单位,开始日期\n"
            "2023年法治建设专项督察,专项督察,371502-T01,2023-08-01\n"
            "2023年法治建设专项督察,专项督察,371502-T02,2023-08-02\n")
    source = tmp_path / "inspections.csv"
    # As Excel on a Chinese Windows saves it: GBK.
    source.write_bytes((good + "2023年法治建设专项督察,临时督察,371502-T03,2023-02-30\n").encode("gbk"))
    dry = fazhi("import", "inspections", str(source), "--dry-run", db=db)
    assert dry.returncode == 0, dry.stderr
    assert "有效 2 行，有问题 1 行" in dry.stdout, dry.stdout
    assert "第 4 行「督察类别」" in dry.stdout and "第 4 行「开始日期」" in dry.stdout
    refused = fazhi("import", "inspections", str(source), db=db)
    assert refused.returncode != 0 and "未导入任何数据" in refused.stdout + refused.stderr
    source.write_bytes(good.encode("gbk"))
    done = fazhi("import", "inspections", str(source), db=db)
    assert done.returncode == 0 and "已导入 2 条" in done.stdout, done.stdout + done.stderr
    assert "2/2" in done.stderr, "a progress bar on standard error"
    again = fazhi("import", "inspections", str(source), db=db)
    assert "重复 2 行" in again.stdout and "已导入" not in again.stdout
    assert fazhi("audit", "verify", db=db).returncode == 0
