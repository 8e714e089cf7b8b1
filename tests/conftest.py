"""Shared fixtures: indicator sets, databases on SQLite and PostgreSQL, apps, clients and factories.

Database tests run on both backends. Each test run gets its own PostgreSQL database (created at
the start, dropped at the end) so that runs cannot collide; when PostgreSQL is absent its tests
skip, except under ``CI=true`` where that is a failure.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from assessments.accounts.passwords import hash_password
from assessments.database import make_engine, normalise_url, upgrade_to_head
from assessments.models import AssessmentRound, Base, Facility, StoredIndicatorSet, User
from scoring import IndicatorSet, load_indicator_set
from tests.browser.live import DEMO_PASSWORD, launch_chromium

if TYPE_CHECKING:  # the fixtures import Flask, click and Playwright only when a test needs them
    from click.testing import Result
    from flask import Flask
    from flask.testing import FlaskClient
    from playwright.sync_api import Browser, Page
    from werkzeug.test import TestResponse

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
POSTGRES_URL = os.environ.get("WASHFIT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
PASSWORD = "correct-horse-battery"
_PASSWORD_HASH = hash_password(PASSWORD)  # hashing per test would be slow


@pytest.fixture(scope="session")
def mini_set() -> IndicatorSet:
    """The five-indicator set in tests/data, for figures computed by hand."""
    return load_indicator_set(DATA / "mini_indicators.yaml")


@pytest.fixture(scope="session")
def mini_set_v2() -> IndicatorSet:
    """The mini set's derived second version: W3 dropped, W4 added, HH2 renamed HH3, W2 not essential."""
    return load_indicator_set(DATA / "mini_indicators_v2.yaml")


@pytest.fixture(scope="session")
def seed_set() -> IndicatorSet:
    """The shipped WASH FIT indicator set."""
    return load_indicator_set(ROOT / "seed_indicators.yaml")


# -- databases ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _forget_kept_figures() -> None:
    """Each test starts with no chart or figure kept in the process: two tests' databases can share
    a URL and, by chance, a fingerprint (``assessments.charts.district.kept``)."""
    kept = sys.modules.get("assessments.charts.district")
    if kept is not None:
        kept._KEPT.clear()  # type: ignore[attr-defined]

def _postgres_unavailable(reason: str) -> None:
    message = f"PostgreSQL is not reachable at {POSTGRES_URL} ({reason})"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; under CI=true the PostgreSQL tests must run", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped afterwards."""
    admin = create_engine(normalise_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    name = f"washfit_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "not available"
        admin.dispose()
        _postgres_unavailable(exc.__class__.__name__)
    url = make_url(normalise_url(POSTGRES_URL)).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'washfit.sqlite'}"


_MIGRATED: dict[str, Engine] = {}


def migrated_engine(url: str) -> Engine:
    """The engine of ``url``, migrated to head once per run."""
    if url not in _MIGRATED:
        engine = make_engine(url)
        upgrade_to_head(engine)
        _MIGRATED[url] = engine
    return _MIGRATED[url]


def empty_tables(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated database on each backend, emptied after every test."""
    url = request.getfixturevalue(f"{request.param}_url")
    migrated_engine(url)
    yield url
    empty_tables(_MIGRATED[url])


@pytest.fixture
def both_engines(sqlite_url: str, postgresql_url: str) -> Iterator[tuple[Engine, Engine]]:
    """A migrated SQLite and PostgreSQL database side by side, for round trips between them."""
    engines = (migrated_engine(sqlite_url), migrated_engine(postgresql_url))
    yield engines
    for engine in engines:
        empty_tables(engine)


@pytest.fixture
def engine(database_url: str) -> Engine:
    return _MIGRATED[database_url]


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session for arranging and checking data; the test commits what the app must see."""
    with Session(engine, expire_on_commit=False) as s:
        yield s


# -- the app ------------------------------------------------------------------------------------

@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    from washfit import create_app

    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
    })
    yield app
    from washfit.db import engine as app_engine

    with app.app_context():
        app_engine().dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A client that reads each response whole and closes it, as a server does (a download is a
    temporary file, closed and deleted when its response is)."""
    from flask.testing import FlaskClient as Client

    class Buffered(Client):
        def open(self, *args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("buffered", True)
            return super().open(*args, **kwargs)

    app.test_client_class = Buffered
    return app.test_client()


# -- factories ----------------------------------------------------------------------------------

@pytest.fixture
def make_facility(session: Session) -> Callable[..., Facility]:
    counter = iter(range(1, 10_000))

    def make(code: str | None = None, inpatient: bool = True, delivery: bool = True, **extra: Any) -> Facility:
        n = next(counter)
        facility = Facility(code=code or f"F{n:02d}", name=extra.pop("name", f"Puskesmas Uji {n}"),
                            kecamatan=extra.pop("kecamatan", "Kupang Tengah"), district="Kabupaten Kupang",
                            inpatient=inpatient, delivery=delivery, **extra)
        session.add(facility)
        session.commit()
        return facility

    return make


def store_set(session: Session, path: Path) -> StoredIndicatorSet:
    """The set in ``path`` stored in the database (once: a repeated import finds it), committed."""
    from assessments.indicator_sets import import_set

    stored = import_set(session, path.read_text(encoding="utf-8"), "test", path.name).stored
    session.commit()
    return stored


@pytest.fixture
def make_round(session: Session) -> Callable[..., AssessmentRound]:
    """A round on ``indicator_set`` (a stored set; the mini set by default)."""

    def make(name: str = "Baseline 2025", starts_on: dt.date = dt.date(2025, 5, 1), synthetic: bool = False,
             indicator_set: StoredIndicatorSet | None = None) -> AssessmentRound:
        stored = indicator_set or store_set(session, DATA / "mini_indicators.yaml")
        round_ = AssessmentRound(name=name, starts_on=starts_on, synthetic=synthetic, indicator_set=stored)
        session.add(round_)
        session.commit()
        return round_

    return make


@pytest.fixture
def make_user(session: Session) -> Callable[..., User]:
    def make(username: str, role: str, facilities: tuple[Facility, ...] = ()) -> User:
        user = User(username=username, role=role, password_hash=_PASSWORD_HASH)
        user.facilities = [session.merge(f) for f in facilities]
        session.add(user)
        session.commit()
        return user

    return make


@pytest.fixture
def login(client: FlaskClient) -> Callable[[str], TestResponse]:
    """Log the test client in as ``username`` (password: PASSWORD)."""

    def do(username: str) -> TestResponse:
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
        return response

    return do


@pytest.fixture
def district(
    session: Session,
    make_facility: Callable[..., Facility],
    make_round: Callable[..., AssessmentRound],
    make_user: Callable[..., User],
    mini_set: IndicatorSet,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, Any]:
    """Two facilities, a round with an assessment of F1, and one user per role (the head of F1).

    The app runs with the mini indicator set (through WASHFIT_INDICATORS) so every figure is
    hand-checkable, and with the death audit codes linked to it (W3 and HH1).
    """
    from assessments.scores import entry

    monkeypatch.setenv("WASHFIT_INDICATORS", str(DATA / "mini_indicators.yaml"))
    monkeypatch.setenv("WASHFIT_DEATH_AUDIT_CODES", str(DATA / "mini_death_audit_codes.yaml"))
    f1 = make_facility(code="F1", name="Puskesmas Satu")
    f2 = make_facility(code="F2", name="Puskesmas Dua", inpatient=False, delivery=False)
    round_ = make_round()
    users = {
        "admin": make_user("admin", "admin"),
        "assessor": make_user("assessor", "assessor", (f1,)),
        "head": make_user("head", "facility_head", (f1,)),
        "other_head": make_user("other_head", "facility_head", (f2,)),
        "viewer": make_user("viewer", "viewer"),
        "amp_sr": make_user("amp_sr", "amp_sr"),
    }
    assessment = entry.start_assessment(session, mini_set, session.merge(f1), session.merge(round_),
                                        session.merge(users["assessor"]))
    answers = {code: entry.parse_answer(code, value) for code, value in {"W1": "2", "W2": "1", "HH1": "0"}.items()}
    entry.save_answers(session, mini_set, assessment, answers, session.merge(users["assessor"]), assessment.version)
    session.commit()
    return {"f1": f1, "f2": f2, "round": round_, "users": users, "assessment": assessment}



@pytest.fixture(scope="session")
def odk_validate():
    """ODK Validate through pyxform: ``check(path)`` converts an XLSForm and raises when the form is invalid.

    Needs Java (Debian's default-jre-headless): skipped when it is missing, a failure under CI=true.
    """
    import shutil

    if shutil.which("java") is None:
        message = "java is missing for ODK Validate: install it with 'apt-get install default-jre-headless'"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (under CI=true the XLSForm tests must run)", pytrace=False)
        pytest.skip(message)
    from pyxform.xls2xform import convert

    def check(path: Path) -> str:
        warnings: list[str] = []
        return convert(xlsform=str(path), validate=True, warnings=warnings).xform

    return check


# -- browser tests ------------------------------------------------------------------------------

CHROMIUM = Path(os.environ.get("WASHFIT_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"


def _browser_unavailable(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (under CI=true the browser tests must run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with the demo data, served on 127.0.0.1 by a thread of the test process."""
    from tests.browser.live import demo_server

    with demo_server(tmp_path_factory.mktemp("live")) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium driven by Playwright; never a browser Playwright downloads itself."""
    if not CHROMIUM.exists():
        _browser_unavailable(f"{CHROMIUM} is missing: install it with 'apt-get install chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch_chromium(playwright, CHROMIUM)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live_server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context (its own cookies) on the live server; screenshots go to test-artifacts/."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900},
                                  accept_downloads=True, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh context the size of a small phone (375 × 800 CSS px), with an empty cache."""
    context = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 800},
                                  device_scale_factor=1, is_mobile=True, has_touch=True, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    """Save a full-page screenshot under test-artifacts/<test name>/<name>.png."""
    folder: Path = ARTIFACTS / request.node.name.replace("[", "-").replace("]", "")
    folder.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def log_in_as() -> Callable[[Page, str], None]:
    def log_in(page: Page, username: str) -> None:
        page.goto("/login")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(lambda url: "/login" not in url)

    return log_in


@pytest.fixture
def planned_district(district: dict[str, Any], session: Session, mini_set: IndicatorSet) -> dict[str, Any]:
    """The district with F1's assessment completed, submitted and its plan drafted.

    F1 (inpatient, delivery) scores W1 2, W2 1, W3 0, HH1 0, HH2 na: three gaps, W2, W3 and HH1.
    """
    from assessments.plans.drafting import draft_from
    from assessments.scores import entry

    assessment = session.merge(district["assessment"])
    assessor = session.merge(district["users"]["assessor"])
    answers = {"W3": entry.parse_answer("W3", "0"), "HH2": entry.parse_answer("HH2", "na")}
    entry.save_answers(session, mini_set, assessment, answers, assessor, assessment.version)
    entry.submit(session, mini_set, assessment, assessor)
    draft_from(session, assessment, "admin")
    session.commit()
    return district


@pytest.fixture
def run_mini_cli(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Callable[..., Result]:
    """Run ``washfit`` commands against the test database with the mini indicator set."""
    from click.testing import CliRunner

    from washfit.cli import main

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("WASHFIT_INDICATORS", str(DATA / "mini_indicators.yaml"))
    monkeypatch.setenv("WASHFIT_DEATH_AUDIT_CODES", str(DATA / "mini_death_audit_codes.yaml"))

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, list(args))

    return invoke


@pytest.fixture
def matrix_district(district: dict[str, Any], session: Session) -> dict[str, Any]:
    """The district with one action in F1's plan and one in F2's (each with a photo), a death audit case at F1,
    a team member at each, an assessment at F2 too, and an API token."""
    import io

    from PIL import Image

    from assessments.accounts.tokens import issue_token
    from assessments.models import Assessment, DeathAudit, PlanAction, PlanActionPhoto, Response, TeamMember

    actions = {code: PlanAction(facility_id=district[code.lower()].id, text="Cat ulang ruang tunggu")
               for code in ("F1", "F2")}
    case = DeathAudit(facility_id=district["f1"].id, year=2025, month=3, case_type="neonatal_death", place="facility",
                      cause_group="infection", factors="no_hand_hygiene", recommendation="Pasang wastafel")
    members = {code: TeamMember(facility_id=district[code.lower()].id, name=f"Anggota {code}", position="sanitarian",
                                from_on=dt.date(2025, 1, 1)) for code in ("F1", "F2")}
    # F2's assessment, so that its risk pages exist: W2 partially met, a gap as at F1.
    f2_assessment = Assessment(facility_id=district["f2"].id, round_id=district["round"].id, set_id="mini-test",
                               set_version="0.1", responses=[Response(indicator_code="W2", score=1)])
    session.add_all([*actions.values(), case, *members.values(), f2_assessment])
    session.flush()
    png = io.BytesIO()
    Image.new("RGB", (4, 3), "navy").save(png, "PNG")
    photos = {code: PlanActionPhoto(action_id=action.id, media_type="image/png", data=png.getvalue(), width=4,
                                    height=3, uploaded_by="head") for code, action in actions.items()}
    session.add_all(photos.values())
    token, _secret = issue_token(session, session.merge(district["users"]["viewer"]), "uji", 30, "admin")
    session.commit()
    return {**district, "action_ids": {code: action.id for code, action in actions.items()}, "case_id": case.id,
            "member_ids": {code: member.id for code, member in members.items()}, "token_id": token.id,
            "f2_assessment_id": f2_assessment.id, "photo_ids": {code: photo.id for code, photo in photos.items()}}


@pytest.fixture
def audit_file() -> Callable[..., bytes]:
    """A de-identified audit CSV for F1 (header and rows as given), as bytes."""
    header_row = "facility,year,month,case_type,place,cause_group,factors,recommendation"

    def make(*rows: str, header: str = header_row) -> bytes:
        return ("\n".join((header, *rows)) + "\n").encode("utf-8")

    return make


@pytest.fixture
def make_token(session: Session) -> Callable[..., str]:
    """An API token for ``user`` (valid ``days`` days), committed; returns its secret."""
    from assessments.accounts.tokens import issue_token

    def make(user: User, days: int = 30, name: str = "uji") -> str:
        _token, secret = issue_token(session, session.merge(user), name, days, "admin")
        session.commit()
        return secret

    return make


@pytest.fixture
def api_get(client: FlaskClient) -> Callable[..., TestResponse]:
    """GET an API URL with ``secret`` as the bearer token (none when None)."""

    def get(url: str, secret: str | None, **headers: str) -> TestResponse:
        if secret is not None:
            headers["Authorization"] = f"Bearer {secret}"
        return client.get(url, headers=headers)

    return get


@pytest.fixture
def api_matrix_district(matrix_district: dict[str, Any], make_token: Callable[..., str]) -> dict[str, Any]:
    """The matrix district with an API token for every identity, and its F1 and F2 assessments by code."""
    return {**matrix_district,
            "assessment_ids": {"F1": matrix_district["assessment"].id, "F2": matrix_district["f2_assessment_id"]},
            "tokens": {name: make_token(user) for name, user in matrix_district["users"].items()}}


@pytest.fixture(scope="session")
def dhis2_schema() -> Callable[[str, object], None]:
    """Check a payload against a JSON Schema written from the DHIS2 documentation (tests/data/dhis2):
    ``"dataValueSet"`` or ``"metadata"``; a payload it refuses fails the test with every error."""
    import json

    from jsonschema import Draft202012Validator

    validators = {}
    for name in ("dataValueSet", "metadata"):
        schema = json.loads((DATA / "dhis2" / f"{name}.schema.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        validators[name] = Draft202012Validator(schema)

    def check(name: str, payload: object) -> None:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validators[name].iter_errors(payload)]
        assert not errors, "\n".join(errors[:20])

    return check


@pytest.fixture
def demo_district(session: Session, seed_set: IndicatorSet, monkeypatch: pytest.MonkeyPatch) -> Session:
    """The demo (26 puskesmas, two synthetic rounds, each puskesmas with its synthetic DHIS2 org unit), committed."""
    from assessments.demo import load_demo

    monkeypatch.delenv("WASHFIT_INDICATORS", raising=False)
    load_demo(session, password=DEMO_PASSWORD)
    session.commit()
    return session
