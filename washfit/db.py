"""One SQLAlchemy session per request (or CLI command), opened lazily, closed at teardown."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from assessments.database import make_engine, make_session_factory

_KEY = "washfit.db"


def init_app(app: Flask, url: str) -> None:
    """Create the engine and session factory for ``url`` and close sessions at teardown."""
    engine = make_engine(url)
    app.extensions[_KEY] = (engine, make_session_factory(engine))
    app.teardown_appcontext(close_session)


def engine() -> Engine:
    engine_: Engine = current_app.extensions[_KEY][0]
    return engine_


def get_session() -> Session:
    """The session of the current request, created on first use."""
    if "db_session" not in g:
        factory: sessionmaker[Session] = current_app.extensions[_KEY][1]
        g.db_session = factory()
    session: Session = g.db_session
    return session


def close_session(_exc: BaseException | None = None) -> None:
    """Close the request's session; anything not committed is discarded."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
