"""A demo app served from a thread on 127.0.0.1: for the browser tests and the docs gallery."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from assessments.database import make_engine, upgrade_to_head
from assessments.demo import load_demo
from washfit import create_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

DEMO_PASSWORD = "demo-password-1"


@contextmanager
def demo_server(folder: Path) -> Iterator[str]:
    """Serve the demo (every user's password DEMO_PASSWORD) from a SQLite file in ``folder``."""
    url = f"sqlite:///{folder / 'live.sqlite'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    with Session(engine) as session:
        load_demo(session, password=DEMO_PASSWORD)
        session.commit()
    engine.dispose()
    app = create_app({"SECRET_KEY": "browser-tests", "DATABASE_URL": url, "SESSION_COOKIE_SECURE": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def launch_chromium(playwright: Playwright, executable: Path) -> Browser:
    """Debian's chromium through Playwright, headless, with no network of its own."""
    return playwright.chromium.launch(
        executable_path=str(executable), headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run"],
    )
