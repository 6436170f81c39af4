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
# Examples per operation in the fuzzing and stateful phases; with the document's operations and the
# coverage phase this is about 3,500 requests.
EXAMPLES = int(os.environ.get("FAZHI_CONTRACT_EXAMPLES", "7"))


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


# The phases, in two `st` processes side by side (schemathesis is Python-bound on one core): the
# coverage phase (deterministic boundaries and invalid variants, `schemathesis.toml` says which
# operations), and the examples, fuzzing and stateful phases over every operation.
PHASES = ["coverage", "examples,fuzzing,stateful"]


def start_schemathesis(server, token, phases):
    """`st run` of `phases` against `server` with `token`, the hooks and exceptions of this
    folder, started and not waited for. Every check runs (schemathesis enables them all unless
    told otherwise; naming them on the command line would override the exceptions).
    It runs in the server's own folder, so its cache of failures stays out of the clone."""
    here = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, SCHEMATHESIS_HOOKS="schemathesis_hooks", FAZHI_CONTRACT_URL=server.url, FAZHI_CONTRACT_TOKEN=token,
               PYTHONPATH=here + os.pathsep + os.environ.get("PYTHONPATH", ""))
    st = [sys.executable, "-m", "schemathesis.cli"] if subprocess.run(
        [sys.executable, "-c", "import schemathesis.cli.__main__"], capture_output=True).returncode == 0 else ["st"]
    out = open(os.path.join(server.work, f"schemathesis-{phases.split(',')[0]}.txt"), "w+")
    process = subprocess.Popen(st + ["--config-file", os.path.join(here, "schemathesis.toml"), "run", server.url + "/api/v1/openapi.json",
                                     "--url", server.url, "-H", f"Authorization: Bearer {token}", "--phases", phases,
                                     "--max-examples", str(EXAMPLES), "--seed", "20261202", "--no-color"],
                               stdout=out, stderr=subprocess.STDOUT, text=True, env=env, cwd=server.work)
    return process, out


def test_schemathesis_finds_nothing(contract_server):
    token = api_token(contract_server, "office")
    runs = [start_schemathesis(contract_server, token, phases) for phases in PHASES]
    generated = 0
    for (process, out), phases in zip(runs, PHASES):
        returncode = process.wait(timeout=2400)
        out.seek(0)
        text = out.read()
        assert returncode == 0, f"phases {phases}:\n" + text[-20000:]
        generated += sum(int(n) for n in re.findall(r"(\d+) generated", text))
        # The figures, for whoever reads the test run (`pytest -rP`) or the server's folder.
        print(f"== phases {phases}\n" + text[-2500:])
    assert generated >= 2000, generated
