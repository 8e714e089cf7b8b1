"""Pages under load: median and 95th percentile latency against a bare JSON route.

Starts gunicorn (2 workers) on 127.0.0.1 against the given PostgreSQL database, logs a viewer
in, and sends a bounded load of --clients concurrent clients (default 20) for --seconds per
route. Run it for a 26-facility and a 10,000-facility database and compare.
"""

from __future__ import annotations

import http.client
import os
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


def load(port: int, path: str, cookie: str, clients: int, seconds: float) -> list[float]:
    """Latencies of every request ``clients`` keep-alive clients complete in ``seconds``."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def main() -> None:
    parser = arguments(__doc__ or "")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--facility", default=None, help="code of the facility page to load (default: the first)")
    parser.add_argument("--page", action="append", default=None, help="extra paths to measure, e.g. /dashboard")
    args = parser.parse_args()
    port = free_port()
    server = start_server(args.database_url, port)
    try:
        cookie = log_in(port)
        facility = args.facility or _first_facility(port, cookie)
        paths = ["/bench/rows.json", "/?page=1", f"/facilities/{facility}", *(args.page or [])]
        print(f"{args.clients} clients, {args.seconds:.0f} s per route, gunicorn 2 workers, "
              f"{args.database_url.split('@')[-1]}")
        base_p95 = None
        for path in paths:
            load(port, path, cookie, args.clients, 2)  # warm up caches and connections
            latencies = sorted(load(port, path, cookie, args.clients, args.seconds))
            median = statistics.median(latencies)
            p95 = latencies[int(0.95 * (len(latencies) - 1))]
            base_p95 = base_p95 or p95
            print(f"  {path:<28} n={len(latencies):6d}  median {median * 1000:8.1f} ms  p95 {p95 * 1000:8.1f} ms  "
                  f"p95 {p95 / base_p95:5.2f}× bare route")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _first_facility(port: int, cookie: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/bench/rows.json", headers={"Cookie": cookie})
    import json

    return json.loads(connection.getresponse().read())[0]["code"]


if __name__ == "__main__":
    main()
