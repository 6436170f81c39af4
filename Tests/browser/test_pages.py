"""What a person does in the browser: sign in, get locked out, change a password, manage units
and people."""
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

NEW_PASSWORD = "Browser-Passw0rd!"


def submit(page, selector):
    """Clicks a form's button and waits until the next page has replaced this one."""
    page.execute_script("window.__leaving = true")
    page.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(page, 10, ignored_exceptions=[WebDriverException]).until(
        lambda d: d.execute_script("return window.__leaving === undefined && document.readyState === 'complete'"))


def sign_in(page, server, username, password=None):
    page.get(server.url + "/login")
    page.find_element(By.ID, "username").send_keys(username)
    page.find_element(By.ID, "password").send_keys(password or server.passwords[username])
    submit(page, "form[action='/login'] button[type=submit]")


def sign_in_ready(page, server, username):
    """Signs in and, on a first sign-in, sets a new password as the platform demands."""
    sign_in(page, server, username)
    if page.current_url.endswith("/account/password"):
        change_password(page, server.passwords[username], NEW_PASSWORD)
        server.passwords[username] = NEW_PASSWORD
    assert page.find_element(By.TAG_NAME, "h1").text == "工作台"


def change_password(page, current, new):
    page.find_element(By.ID, "current").send_keys(current)
    page.find_element(By.ID, "password").send_keys(new)
    page.find_element(By.ID, "confirm").send_keys(new)
    submit(page, "form[action='/account/password'] button")


def test_sign_in_forces_a_password_change(page, server):
    sign_in(page, server, "office")
    assert page.current_url.endswith("/account/password")
    assert "须先设置新密码" in page.page_source
    # Pages stay closed until the password is changed.
    page.get(server.url + "/users")
    assert page.current_url.endswith("/account/password")
    change_password(page, server.passwords["office"], "weak")
    assert "至少需要 10 个字符" in page.find_element(By.CSS_SELECTOR, ".error").text
    change_password(page, server.passwords["office"], NEW_PASSWORD)
    server.passwords["office"] = NEW_PASSWORD
    assert "密码已修改" in page.find_element(By.CSS_SELECTOR, ".notice").text
    page.get(server.url + "/users")
    assert page.find_element(By.TAG_NAME, "h1").text == "用户"


REFUSAL = "登录名或密码错误。连续输错多次后账户将暂时锁定；账户已锁定或停用时请联系系统管理员"


def test_wrong_passwords_lock_the_account(page, server):
    # Every refusal reads the same, so a guesser cannot tell a locked or unknown account apart.
    for _ in range(5):
        sign_in(page, server, "market", "Not-the-passw0rd")
        assert page.find_element(By.ID, "login-error").text == REFUSAL
    sign_in(page, server, "market")
    assert page.find_element(By.ID, "login-error").text == REFUSAL, "locked: even the right password is refused"
    sign_in(page, server, "no-such-person", "Any-passw0rd-1")
    assert page.find_element(By.ID, "login-error").text == REFUSAL


def test_create_a_unit_with_a_validation_error_then_a_user(page, server):
    sign_in_ready(page, server, "admin")
    page.get(server.url + "/units/new")
    page.find_element(By.ID, "name").send_keys("区数据资源局")
    page.find_element(By.ID, "code").send_keys("371502-D01")  # already taken
    Select(page.find_element(By.ID, "kind")).select_by_visible_text("部门")
    Select(page.find_element(By.ID, "parentID")).select_by_visible_text("东昌府区（区）")
    submit(page, "form[action='/units'] button[type=submit]")
    error = page.find_element(By.ID, "form-error").text
    assert "单位编码「371502-D01」已被" in error
    assert page.find_element(By.ID, "code").get_attribute("aria-invalid") == "true"
    assert page.find_element(By.ID, "name").get_attribute("value") == "区数据资源局", "input is kept"
    code = page.find_element(By.ID, "code")
    code.clear()
    code.send_keys("371502-D50")
    submit(page, "form[action='/units'] button[type=submit]")
    assert "已创建" in page.find_element(By.CSS_SELECTOR, ".notice").text
    assert "区数据资源局" in page.find_element(By.TAG_NAME, "table").text

    page.get(server.url + "/users/new")
    page.find_element(By.ID, "displayName").send_keys("钱数据")
    page.find_element(By.ID, "username").send_keys("qianshuju")
    page.find_element(By.ID, "phone").send_keys("1380000")  # too short
    page.find_element(By.XPATH, "//label[contains(., '区数据资源局')]/input").click()
    submit(page, "form[action='/users'] button[type=submit]")
    assert "手机号码应为 11 位数字" in page.find_element(By.ID, "form-error").text
    phone = page.find_element(By.ID, "phone")
    phone.clear()
    phone.send_keys("13800001234")
    submit(page, "form[action='/users'] button[type=submit]")
    initial = page.find_element(By.CSS_SELECTOR, "#new-password code").text
    assert len(initial) >= 10
    page.get(server.url + "/users?q=qianshuju")
    assert "钱数据" in page.find_element(By.TAG_NAME, "table").text

    # The new colleague can sign in with the one-time password and must change it.
    page.delete_all_cookies()
    sign_in(page, server, "qianshuju", initial)
    assert page.current_url.endswith("/account/password")


def test_audit_administrator_sees_the_trail(page, server):
    sign_in_ready(page, server, "auditor")
    page.get(server.url + "/audit?verify=1")
    assert "审计链完好" in page.find_element(By.ID, "verify-result").text
    assert "登录失败" in page.page_source
    # Nothing else is open to the audit administrator.
    page.get(server.url + "/users")
    assert "没有执行此操作的权限" in page.page_source


def test_keyboard_reaches_the_sign_in_form(page, server):
    page.get(server.url + "/login")
    assert page.switch_to.active_element.get_attribute("id") == "username"
    labels = {l.get_attribute("for") for l in page.find_elements(By.TAG_NAME, "label")}
    assert {"username", "password"} <= labels
