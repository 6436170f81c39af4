"""An application for government information from the portal's form to the reply, in a real
browser: the applicant gets a receipt number, staff ask for a correction and extend the reply,
and the applicant follows it with the receipt number and the code the SMS gateway received. The
due date shown at each step is the one `fazhi deadline` gives for the same rule."""
import os
import re
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import RunningServer, Server, today as platform_today
from test_pages import sign_in_ready, submit
from test_records import set_date
from test_reminders import Receiver, fazhi

ID_NUMBER = "11010519491231002X"
PHONE = "13900000007"


def deadline(db, *args):
    """The due date the command line gives, independently of the pages."""
    r = fazhi("deadline", "--rule", "disclosure.reply", *args, db=db)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()[0]


def follow(page, url, receipt, receiver, path="disclosure", phone=PHONE):
    """The applicant proves it is theirs with the code sent to their phone."""
    page.get(url + f"/portal/follow/{path}?receipt={receipt}")
    assert page.find_element(By.ID, "receipt").get_attribute("value") == receipt
    page.find_element(By.ID, "contact").send_keys(phone)
    before = len(receiver.texts)
    submit(page, "form[action$='/code'] button")
    for _ in range(100):
        if len(receiver.texts) > before and "验证码" in receiver.texts[-1]:
            break
        time.sleep(0.1)
    code = receiver.texts[-1].split("验证码")[1][:6]
    page.find_element(By.ID, "code").send_keys(code)
    submit(page, "form[action$='/verify'] button")


def mine(page, url):
    page.get(url + "/portal/follow/disclosure/mine")
    return page.find_element(By.ID, "state").text, page.find_element(By.ID, "due").text


def test_an_application_through_correction_and_extension_to_the_reply(browser, tmp_path):
    receiver = Receiver()
    running = RunningServer(prefix="fazhi-disclosure-", extra={"FAZHI_SMS_URL": f"http://127.0.0.1:{receiver.port}/sms?to={{phone}}&text={{text}}"})
    server = Server(running.url, running.passwords, running.work)
    page, url, db = browser, running.url, os.path.join(running.work, "fazhi.sqlite")
    try:
        page.delete_all_cookies()
        # The platform's day (China's, UTC+8, as the receipt day is; or the run's FAZHI_TEST_TODAY).
        today = platform_today().isoformat()
        # The applicant finds the form from the portal's home and fills it in; a wrong check digit
        # is refused in Chinese first.
        page.get(url + "/portal")
        page.find_element(By.CSS_SELECTOR, "ul.cards a[href='/portal/apply/disclosure']").click()
        assert page.current_url == url + "/portal/apply/disclosure"
        assert page.find_element(By.CSS_SELECTOR, "nav.side a[href='/portal/follow/disclosure']").text == "政府信息公开申请进度查询"
        Select(page.find_element(By.ID, "office")).select_by_index(2)
        Select(page.find_element(By.ID, "applicant_kind")).select_by_visible_text("公民")
        page.find_element(By.ID, "applicant_name").send_keys("张三")
        page.find_element(By.ID, "id_number").send_keys(ID_NUMBER[:-1] + "1")
        page.find_element(By.ID, "phone").send_keys(PHONE)
        page.find_element(By.ID, "content").send_keys("本区2023年城市绿化管理办法的起草说明（浏览器测试）")
        Select(page.find_element(By.ID, "delivery")).select_by_visible_text("网上查看（政务公开平台）")
        submit(page, "form[action='/portal/apply/disclosure'] button")
        assert "校验位或出生日期不正确" in page.find_element(By.ID, "form-error").text
        field = page.find_element(By.ID, "id_number")
        field.clear()
        field.send_keys(ID_NUMBER)
        # With 5 MB of files: the form takes 20 MB of them, past the 2 MB other forms take.
        scan = tmp_path / "申请书.pdf"
        scan.write_bytes(b"%PDF-1.4\n" + os.urandom(5 * 1024 * 1024))
        page.find_element(By.ID, "files").send_keys(str(scan))
        submit(page, "form[action='/portal/apply/disclosure'] button")
        receipt = page.find_element(By.ID, "receipt").text
        assert re.match(r"^371502-YSQ-\d{4}-\d{7}$", receipt), receipt
        first = deadline(db, "--from", today)
        assert page.find_element(By.ID, "due").text.startswith(first)

        follow(page, url, receipt, receiver)
        state, due = mine(page, url)
        assert state == "办理中" and due.startswith(first)

        # Staff ask for a correction: the applicant sees the clock stopped and what to correct.
        sign_in_ready(page, server, "office")
        page.get(url + f"/records/disclosure-applications?q={receipt}")
        page.find_element(By.LINK_TEXT, receipt).click()
        assert "申请书.pdf" in page.page_source, "the applicant's file is kept with the application"
        set_date(page, "ask_correction-correction_asked_on", today)
        page.find_element(By.ID, "ask_correction-correction_request").send_keys("请补充所需信息的文号或形成时间")
        submit(page, "form[action$='/transitions/ask_correction'] button")
        assert "计时暂停中" in page.find_element(By.CSS_SELECTOR, ".clock").text
        state, due = mine(page, url)
        assert state == "待补正" and due.startswith("计时暂停中")
        assert "请补充所需信息的文号或形成时间" in page.page_source

        # The correction arrives and the reply is extended once: the clock restarts and grows.
        page.get(url + f"/records/disclosure-applications?q={receipt}")
        page.find_element(By.LINK_TEXT, receipt).click()
        set_date(page, "corrected-corrected_on", today)
        submit(page, "form[action$='/transitions/corrected'] button")
        page.find_element(By.ID, "extend-extension_approver").send_keys("李主任")
        set_date(page, "extend-extension_notice_on", today)
        submit(page, "form[action$='/transitions/extend'] button")
        extended = deadline(db, "--from", today, "--extend")
        clock = page.find_element(By.CSS_SELECTOR, ".clock").text
        assert f"法定期限：{extended}（补正后自 {today} 起重新计算，已延长 20 个工作日" in clock, clock
        assert "延长答复期限" not in [b.text for b in page.find_elements(By.CSS_SELECTOR, "form.move button")], "one extension only"
        state, due = mine(page, url)
        assert state == "办理中" and due.startswith(extended) and "已延长 20 个工作日" in due

        # The reply, with its document: the applicant reads the outcome and downloads it.
        page.get(url + f"/records/disclosure-applications?q={receipt}")
        page.find_element(By.LINK_TEXT, receipt).click()
        reply = tmp_path / "答复书.pdf"
        reply.write_bytes(b"%PDF-1.4\n% reply\n%%EOF\n")
        page.find_element(By.ID, "file-reply_files").send_keys(str(reply))
        submit(page, "form.upload:has(#file-reply_files) button")
        Select(page.find_element(By.ID, "reply-outcome")).select_by_visible_text("部分公开")
        set_date(page, "reply-replied_on", today)
        page.find_element(By.ID, "reply-reply_text").send_keys("经审查，部分公开，涉及第三方商业秘密的部分不予公开。")
        submit(page, "form[action$='/transitions/reply'] button")
        state, due = mine(page, url)
        assert state == "已答复" and due.startswith(extended)
        assert "部分公开" in page.page_source
        link = page.find_element(By.LINK_TEXT, "答复书.pdf").get_attribute("href")
        page.get(link)
    finally:
        running.stop()
        receiver.stop()
