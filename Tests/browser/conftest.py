"""Starts the built `fazhi` server on scratch SQLite databases and a headless Chromium.

The demo district is made once per run, by a first start of the server on a template database
(`demo_template`); every server the tests start runs on a copy of it. With FAZHI_TEST_TODAY
(YYYY-MM-DD) set, every server and command runs on that day (FAZHI_TODAY) and the tests' own
dates follow it (`today`).

`python3 Tests/browser/conftest.py make-template` makes the template in FAZHI_TEST_DEMO_TEMPLATE."""
import datetime
import functools
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

BINARY = os.environ.get("FAZHI_BINARY", ".build/debug/fazhi")
if os.environ.get("FAZHI_TEST_TODAY"):
    os.environ["FAZHI_TODAY"] = os.environ["FAZHI_TEST_TODAY"]


def today():
    """The platform's day: FAZHI_TEST_TODAY, or today in China (UTC+8)."""
    if os.environ.get("FAZHI_TEST_TODAY"):
        return datetime.date.fromisoformat(os.environ["FAZHI_TEST_TODAY"])
    return datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_until_ready(url):
    """Waits (up to four minutes: a debug build lives the demo's history first) until a started
    `fazhi serve` answers /readyz."""
    for _ in range(1200):
        try:
            if urllib.request.urlopen(url + "/readyz", timeout=1).status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not become ready")


class Server:
    def __init__(self, url, passwords, work):
        self.url = url
        self.work = work
        self.db_path = os.path.join(work, "fazhi.sqlite")
        # Sign-in name -> current password; tests update it when they change one.
        self.passwords = passwords


class Template:
    """The demo district as the server's first start makes it, and the passwords it printed."""

    def __init__(self, work, passwords):
        self.work = work
        self.passwords = passwords

    def copy_into(self, work):
        """The template's database (and file store) into `work`."""
        for name in os.listdir(self.work):
            if name.startswith("fazhi.sqlite") or name == "files":
                source = os.path.join(self.work, name)
                (shutil.copytree if os.path.isdir(source) else shutil.copy2)(source, os.path.join(work, name))


@functools.lru_cache(maxsize=None)
def demo_template():
    """Made on first use, as a newcomer's first start makes the demo (`first_start`). With
    FAZHI_TEST_DEMO_TEMPLATE naming a folder, the template is kept there with its passwords and
    what its first start showed, and a test process that finds it there uses it (the test
    command makes it once for the two processes of browser tests it runs side by side)."""
    kept = os.environ.get("FAZHI_TEST_DEMO_TEMPLATE")
    if kept and os.path.exists(os.path.join(kept, "passwords.json")):
        with open(os.path.join(kept, "passwords.json")) as f:
            return Template(kept, json.load(f))
    work, passwords, shown = first_start()
    with open(os.path.join(work, "first-start.json"), "w") as f:
        json.dump(shown, f)
    if not kept:
        return Template(work, passwords)
    os.makedirs(kept, exist_ok=True)
    Template(work, passwords).copy_into(kept)
    shutil.copy2(os.path.join(work, "first-start.json"), kept)
    shutil.rmtree(work, ignore_errors=True)
    with open(os.path.join(kept, "passwords.json"), "w") as f:
        json.dump(passwords, f)
    return Template(kept, passwords)


def fetch(url):
    """(status, body) of a GET, errors included; (None, reason) when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError as e:
        return None, str(e)


def first_start():
    """A `fazhi serve` on an empty database answers at once and makes the demo behind it; it is
    killed (SIGKILL) in the middle of the demo's history, and the next start resumes the demo
    to its end. Gives the folder, the first accounts' passwords, and what the first start
    showed: when /healthz and the sign-in page answered, /readyz and the sign-in page's
    progress then, and the progress when it was killed."""
    work = tempfile.mkdtemp(prefix="fazhi-template-")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, FAZHI_DATABASE_URL=f"sqlite://{work}/fazhi.sqlite", FAZHI_BCRYPT_COST="4", LOG_LEVEL="warning")

    def start(name):
        out = open(os.path.join(work, name), "w+")
        return subprocess.Popen([BINARY, "serve", "--hostname", "127.0.0.1", "--port", str(port)], stdout=out,
                                stderr=open(os.path.join(work, name + ".err"), "w"), env=env), out

    shown = {}
    started = time.monotonic()
    proc, out = start("first.log")
    try:
        while fetch(url + "/healthz")[0] != 200:
            assert proc.poll() is None and time.monotonic() - started < 120, "the first start did not answer /healthz"
            time.sleep(0.05)
        shown["healthz_after"] = round(time.monotonic() - started, 2)
        status, login = fetch(url + "/login")
        shown["login_after"], shown["login_status"] = round(time.monotonic() - started, 2), status
        for _ in range(50):
            shown["readyz_then"], shown["readyz_said"] = fetch(url + "/readyz")
            if shown["readyz_then"]:
                break
            time.sleep(0.1)
        shown["login_banner"] = re.search(r"演示数据正在后台生成[^<]*", login or "").group(0) if "演示数据正在后台生成" in (login or "") else None
        # Into the history (its 100th day or later), then killed.
        while True:
            assert proc.poll() is None and time.monotonic() - started < 600, "the first start's demo did not reach its history"
            body = fetch(url + "/login")[1] or ""
            days = re.search(r"历史 (\d+)/(\d+) 天", body)
            if days and int(days.group(1)) >= 100:
                shown["killed_at"] = days.group(0)
                break
            time.sleep(0.2)
    finally:
        proc.kill()
        proc.wait()
    out.seek(0)
    printed = out.read()
    passwords = dict(re.findall(r"登录名 (\S+)\s+密码 (\S+)", printed))
    assert passwords, printed

    proc, out = start("second.log")
    try:
        wait_until_ready(url)
        out.seek(0)
        shown["resumed"] = out.read()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode == 0, proc.returncode
    print("first start: /healthz after %.2f s, the sign-in page after %.2f s (readyz %s); killed at %s; the second start resumed the demo"
          % (shown["healthz_after"], shown["login_after"], shown["readyz_then"], shown.get("killed_at")))
    return work, passwords, shown


class RunningServer:
    """A `fazhi serve` on a copy of the demo district (`demo_template`), or on an empty
    database that its first start fills (`template=None`), or again on an earlier server's
    (`work`, with the `passwords` it had)."""

    def __init__(self, prefix="fazhi-browser-", extra=None, template=demo_template, work=None, passwords=None):
        self.work = work or tempfile.mkdtemp(prefix=prefix)
        made = template() if template and not work else None
        if made:
            made.copy_into(self.work)
        port = free_port()
        env = dict(os.environ, FAZHI_DATABASE_URL=f"sqlite://{self.work}/fazhi.sqlite", FAZHI_BCRYPT_COST="4", LOG_LEVEL="warning",
                   **(extra or {}))
        out = open(os.path.join(self.work, "stdout.log"), "w+")
        self.proc = subprocess.Popen([BINARY, "serve", "--hostname", "127.0.0.1", "--port", str(port)],
                                     stdout=out, stderr=open(os.path.join(self.work, "stderr.log"), "w"), env=env)
        self.url = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(self.url)
        except Exception:
            self.stop()
            raise
        out.seek(0)
        self.printed = out.read()
        assert "法治平台：http://127.0.0.1:%d/" % port in self.printed, self.printed
        self.passwords = (dict(passwords) if passwords is not None else dict(made.passwords) if made
                          else dict(re.findall(r"登录名 (\S+)\s+密码 (\S+)", self.printed)))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="session")
def server():
    running = RunningServer()
    try:
        assert {"admin", "secadmin", "auditor", "office", "market", "xinqu", "xinquhead", "reviewer"} <= set(running.passwords), running.printed
        yield Server(running.url, running.passwords, running.work)
    finally:
        running.stop()


@pytest.fixture(scope="session")
def browser():
    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=zh-CN"):
        options.add_argument(arg)
    if os.path.exists("/usr/bin/chromium"):
        options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(3)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, server):
    """A browser with no session, for one test."""
    browser.delete_all_cookies()
    return browser


if __name__ == "__main__":
    import sys
    assert sys.argv[1:] == ["make-template"] and os.environ.get("FAZHI_TEST_DEMO_TEMPLATE"), "usage: FAZHI_TEST_DEMO_TEMPLATE=DIR conftest.py make-template"
    print(demo_template().work)
