"""Indicator sets in the database: stored whole, validated, immutable, each round on its own."""

import pytest
from sqlalchemy import func, select

from assessments.errors import InvalidInput, NotFound
from assessments.indicator_sets import (
    ensure_first_set,
    export_set,
    find_set,
    import_set,
    indicator_set_of,
    latest_set,
    list_sets,
    parse_set_text,
    round_set,
)
from assessments.models import StoredIndicatorSet
from assessments.rounds import change_round_set, create_round
from tests.conftest import DATA

MINI = (DATA / "mini_indicators.yaml").read_text(encoding="utf-8")
MINI_V2 = (DATA / "mini_indicators_v2.yaml").read_text(encoding="utf-8")


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(StoredIndicatorSet))


def test_import_set_stores_the_text_whole_with_its_identity(session):
    stored = import_set(session, MINI_V2, "admin", "v2.yaml").stored
    assert (stored.ref, stored.title, stored.source) == ("mini-test@0.2", "Set uji kecil", "mini-test@0.1")
    assert export_set(stored) == MINI_V2 and len(stored.content_hash) == 64
    assert [i.code for i in indicator_set_of(stored).indicators] == ["W1", "W2", "W4", "HH1", "HH3"]


def test_import_set_of_the_same_content_again_changes_nothing(session):
    first = import_set(session, MINI, "admin").stored
    again = import_set(session, MINI, "admin")
    assert again.stored.id == first.id and not again.created and _count(session) == 1


def test_import_set_with_a_stored_version_but_other_content_is_refused_saying_what_differs(session):
    import_set(session, MINI, "admin")
    changed = MINI_V2.replace('version: "0.2"', 'version: "0.1"')
    with pytest.raises(InvalidInput) as refused:
        import_set(session, changed, "admin")
    message = str(refused.value)
    assert "mini-test@0.1" in message and "new version" in message
    assert "indicators added: W4, HH3" in message and "indicators dropped: W3, HH2" in message
    assert "indicators changed: W2" in message and "jmp_rules changed" in message
    assert _count(session) == 1


@pytest.mark.parametrize(("text", "says"), [
    ("id: x\n", "is not valid: <<"),
    ("id: [unclosed\n", "not valid YAML (line 2)"),
    ("a: &x [1]\nb: *x\n", "YAML aliases"),
    ("id: x\x00\n", "not a text file"),
])
def test_parse_set_text_refuses_a_malformed_set_with_where(text, says):
    with pytest.raises(InvalidInput) as refused:
        parse_set_text(text, "broken.yaml")
    assert says.replace("<<", "") in str(refused.value)


def test_import_set_of_a_malformed_set_writes_nothing(session):
    with pytest.raises(InvalidInput, match="domains"):
        import_set(session, MINI.replace("domains:", "domainz:"), "admin")
    assert _count(session) == 0


def test_list_sets_counts_the_rounds_and_assessments_that_use_each(district, session):
    import_set(session, MINI_V2, "admin")
    usage = {u.stored.ref: (u.rounds, u.assessments, u.in_use) for u in list_sets(session)}
    assert usage == {"mini-test@0.1": (1, 1, True), "mini-test@0.2": (0, 0, False)}


def test_create_round_uses_the_latest_set_unless_told(district, session):
    old = find_set(session, "mini-test@0.1")
    new = import_set(session, MINI_V2, "admin").stored
    day = district["round"].starts_on
    assert create_round(session, "Follow-up 2026", day.replace(year=2026), "admin").indicator_set is new
    chosen = create_round(session, "Extra 2026", day.replace(year=2027), "admin", indicator_set=old)
    assert round_set(chosen).version == "0.1" and latest_set(session) is new


def test_change_round_set_is_refused_once_the_round_has_answers(district, session):
    new = import_set(session, MINI_V2, "admin").stored
    round_ = session.merge(district["round"])
    with pytest.raises(InvalidInput, match="has answers already"):
        change_round_set(session, round_, new, "admin")
    assert round_set(round_).version == "0.1"


def test_change_round_set_moves_a_round_without_answers_and_its_empty_assessments(session, make_round):
    round_ = session.merge(make_round())
    new = import_set(session, MINI_V2, "admin").stored
    change_round_set(session, round_, new, "admin")
    assert round_.indicator_set is new


def test_find_set_names_the_missing_one(session):
    with pytest.raises(NotFound):
        find_set(session, "nothing@1")


def test_ensure_first_set_stores_the_configured_file_once(session, monkeypatch):
    monkeypatch.setenv("WASHFIT_INDICATORS", str(DATA / "mini_indicators.yaml"))
    first = ensure_first_set(session, "cli")
    assert first.ref == "mini-test@0.1" and ensure_first_set(session, "cli") is first


def test_indicator_set_of_parses_once_per_content(session):
    stored = import_set(session, MINI, "admin").stored
    assert indicator_set_of(stored) is indicator_set_of(session.get(StoredIndicatorSet, stored.id))
