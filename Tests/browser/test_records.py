"""A register in the browser: the district office records a rectification item for a town, is
told what is wrong, fixes it; the town's clerk reports it done, finds it and exports the list."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_pages import sign_in_ready, submit


def set_date(page, element_id, iso):
    """Typing into a date input depends on the browser's locale; set the value as a picker would."""
    page.execute_script("document.getElementById(arguments[0]).value = arguments[1]", element_id, iso)


def test_rectification_from_form_to_export(page, server):
    sign_in_ready(page, server, "office")
    page.find_element(By.LINK_TEXT, "整改事项").click()
    assert page.find_element(By.TAG_NAME, "h1").text == "整改事项"
    page.find_element(By.LINK_TEXT, "新增").click()
    page.find_element(By.ID, "finding").send_keys("社区法律顾问值班记录不全")
    units = Select(page.find_element(By.ID, "unit"))
    town = next(o for o in units.options if o.text.strip() == "新区街道")
    units.select_by_value(town.get_attribute("value"))
    set_date(page, "found_on", "2023-06-01")
    page.find_element(By.ID, "contact_phone").send_keys("1381234")
    submit(page, "form[action='/records/rectifications'] button")
    error = page.find_element(By.ID, "form-error").text
    assert "「联系电话」不是有效的手机号" in error
    phone = page.find_element(By.ID, "contact_phone")
    assert phone.get_attribute("aria-invalid") == "true"
    assert page.find_element(By.ID, "finding").get_attribute("value") == "社区法律顾问值班记录不全"
    phone.clear()
    phone.send_keys("13812345678")
    submit(page, "form[action='/records/rectifications'] button")
    assert "已创建" in page.find_element(By.CSS_SELECTOR, ".notice").text
    assert "待整改" in page.page_source
    # The due date was computed: 30 working days after 1 June 2023.
    assert "2023-07-14" in page.page_source

    item = page.current_url.split("?")[0]

    page.delete_all_cookies()
    sign_in_ready(page, server, "xinqu")
    page.get(item)
    assert "138****5678" in page.page_source, "the town clerk sees the phone masked"
    page.find_element(By.ID, "complete-measures").send_keys("已补齐值班记录并建立检查制度")
    set_date(page, "complete-completed_on", "2023-07-01")
    submit(page, "form[action$='/transitions/complete'] button")
    assert "已整改" in page.page_source
    assert "报告整改完成" not in page.page_source, "the clerk may not close the item, nor report it twice"
    assert "状态：待整改 → 已整改" in page.page_source

    page.find_element(By.LINK_TEXT, "返回整改事项列表").click()
    page.find_element(By.ID, "q").send_keys("值班记录")
    submit(page, "form[role=search] button")
    assert "社区法律顾问值班记录不全" in page.page_source
    href = page.find_element(By.LINK_TEXT, "导出 CSV").get_attribute("href")
    assert href.endswith("/records/rectifications/export.csv?q=%E5%80%BC%E7%8F%AD%E8%AE%B0%E5%BD%95") or "export.csv?q=" in href


def test_import_preview_then_export_xlsx(page, server, tmp_path):
    import urllib.request
    import openpyxl

    sign_in_ready(page, server, "office")
    page.get(server.url + "/records/study-activities/import")
    source = tmp_path / "study.csv"
    source.write_text("类别,主题,日期,组织单位,参加人数\n"
                      "专题讲座,习近平法治思想专题讲座,2023-03-15,371502,120\n"
                      "会前学法,区委理论中心组会前学法,2023-04-20,371502,很多\n", encoding="utf-8")
    page.find_element(By.ID, "file").send_keys(str(source))
    submit(page, "form[enctype='multipart/form-data'] button")
    assert "有效 1 行，有问题 1 行" in page.page_source
    cells = [td.text for td in page.find_elements(By.CSS_SELECTOR, "table tbody td")]
    assert cells == ["3", "参加人数", "「参加人数」必须是整数"]
    submit(page, "button[value=valid]")
    assert "已导入 1 条" in page.find_element(By.CSS_SELECTOR, ".notice").text

    page.get(server.url + "/records/study-activities")
    href = page.find_element(By.LINK_TEXT, "导出 XLSX").get_attribute("href")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": cookies})) as response:
        (tmp_path / "export.xlsx").write_bytes(response.read())
    sheet = openpyxl.load_workbook(tmp_path / "export.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("类别", "主题", "日期", "组织单位")
    imported = next(r for r in rows if r[1] == "习近平法治思想专题讲座")
    assert imported[:4] == ("专题讲座", "习近平法治思想专题讲座", "2023-03-15", "东昌府区")
    assert imported[rows[0].index("参加人数")] == 120, "counts are numbers in the workbook"


def test_dashboard_and_report_lead_to_the_records(page, server):
    sign_in_ready(page, server, "office")
    page.find_element(By.LINK_TEXT, "驾驶舱").click()
    assert page.find_element(By.TAG_NAME, "h1").text == "驾驶舱"
    charts = page.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(charts) >= 3
    assert page.find_element(By.CSS_SELECTOR, "svg.chart title").get_attribute("textContent").endswith("分月）")
    page.get(server.url + "/reports?year=2023")
    assert "东昌府区2023年度法治政府建设情况报告" in page.page_source
    # The number in the report and the records behind it agree (other tests may add lectures).
    figure = page.find_element(By.CSS_SELECTOR, "a.figure[title^='习近平法治思想专题讲座次数']")
    count = figure.text
    assert int(count) >= 5
    figure.click()
    assert page.find_element(By.TAG_NAME, "h1").text == "学法与研究法治工作"
    assert f"共 {count} 条" in page.find_element(By.CSS_SELECTOR, ".pager").text
