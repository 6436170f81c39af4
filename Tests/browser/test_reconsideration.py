"""An application for reconsideration from the portal's form to mediation, in a real browser: the
form asks a person and an organisation for their own fields and fits a phone's screen; the office
lets the five working days of review pass, so the platform's hourly run deems it accepted (here
`fazhi remind --once` on a later day); staff send the copy, record the answer, extend the decision
once and close it by mediation, while the applicant follows it on the portal with the code sent
to their phone. Each due date is the one `fazhi deadline` gives."""
import datetime
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import RunningServer, Server, today as platform_today
from test_pages import sign_in_ready, submit
import test_disclosure as disclosure
from test_records import set_date
from test_reminders import Receiver, fazhi

ID_NUMBER = "11010519491231002X"
PHONE = "13900000019"


def deadline(db, *args):
    r = fazhi("deadline", *args, db=db)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()[0]


def follow(page, url, receipt, receiver):
    """The applicant's code, as for a disclosure request, then their page."""
    disclosure.follow(page, url, receipt, receiver, path="reconsideration", phone=PHONE)
    page.get(url + "/portal/follow/reconsideration/mine")
    return page.find_element(By.ID, "state").text, page.find_element(By.ID, "due").text


def test_an_application_deemed_accepted_extended_and_mediated(browser, tmp_path):
    receiver = Receiver()
    sms = {"FAZHI_SMS_URL": f"http://127.0.0.1:{receiver.port}/sms?to={{phone}}&text={{text}}"}
    received = platform_today() - datetime.timedelta(days=40)
    while received.weekday() >= 5:
        received -= datetime.timedelta(days=1)
    running = RunningServer(prefix="fazhi-reconsideration-", extra={**sms, "FAZHI_TODAY": received.isoformat()})
    page, url, db = browser, running.url, running.work + "/fazhi.sqlite"
    try:
        page.delete_all_cookies()
        page.get(url + "/portal")
        page.find_element(By.CSS_SELECTOR, "ul.cards a[href='/portal/apply/reconsideration']").click()
        assert "带 * 的为必填项" in page.find_element(By.ID, "required-note").text
        # A citizen is asked for a 身份证号, an organisation for its code: only the one that applies shows.
        kind = Select(page.find_element(By.ID, "applicant_kind"))
        kind.select_by_visible_text("法人或者其他组织")
        assert page.find_element(By.ID, "credit_code").is_displayed() and not page.find_element(By.ID, "id_number").is_displayed()
        kind.select_by_visible_text("公民")
        assert page.find_element(By.ID, "id_number").is_displayed() and not page.find_element(By.ID, "credit_code").is_displayed()
        assert page.find_element(By.ID, "id_number").get_attribute("required") is not None
        # On a phone's screen nothing is wider than the screen.
        page.set_window_size(390, 844)
        try:
            assert page.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
            assert page.find_element(By.ID, "reasons").size["width"] <= 390
        finally:
            page.set_window_size(1280, 900)

        Select(page.find_element(By.ID, "office")).select_by_index(1)
        page.find_element(By.ID, "applicant_name").send_keys("李四")
        page.find_element(By.ID, "id_number").send_keys(ID_NUMBER)
        page.find_element(By.ID, "phone").send_keys(PHONE)
        page.find_element(By.ID, "respondent").send_keys("东昌府区市场监督管理局")
        Select(page.find_element(By.ID, "act")).select_by_visible_text("行政处罚")
        page.find_element(By.ID, "act_description").send_keys("行政处罚决定书（东市监罚〔2026〕12号）")
        set_date(page, "knew_on", (received - datetime.timedelta(days=10)).isoformat())
        Select(page.find_element(By.ID, "told")).select_by_visible_text("是")
        Select(page.find_element(By.ID, "real_property")).select_by_visible_text("否")
        page.find_element(By.ID, "request").send_keys("请求撤销该行政处罚决定")
        page.find_element(By.ID, "reasons").send_keys("认定事实不清，证据不足（浏览器测试）")
        submit(page, "form[action='/portal/apply/reconsideration'] button")
        receipt = page.find_element(By.ID, "receipt").text
        assert re.match(r"^371502-FY-\d{4}-\d{7}$", receipt), receipt
        review = deadline(db, "--rule", "reconsideration.acceptance", "--from", received.isoformat())
        assert page.find_element(By.ID, "due").text.startswith(review)
    finally:
        running.stop()

    # Nobody decided within the review: the next day's run deems it accepted on its last day.
    after = datetime.date.fromisoformat(review) + datetime.timedelta(days=1)
    later = after + datetime.timedelta(days=8)
    r = fazhi("remind", "--once", db=db, extra={**sms, "FAZHI_TODAY": after.isoformat()})
    assert r.returncode == 0 and "依法自动流转 1 件" in r.stdout, r.stdout + r.stderr
    assert any("依法视为受理" in t for t in receiver.texts), receiver.texts

    again = RunningServer(prefix="fazhi-reconsideration-", extra={**sms, "FAZHI_TODAY": later.isoformat()}, work=running.work,
                          passwords=running.passwords)
    server, url = Server(again.url, again.passwords, again.work), again.url
    try:
        decision = deadline(db, "--rule", "reconsideration.decision", "--from", review)
        page.delete_all_cookies()
        state, due = follow(page, url, receipt, receiver)
        assert state == "已受理，待发送申请书副本" and due.startswith(decision), (state, due)
        assert page.find_element(By.XPATH, "//dt[text()='审理期限']").is_displayed()
        grant = page.get_cookie("fazhi_follow")
        assert grant

        sign_in_ready(page, server, "office")
        page.get(url + f"/records/reconsiderations?q={receipt}")
        page.find_element(By.LINK_TEXT, receipt).click()
        assert "平台（行政复议受理审查期限届满，视为受理）" in page.page_source, "the audit trail names the platform"
        day = after.isoformat()
        set_date(page, "send_copy-copy_sent_on", day)
        set_date(page, "send_copy-copy_served_on", day)
        submit(page, "form[action$='/transitions/send_copy'] button")
        set_date(page, "record_answer-answered_on", (after + datetime.timedelta(days=3)).isoformat())
        submit(page, "form[action$='/transitions/record_answer'] button")
        # One extension of at most 30 days: 31 is refused in Chinese, 20 is taken, and once only.
        page.find_element(By.ID, "extend-extension_days").send_keys("31")
        page.find_element(By.ID, "extend-extension_approver").send_keys("王局长")
        set_date(page, "extend-extension_notice_on", (after + datetime.timedelta(days=4)).isoformat())
        submit(page, "form[action$='/transitions/extend'] button")
        assert "延长期限最多不得超过30日" in page.page_source
        field = page.find_element(By.ID, "extend-extension_days")
        field.clear()
        field.send_keys("20")
        set_date(page, "extend-extension_notice_on", (after + datetime.timedelta(days=4)).isoformat())
        if not page.find_element(By.ID, "extend-extension_approver").get_attribute("value"):
            page.find_element(By.ID, "extend-extension_approver").send_keys("王局长")
        submit(page, "form[action$='/transitions/extend'] button")
        extended = deadline(db, "--days", "20", "--from", decision)
        clock = [c.text for c in page.find_elements(By.CSS_SELECTOR, ".clock") if "（审理期限）" in c.text]
        assert clock and f"法定期限（审理期限）：{extended}（已延长 20 日" in clock[0] and "延长期限（20日）" in clock[0], clock
        assert "延长审理期限" not in [b.text for b in page.find_elements(By.CSS_SELECTOR, "form.move button")], "one extension only"
        set_date(page, "mediate-concluded_on", (after + datetime.timedelta(days=5)).isoformat())
        page.find_element(By.ID, "mediate-conclusion").send_keys("经调解，被申请人变更罚款数额，双方签收行政复议调解书。")
        submit(page, "form[action$='/transitions/mediate'] button")

        # The applicant's grant of half an hour still holds: their page shows the ending.
        page.delete_all_cookies()
        page.get(url + "/portal")
        page.add_cookie(grant)
        page.get(url + "/portal/follow/reconsideration/mine")
        state, due = page.find_element(By.ID, "state").text, page.find_element(By.ID, "due").text
        assert state == "调解结案" and due.startswith(extended), (state, due)
        assert "双方签收行政复议调解书" in page.page_source
    finally:
        again.stop()
        receiver.stop()
