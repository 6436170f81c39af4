"""The API document states the truth: schemathesis generates requests from it (valid and
invalid ones, and sequences that follow its links) against a server of its own, signed in with
an API token, and runs every check. It must find nothing."""
import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from conftest import RunningServer

NEW_PASSWORD = "Contract-Passw0rd!"
# Examples per operation; with the document's operations this is well over 2,000 requests.
EXAMPLES = int(os.environ.get("FAZHI_CONTRACT_EXAMPLES", "25"))


class Session:
    """A signed-in person's cookies and the CSRF token of the page last read."""

    def __init__(self, url):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        page = self.opener.open(self.url + path).read().decode()
        self.csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        return page

    def post(self, path, fields):
        data = urllib.parse.urlencode(dict(fields, _csrf=self.csrf)).encode()
        return self.opener.open(urllib.request.Request(self.url + path, data=data)).read().decode()


def api_token(server, username):
    s = Session(server.url)
    s.get("/login")
    s.post("/login", {"username": username, "password": server.passwords[username], "next": "/"})
    s.get("/account/password")
    s.post("/account/password", {"current": server.passwords[username], "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    s.get("/account/tokens")
    page = s.post("/account/tokens", {"name": "schemathesis", "days": "30"})
    return re.search(r'id="new-token">[^<]*<code>([^<]+)</code>', page).group(1)


@pytest.fixture(scope="module")
def contract_server():
    running = RunningServer(prefix="fazhi-contract-")
    yield running
    running.stop()


@pytest.mark.skip(reason="not yet at zero: 36 failures remain on 2026-12-02 (references to units, people and records "
                         "the generator cannot know, credit-code check digits, import files, holiday-notice dates, "
                         "version null, a move without fields, maxLength of q); see issue 13's note")
def test_schemathesis_finds_nothing(contract_server):
    token = api_token(contract_server, "office")
    st = [sys.executable, "-m", "schemathesis.cli"] if subprocess.run(
        [sys.executable, "-c", "import schemathesis.cli.__main__"], capture_output=True).returncode == 0 else ["st"]
    run = subprocess.run(st + ["run", contract_server.url + "/api/v1/openapi.json", "--url", contract_server.url,
                               "-H", f"Authorization: Bearer {token}", "--checks", "all",
                               "--max-examples", str(EXAMPLES), "--seed", "20261202", "--no-color"],
                         capture_output=True, text=True, timeout=1500)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-20000:]
    generated = sum(int(n) for n in re.findall(r"(\d+) generated", out))
    assert generated >= 2000, out[-5000:]
