"""Starts the built `fazhi` server on a scratch SQLite database and a headless Chromium."""
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


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


class RunningServer:
    """A `fazhi serve` with the demo district on a scratch SQLite database of its own."""

    def __init__(self, prefix="fazhi-browser-", extra=None):
        binary = os.environ.get("FAZHI_BINARY", ".build/debug/fazhi")
        self.work = tempfile.mkdtemp(prefix=prefix)
        port = free_port()
        env = dict(os.environ, FAZHI_DATABASE_URL=f"sqlite://{self.work}/fazhi.sqlite", FAZHI_BCRYPT_COST="4", LOG_LEVEL="warning",
                   **(extra or {}))
        out = open(os.path.join(self.work, "stdout.log"), "w+")
        self.proc = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)],
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
        self.passwords = dict(re.findall(r"登录名 (\S+)\s+密码 (\S+)", self.printed))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


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
