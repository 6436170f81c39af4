"""Reminders with real receivers: a dispatcher killed mid-run loses nothing, and a holder who
chose e-mail on the portal is reminded through a real SMTP server (aiosmtpd)."""
import datetime
import email
import email.header
import http.cookiejar
import http.server
import os
import re
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.parse
import urllib.request
import uuid

import pytest
from aiosmtpd.controller import Controller

from conftest import demo_template, free_port, today, wait_until_ready

BINARY = os.environ.get("FAZHI_BINARY", ".build/debug/fazhi")
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(first17):
    """统一社会信用代码 with its GB 32100 check character."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return first17 + ALPHABET[(31 - total % 31) % 31]


def fazhi(*args, db, extra=None, wait=True):
    env = dict(os.environ, LOG_LEVEL="error", FAZHI_BCRYPT_COST="4", **({"FAZHI_DATABASE_URL": f"sqlite://{db}"} if db else {}), **(extra or {}))
    if not wait:
        return subprocess.Popen([BINARY, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run([BINARY, *args], env=env, capture_output=True, text=True, timeout=900)


class Receiver:
    """A group-robot / SMS-gateway stand-in: counts each Idempotency-Key, keeps SMS texts."""

    def __init__(self, delay=0.0):
        self.keys = {}
        self.texts = []
        self.lock = threading.Lock()
        # While closed, requests are taken in but not answered: a dispatcher waits mid-batch.
        self.gate = threading.Event()
        self.gate.set()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self):
                time.sleep(delay)
                key = self.headers.get("Idempotency-Key", "?")
                query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
                with receiver.lock:
                    receiver.keys[key] = receiver.keys.get(key, 0) + 1
                    receiver.texts += query.get("text", [])
                receiver.gate.wait(timeout=30)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                self.answer()

            def do_GET(self):
                self.answer()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


def licences_csv(path, count, expires, prefix):
    lines = ["证照类型,证照编号,持证主体,统一社会信用代码,发证单位,发证日期,有效期至"]
    for i in range(count):
        code = credit_code("91371502MA%s%06d" % (prefix, i))
        lines.append(f"食品经营许可证,{prefix}{i:06d},聊城测试{prefix}{i}有限公司,{code},371502-D06,2021-01-01,{expires}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class Store:
    """The test's own database for the command line: a SQLite file, or a fresh PostgreSQL database."""

    def __init__(self, kind, tmp_path):
        self.kind = kind
        if kind == "sqlite":
            self.path = tmp_path / "kill.sqlite"
            self.url = f"sqlite://{self.path}"
        else:
            base = os.environ["FAZHI_TEST_POSTGRES_URL"]
            name = "kill_" + uuid.uuid4().hex[:12]
            subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
            self.url = base.rsplit("/", 1)[0] + "/" + name

    def rows(self, query):
        if self.kind == "sqlite":
            con = sqlite3.connect(self.path)
            try:
                return con.execute(query).fetchall()
            finally:
                con.commit()
                con.close()
        out = subprocess.run(["psql", self.url, "-AtqF", "\t", "-c", query], check=True, capture_output=True, text=True).stdout
        return [tuple(int(v) if v.isdigit() else v for v in line.split("\t")) for line in out.splitlines() if line]


def stores():
    return ["sqlite"] + (["postgres"] if os.environ.get("FAZHI_TEST_POSTGRES_URL") else [])


@pytest.mark.parametrize("kind", stores())
def test_a_killed_dispatcher_loses_nothing(tmp_path, kind):
    store = Store(kind, tmp_path)
    env = {"FAZHI_DATABASE_URL": store.url}
    made = fazhi("demo", "--organisation-only", db=None, extra=env)
    assert made.returncode == 0 and "登录名 admin" in made.stdout, made.stdout + made.stderr
    # Every plan to the group robot only, so each licence at a step is one webhook reminder.
    store.rows("UPDATE reminder_plans SET remind_holder = 0, remind_issuer = 0, webhook = 1")
    source = tmp_path / "licences.csv"
    licences_csv(source, 300, (today() + datetime.timedelta(days=5)).isoformat(), "K")
    imported = fazhi("import", "licences", str(source), db=None, extra=env)
    assert imported.returncode == 0 and "已导入 300 条" in imported.stdout, imported.stdout + imported.stderr

    receiver = Receiver(delay=0.02)
    # One claimed batch holds every reminder: only the four deliveries in flight may be repeated.
    settings = dict(env, FAZHI_WEBHOOK_URL=f"http://127.0.0.1:{receiver.port}/hook", FAZHI_REMINDER_LEASE_SECONDS="3",
                    FAZHI_REMINDER_CONCURRENCY="4", FAZHI_REMINDER_BATCH="500", FAZHI_INSTANCE="first")
    try:
        first = fazhi("remind", "--once", db=None, extra=settings, wait=False)
        deadline = time.time() + 120
        while len(receiver.keys) < 60 and time.time() < deadline and first.poll() is None:
            time.sleep(0.02)
        assert first.poll() is None, "the dispatcher must still be running when it is killed"
        receiver.gate.clear()  # the deliveries in flight get no answers
        time.sleep(0.5)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        receiver.gate.set()

        (planned,), = store.rows("SELECT COUNT(*) FROM reminders WHERE channel = 'webhook'")
        (unfinished,), = store.rows("SELECT COUNT(*) FROM reminders WHERE channel = 'webhook' AND state <> 'sent'")
        assert planned >= 300 and 0 < unfinished < planned, (planned, unfinished)

        time.sleep(3.5)  # the dead dispatcher's lease runs out
        second = fazhi("remind", "--dispatch-only", db=None, extra=dict(settings, FAZHI_INSTANCE="second"))
        assert second.returncode == 0, second.stderr

        states = dict(store.rows("SELECT state, COUNT(*) FROM reminders WHERE channel = 'webhook' GROUP BY state"))
        keys = {k for (k,) in store.rows("SELECT key FROM reminders WHERE channel = 'webhook'")}
        (taken_over,), = store.rows("""SELECT COUNT(*) FROM reminder_attempts a JOIN reminders r ON r.id = a.reminder_id
                                       WHERE r.channel = 'webhook' AND a.instance = 'second' AND r.attempts = 2""")
        assert states == {"sent": planned}, states
        # Nothing lost: the receiver has every key. What was in flight when the process died may
        # arrive twice; a receiver honouring the idempotency key keeps one.
        assert set(receiver.keys) == keys
        repeated = [k for k, n in receiver.keys.items() if n > 1]
        assert all(n <= 2 for n in receiver.keys.values())
        assert len(repeated) <= 4, f"at most the deliveries in flight are sent again, not {len(repeated)}"
        assert taken_over > 0, "the second instance took over the dead one's claims"
    finally:
        receiver.stop()


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def test_a_holder_chooses_email_on_the_portal(tmp_path):
    demo_template().copy_into(tmp_path)
    db = tmp_path / "fazhi.sqlite"
    receiver = Receiver()
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    settings = {"FAZHI_SMS_URL": f"http://127.0.0.1:{receiver.port}/sms?to={{phone}}&text={{text}}",
                "FAZHI_SMTP": f"127.0.0.1:{smtp.port}", "FAZHI_MAIL_FROM": "reminders@dongchangfu.example"}
    port = free_port()
    server = fazhi("serve", "--hostname", "127.0.0.1", "--port", str(port), db=db, extra=settings, wait=False)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url)
        con = sqlite3.connect(db)
        code, phone = con.execute("SELECT credit_code, contact_phone FROM rec_market_entities ORDER BY name LIMIT 1").fetchone()
        con.close()

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

        def post(path, fields):
            data = urllib.parse.urlencode(dict(fields, _csrf=csrf)).encode()
            try:
                return opener.open(url + path, data=data, timeout=10)
            except urllib.error.HTTPError as e:
                return e

        page = opener.open(url + "/portal/licences").read().decode()
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        sent = post("/portal/licences/code", {"credit_code": code, "phone": phone})
        body = sent.read().decode()
        # The page reads the same whether or not the code is registered: no phone on it.
        assert sent.status == 200 and "如该统一社会信用代码已在本区登记" in body and phone[-4:] not in body
        # The SMS goes out beside the answer.
        deadline = time.time() + 10
        while time.time() < deadline and not any(re.search(r"验证码(\d{6})", t) for t in receiver.texts):
            time.sleep(0.1)
        codes = [re.search(r"验证码(\d{6})", t) for t in receiver.texts]
        digits = [m.group(1) for m in codes if m][-1]
        mine = post("/portal/licences/verify", {"credit_code": code, "code": digits})
        assert mine.status == 200 and "到期提醒方式" in mine.read().decode()
        bad = post("/portal/licences/channel", {"channel": "email", "email": "boss@"})
        assert bad.status == 422 and "格式不正确" in bad.read().decode()
        saved = post("/portal/licences/channel", {"channel": "email", "email": "boss@example.com"})
        assert saved.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)

    try:
        # A licence of that holder expiring in a week: the next pass reminds it by e-mail.
        source = tmp_path / "licence.csv"
        expires = (today() + datetime.timedelta(days=6)).isoformat()
        name = sqlite3.connect(db).execute("SELECT name FROM rec_market_entities WHERE credit_code = ?", (code,)).fetchone()[0]
        source.write_text("证照类型,证照编号,持证主体,统一社会信用代码,发证单位,发证日期,有效期至\n"
                          f"公共场所卫生许可证,WS-MAIL-1,{name},{code},371502-D06,2022-01-01,{expires}\n", encoding="utf-8")
        assert fazhi("import", "licences", str(source), db=db).returncode == 0
        run = fazhi("remind", "--once", db=db, extra=settings)
        assert run.returncode == 0, run.stderr
        mails = [m for m in mailbox.messages if m[0] == ["boss@example.com"]]
        assert len(mails) == 1, mailbox.messages
        message = email.message_from_bytes(mails[0][1])
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        assert subject.startswith("证照到期提醒") and "公共场所卫生许可证" in subject
        assert "WS-MAIL-1" in message.get_payload(decode=True).decode()
        assert message["Message-ID"].startswith("<licence.")
        again = fazhi("remind", "--once", db=db, extra=settings)
        assert again.returncode == 0 and len([m for m in mailbox.messages if m[0] == ["boss@example.com"]]) == 1, "sent once"
    finally:
        smtp.stop()
        receiver.stop()
