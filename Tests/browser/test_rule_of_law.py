"""依法行政 in the browser: a normative document from draft to publication and filing (refused
while the review's changes are unconfirmed), found on the public portal; a major decision through
its procedures, refused at collective discussion without a legality review.

The file's name sorts after test_pages.py, which needs the office account before its first
password change."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_pages import sign_in_ready, submit
from test_records import set_date


def choose(page, element_id, text):
    Select(page.find_element(By.ID, element_id)).select_by_visible_text(text)


def choose_unit(page, element_id, name):
    """Unit lists are indented by level; pick the one whose name this is."""
    units = Select(page.find_element(By.ID, element_id))
    units.select_by_value(next(o for o in units.options if o.text.strip() == name).get_attribute("value"))


def move(page, action):
    submit(page, f"form[action$='/transitions/{action}'] button")


def publish(page):
    """Publication on 25 May 2023, in force a month later for five years."""
    set_date(page, "publish-published_on", "2023-05-25")
    set_date(page, "publish-effective_from", "2023-06-25")
    set_date(page, "publish-expires_on", "2028-06-24")
    move(page, "publish")


def test_document_from_draft_to_filing_then_on_the_portal(page, server):
    sign_in_ready(page, server, "office")
    page.get(server.url + "/records/normative-documents/new")
    page.find_element(By.ID, "title").send_keys("东昌府区城市绿化管理办法（浏览器测试）")
    page.find_element(By.ID, "doc_number").send_keys("东政发〔2023〕99号")
    choose_unit(page, "issuer", "东昌府区")
    choose(page, "validity", "5年")
    page.find_element(By.ID, "body").send_keys("第一条 为加强城市绿化管理，制定本办法。绿地认养制度详见附件。")
    submit(page, "form[action='/records/normative-documents'] button")
    assert "已创建" in page.find_element(By.CSS_SELECTOR, ".notice").text
    record = page.current_url.split("?")[0]

    move(page, "submit")
    assert "合法性审查" in page.find_element(By.CSS_SELECTOR, ".state, dl, main").text
    choose(page, "review-review_opinion", "修改后合法")
    set_date(page, "review-reviewed_on", "2023-05-10")
    move(page, "review")
    assert "集体审议" in page.page_source
    set_date(page, "register-deliberated_on", "2023-05-20")
    set_date(page, "register-registered_on", "2023-05-22")
    choose(page, "register-changes_confirmed", "否")
    move(page, "register")
    number = re.search(r"LCDR-2023-001\d{4}", page.page_source)
    assert number, "the registration number is issued on registration"

    publish(page)
    assert "须先确认已按审查意见修改" in page.page_source, "publication is refused while the review's changes are unconfirmed"

    page.get(record + "/edit")
    choose(page, "changes_confirmed", "是")
    submit(page, f"form[action='{record.replace(server.url, '')}'] button")
    publish(page)
    assert "已公布（待备案）" in page.page_source
    # 30 days after publication end on 24 June, a holiday (端午); 25 June was a make-up working day.
    assert "2023-06-25" in page.page_source, "filing is due 30 days after publication"
    set_date(page, "file-filed_on", "2023-06-10")
    page.find_element(By.ID, "file-filing_authority").send_keys("聊城市人民政府")
    move(page, "file")
    assert "现行有效" in page.page_source

    # Anyone finds it on the portal, by a word of its body.
    page.delete_all_cookies()
    page.get(server.url + "/portal/documents")
    page.find_element(By.ID, "q").send_keys("绿地认养")
    submit(page, "form[role=search] button")
    row = page.find_element(By.CSS_SELECTOR, "table tbody tr").text
    assert "东昌府区城市绿化管理办法（浏览器测试）" in row and number.group(0) in row and "现行有效" in row
    page.find_element(By.LINK_TEXT, "东昌府区城市绿化管理办法（浏览器测试）").click()
    assert page.find_element(By.TAG_NAME, "h1").text == "东昌府区城市绿化管理办法（浏览器测试）"
    assert "2028-06-24" in page.page_source


def test_decision_refused_at_discussion_without_review(page, server):
    sign_in_ready(page, server, "office")
    page.get(server.url + "/records/major-decisions/new")
    page.find_element(By.ID, "title").send_keys("东昌府区公园建设规划（浏览器测试）")
    choose_unit(page, "organiser", "区住房和城乡建设局")
    page.find_element(By.ID, "catalogue_year").send_keys("2023")
    choose(page, "needs_participation", "是")
    choose(page, "needs_expert", "是")
    choose(page, "needs_risk", "否")
    set_date(page, "comment_from", "2023-03-01")
    set_date(page, "comment_to", "2023-04-05")
    set_date(page, "expert_on", "2023-04-10")
    submit(page, "form[action='/records/major-decisions'] button")
    assert "列入目录" in page.page_source

    set_date(page, "start-catalogue_approved_on", "2023-02-20")
    set_date(page, "start-catalogue_published_on", "2023-02-25")
    move(page, "start")
    set_date(page, "submit_review-review_submitted_on", "2023-04-12")
    set_date(page, "submit_review-review_due_on", "2023-04-14")
    move(page, "submit_review")
    assert "不少于7个工作日" in page.page_source
    set_date(page, "submit_review-review_submitted_on", "2023-04-12")
    set_date(page, "submit_review-review_due_on", "2023-04-24")
    move(page, "submit_review")
    assert "合法性审查" in page.page_source

    # Without a review opinion the move is refused by the server (the browser's own check is
    # switched off to show it).
    page.execute_script("document.querySelector(\"form[action$='/transitions/to_discussion']\").noValidate = true")
    move(page, "to_discussion")
    assert "「提交集体讨论」前须填写「合法性审查意见」" in page.page_source
    choose(page, "to_discussion-review_opinion", "合法")
    move(page, "to_discussion")
    set_date(page, "decide-discussed_on", "2023-05-05")
    set_date(page, "decide-decided_on", "2023-05-05")
    move(page, "decide")
    assert "已决定" in page.page_source


def test_review_names_its_adviser_by_record(page, server):
    """A legality review chooses the adviser who took part from the advisers' register; its page
    links to the adviser, whose page lists the review."""
    sign_in_ready(page, server, "office")
    page.get(server.url + "/records/legality-reviews/new")
    page.find_element(By.ID, "subject").send_keys("新区街道土地流转合同审查（浏览器测试）")
    choose(page, "kind", "土地流转")
    choose_unit(page, "requester", "新区街道")
    set_date(page, "received_on", "2023-06-01")
    counsel = Select(page.find_element(By.ID, "counsel"))
    option = next(o.text for o in counsel.options if o.text.startswith("王律师（"))
    counsel.select_by_visible_text(option)
    submit(page, "form[action='/records/legality-reviews'] button")
    assert "已创建" in page.find_element(By.CSS_SELECTOR, ".notice").text

    page.find_element(By.LINK_TEXT, "王律师").click()
    assert page.find_element(By.TAG_NAME, "h1").text.startswith("王律师")
    page.find_element(By.LINK_TEXT, "参与的合法性审查").click()
    assert "新区街道土地流转合同审查（浏览器测试）" in page.find_element(By.CSS_SELECTOR, "table").text
