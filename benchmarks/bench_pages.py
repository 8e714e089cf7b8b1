"""Pages under load: median and 95th percentile latency against a bare JSON route.

Starts gunicorn (2 workers) on 127.0.0.1 against the given PostgreSQL database, logs a viewer
in, and sends a bounded load of --clients concurrent clients (default 20) per route, for at
least --seconds and at least --samples requests, --runs times (min/median/max of the p95 and
of its ratio to the bare route, which runs in each run). The dashboard counts with its images:
one sample is the page and the three charts it shows, fetched in turn, as a browser does.
Then, with --after-save, one client loads the dashboard with its images right after each of
--saves real saves (an answer changed through ``save_facility_answers``, as the entry page
does), and prints that p95 and how many saves changed each image. Each save turns another met
answer of the round into not met, drawn at random (seeded) across facilities and indicators: the
data never returns to a state an earlier picture showed, so the charts' caches, which key on the
data, cannot serve one (flipping one answer back and forth would be served the picture of two
saves ago), and the JMP indicators get their share of the saves. Run it for a 26-facility and a
10,000-facility database.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

from benchmarks.harness import arguments

VIEWER, PASSWORD = "bench-viewer", "bench-password-1"
SEED = 20261203  # the after-save answers: the same draw on the same data


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(database_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench-secret", "SESSION_COOKIE_SECURE": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "benchmarks.bare_app:create_bare_app()"], env=env,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


def log_in(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/login")
    response = connection.getresponse()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', response.read().decode()).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "username": VIEWER, "password": PASSWORD})
    connection.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = connection.getresponse()
    response.read()
    if response.status not in (302, 303):
        raise SystemExit(f"login failed ({response.status}); create the user with: "
                         f"washfit create-user {VIEWER} --role viewer --password {PASSWORD}")
    return response.getheader("Set-Cookie", "").split(";")[0]


IMAGES = re.compile(r'<img[^>]+src="(/dashboard/[^"]+\.png[^"]*)"')


def fetch(connection: http.client.HTTPConnection, path: str, cookie: str) -> bytes:
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return body


def fetch_with_images(connection: http.client.HTTPConnection, path: str, cookie: str) -> dict[str, bytes]:
    """The page, then every chart image it shows (the dashboard's three PNGs); the images by route."""
    page = fetch(connection, path, cookie).decode()
    return {urllib.parse.urlsplit(image).path: fetch(connection, image.replace("&amp;", "&"), cookie)
            for image in IMAGES.findall(page)}


def load(port: int, path: str, cookie: str, clients: int, seconds: float, samples: int = 200) -> list[float]:
    """Latencies of every request ``clients`` keep-alive clients complete in ``seconds``, and on
    until ``samples`` are in (at most ten times as long)."""
    latencies: list[float] = []
    lock = threading.Lock()
    started_at = time.monotonic()
    deadline = started_at + seconds
    give_up = started_at + 10 * seconds
    get = fetch_with_images if path.startswith("/dashboard") else fetch

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)  # wait for a slow route
        while True:
            now = time.monotonic()
            with lock:
                enough = now >= deadline and len(latencies) >= samples
            if enough or now >= give_up:
                break
            started = time.perf_counter()
            get(connection, path, cookie)
            with lock:
                latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def main() -> None:
    parser = arguments(__doc__ or "")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--samples", type=int, default=200, help="at least this many requests per route and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--facility", default=None, help="code of the facility page to load (default: the first)")
    parser.add_argument("--page", action="append", default=None, help="extra paths to measure, e.g. /dashboard")
    parser.add_argument("--after-save", action="store_true", help="also the dashboard right after each save")
    parser.add_argument("--saves", type=int, default=40)
    args = parser.parse_args()
    port = free_port()
    server = start_server(args.database_url, port)
    try:
        cookie = log_in(port)
        facility = args.facility or _first_facility(port, cookie)
        paths = ["/bench/rows.json", "/?page=1", f"/facilities/{facility}", *(args.page or [])]
        print(f"{args.clients} clients, ≥ {args.seconds:.0f} s and ≥ {args.samples} samples per route, "
              f"{args.runs} runs, gunicorn 2 workers, {args.database_url.split('@')[-1]}")
        p95s: dict[str, list[float]] = {path: [] for path in paths}
        counts: dict[str, list[int]] = {path: [] for path in paths}
        for _ in range(max(args.runs, 3)):
            for path in paths:
                load(port, path, cookie, args.clients, 2, samples=0)  # warm up connections
                latencies = sorted(load(port, path, cookie, args.clients, args.seconds, args.samples))
                p95s[path].append(latencies[int(0.95 * (len(latencies) - 1))])
                counts[path].append(len(latencies))
        base = p95s[paths[0]]
        for path in paths:
            ratios = sorted(p / b for p, b in zip(p95s[path], base, strict=True))
            print(f"  {path:<28} n≥{min(counts[path]):5d}  p95 min {min(p95s[path]) * 1000:8.1f} median "
                  f"{statistics.median(p95s[path]) * 1000:8.1f} max {max(p95s[path]) * 1000:8.1f} ms  "
                  f"× bare route min {ratios[0]:5.2f} median {statistics.median(ratios):5.2f} max {ratios[-1]:5.2f}")
        if args.after_save:
            after, changed = _after_saves(args.database_url, port, cookie, args.saves)
            after.sort()
            print(f"  /dashboard right after a save  n={len(after)}  median {statistics.median(after) * 1000:8.1f} ms"
                  f"  p95 {after[int(0.95 * (len(after) - 1))] * 1000:8.1f} ms (one client); images changed by "
                  + ", ".join(f"{route} {count}" for route, count in changed.items()) + f" of the {len(after)} saves")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _after_saves(database_url: str, port: int, cookie: str, saves: int) -> tuple[list[float], dict[str, int]]:
    """The dashboard with its images, loaded once right after each save of one changed answer, and
    how many of the saves changed each image.

    The answers are drawn at random (seeded) from the round's met ones, so that the saves touch the
    indicators in proportion, the JMP ones among them, as a round's entry does."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from assessments.accounts.users import create_user
    from assessments.database import make_engine
    from assessments.indicator_sets import round_set
    from assessments.models import Assessment, Response, User
    from assessments.rounds import find_round
    from assessments.scores.entry import Answer, save_facility_answers
    from scoring import Score

    engine = make_engine(database_url)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)  # wait for a slow route
    latencies = []
    with Session(engine) as session:
        admin = session.scalar(select(User).where(User.username == "bench-admin")) or \
            create_user(session, "bench-admin", "admin", "bench-password-1", (), "benchmark")
        round_ = find_round(session, None)
        indicator_set = round_set(round_)
        candidates = session.execute(
            select(Response.assessment_id, Response.indicator_code).join(Assessment)
            .where(Assessment.round_id == round_.id, Response.score == Score.MET.value)
            .order_by(Response.assessment_id, Response.indicator_code)
        ).all()
        met = [(session.get_one(Assessment, assessment_id), code)
               for assessment_id, code in random.Random(SEED).sample(candidates, min(saves, len(candidates)))]
        for assessment, _code in met:
            assessment.status = "draft"  # a save changes only a draft
        session.commit()
        shown = fetch_with_images(connection, f"/dashboard?round={round_.id}", cookie)
        changed = dict.fromkeys(shown, 0)
        for assessment, code in met:
            save_facility_answers(session, indicator_set, assessment.facility, round_,
                                  {code: Answer(Score.NOT_MET)}, admin, expected_version=None)
            session.commit()
            started = time.perf_counter()
            images = fetch_with_images(connection, f"/dashboard?round={round_.id}", cookie)
            latencies.append(time.perf_counter() - started)
            for route, png in images.items():
                changed[route] = changed.get(route, 0) + (png != shown.get(route))
            shown = images
    engine.dispose()
    return latencies, changed


def _first_facility(port: int, cookie: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/bench/rows.json", headers={"Cookie": cookie})
    import json

    return json.loads(connection.getresponse().read())[0]["code"]


if __name__ == "__main__":
    main()
