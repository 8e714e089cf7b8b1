"""A bounded load test: 50 clients mixing reads, score saves and plan edits, nothing lost.

Starts gunicorn (2 workers) on 127.0.0.1 against a PostgreSQL database holding the demo, and
runs --clients clients for at most --seconds (60 at the most). Every client owns one comment of
a draft assessment and one plan action, and writes only those, through the real forms (CSRF
token, version counter). Concurrent saves of the same assessment conflict by design; a refused
save must say so on the page. At the end every key must hold the last value its owner was told
was saved: zero lost updates. Any 5xx is an error.

    .venv/bin/python -m benchmarks.load_test --database-url postgresql://postgres@127.0.0.1:5432/washfit_load
"""

from __future__ import annotations

import collections
import html
import http.client
import random
import signal
import threading
import time
import urllib.parse
from html.parser import HTMLParser

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from assessments.database import make_engine
from assessments.models import Assessment, AssessmentRound, Facility, PlanAction, Response
from benchmarks.bench_pages import free_port, start_server
from benchmarks.harness import arguments

PASSWORD = "demo-password-1"
DRAFTS = ("KPG21", "KPG22", "KPG23", "KPG24")


class FormFields(HTMLParser):
    """The fields a browser would send for the first POST form of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = self._done = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        posting = (a.get("method") or "").lower() == "post"
        if tag == "form" and posting and not self._done and "inline" not in (a.get("class") or ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("radio", "checkbox") and "checked" not in a:
                return
            if kind != "submit":
                self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))
        elif tag == "select" and a.get("name"):
            self._select, self._select_value = a["name"], None
        elif tag == "option" and self._select is not None and (self._select_value is None or "selected" in a):
            self._select_value = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form, self._done = False, True
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.fields.append((self._select, self._select_value or ""))
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)


def form_fields(page: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(page)
    return [(k, html.unescape(v).lstrip("\n")) for k, v in parser.fields]


class Client:
    """One browser: a keep-alive connection and its session cookie."""

    def __init__(self, port: int, username: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""
        page = self.get("/login")[1]
        fields = dict(form_fields(page))
        fields.update(username=username, password=PASSWORD)
        status, _ = self.post("/login", fields)
        if status not in (302, 303):
            raise SystemExit(f"login of {username} failed: {status}")

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": self.cookie}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body, headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";")[0]
        return response.status, text, response.getheader("Location") or ""

    def get(self, path: str) -> tuple[int, str]:
        status, text, _ = self.request("GET", path)
        return status, text

    def post(self, path: str, fields: dict[str, str] | list[tuple[str, str]]) -> tuple[int, str]:
        status, text, location = self.request("POST", path, urllib.parse.urlencode(fields))
        if status in (302, 303):
            self.get(urllib.parse.urlsplit(location).path or "/")  # follow, as a browser does (reads the flash)
        return status, text


def main() -> None:
    parser = arguments(__doc__ or "")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=45.0)
    args = parser.parse_args()
    seconds = min(args.seconds, 60.0)
    engine = make_engine(args.database_url)
    with Session(engine) as db:
        round_ = db.scalars(select(AssessmentRound).order_by(AssessmentRound.starts_on.desc())).first()
        keys = []  # (facility code, domain, indicator) a client owns the comment of
        for code in DRAFTS:
            facility = db.scalar(select(Facility).where(Facility.code == code))
            assessment = db.scalar(select(Assessment).where(Assessment.facility_id == facility.id,
                                                            Assessment.round_id == round_.id))
            for response in sorted(assessment.responses, key=lambda r: r.id):
                keys.append((code, response.indicator_code))
        actions = db.scalars(
            select(PlanAction).join(Facility).where(Facility.code.in_(DRAFTS)).order_by(PlanAction.id)).all()
        action_keys = [(a.facility.code, a.id) for a in actions]
    if len(keys) < args.clients or len(action_keys) < args.clients:
        raise SystemExit("not enough draft answers or plan actions for one per client")
    from assessments.indicator_sets import first_indicator_set

    domain_of = {i.code: i.domain for i in first_indicator_set().indicators}
    port = free_port()
    server = start_server(args.database_url, port)
    counts: collections.Counter[str] = collections.Counter()
    last_saved: dict[object, str] = {}
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run(n: int) -> None:
        rng = random.Random(n)
        writer, reader = Client(port, "demo-admin"), Client(port, "demo-pemantau")
        code, indicator = keys[n * len(keys) // args.clients]
        plan_code, action_id = action_keys[n * len(action_keys) // args.clients]
        serial = 0
        while time.monotonic() < deadline:
            serial += 1
            roll = rng.random()
            if roll < 0.5:
                path = rng.choice(["/", f"/facilities/{code}", "/dashboard", f"/plans/{plan_code}"])
                status, _ = reader.get(path)
                kind = "read"
            elif roll < 0.8:
                value = f"client {n} save {serial}"
                path = f"/facilities/{code}/rounds/{round_.id}/domains/{domain_of[indicator]}"
                status, page = writer.get(path)
                fields = [(k, v) for k, v in form_fields(page) if k != f"comment_{indicator}"]
                if not any(k == f"score_{indicator}" for k, _ in fields):
                    fields.append((f"score_{indicator}", "1"))
                fields.append((f"comment_{indicator}", value))
                status, page = writer.post(path, fields)
                kind = _outcome(status, page, "conflict")
                if kind == "saved":
                    with lock:
                        last_saved[(code, indicator)] = value
            else:
                value = f"client {n} edit {serial}"
                path = f"/plans/{plan_code}/actions/{action_id}"
                status, page = writer.get(path)
                fields = [(k, v) for k, v in form_fields(page) if k != "responsible"] + [("responsible", value)]
                status, page = writer.post(path, fields)
                kind = _outcome(status, page, "conflict")
                if kind == "saved":
                    with lock:
                        last_saved[("action", action_id)] = value
            with lock:
                counts[kind] += 1
                if status >= 500 or kind == "unexplained":
                    errors.append(f"{path}: {status}")

    threads = [threading.Thread(target=run, args=(n,)) for n in range(args.clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    lost = _lost_updates(engine, last_saved)
    total = sum(counts.values())
    print(f"{args.clients} clients for {elapsed:.0f} s against gunicorn (2 workers) + {engine.dialect.name}: "
          f"{total} requests ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
    print(f"server errors: {len(errors)}; lost updates: {len(lost)} of {len(last_saved)} keys written")
    for line in (errors + lost)[:20]:
        print("  ", line)


def _outcome(status: int, page: str, marker: str) -> str:
    if status in (302, 303):
        return "saved"
    if status == 200 and f'class="{marker}"' in page:
        return "refused (told)"
    if status >= 500:
        return "server error"
    return "unexplained"


def _lost_updates(engine: Engine, last_saved: dict[object, str]) -> list[str]:
    lost = []
    with Session(engine) as db:
        for key, value in last_saved.items():
            if key[0] == "action":
                stored = db.get(PlanAction, key[1]).responsible
            else:
                code, indicator = key
                stored = db.scalar(
                    select(Response.comment).join(Assessment).join(Facility)
                    .where(Facility.code == code, Response.indicator_code == indicator)
                    .order_by(Assessment.round_id.desc()).limit(1)
                )
            if stored != value:
                lost.append(f"{key}: stored {stored!r}, last saved {value!r}")
    return lost


if __name__ == "__main__":
    main()
