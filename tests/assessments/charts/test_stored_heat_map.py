"""The heat map and ladder counted in SQL from the stored scores equal the Python twins on random rounds."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from assessments.charts import district, stored_heat_map
from assessments.models import Facility
from assessments.scores.entry import Answer, save_facility_answers
from assessments.scores.round_scores import round_overview
from assessments.scores.stored_tallies import rescore
from scoring import Score
from tests.conftest import DATA, store_set


@pytest.fixture
def random_round(session, make_facility, make_round, make_user, mini_set):
    rng = random.Random(5)
    round_ = session.merge(make_round())
    admin = session.merge(make_user("admin", "admin"))
    for n in range(int(1.3 * stored_heat_map.HEATMAP_ROWS)):
        facility = session.merge(make_facility(
            code=f"H{n:03d}", inpatient=n % 2 == 0, delivery=n % 3 == 0,
            kecamatan=f"Kecamatan {n % 7}" if n % 9 else ""))
        facility.district = f"Kabupaten {n % 2}"
        if n % 5 == 4:
            continue  # not assessed
        answers = {i.code: Answer(rng.choice([*Score, None])) for i in mini_set.indicators if rng.random() < 0.8}
        save_facility_answers(session, mini_set, facility, round_, answers, admin, expected_version=None)
    session.commit()
    return round_


@pytest.mark.parametrize("grouping", [None, *district.GROUPINGS])
def test_sql_heat_map_equals_the_python_grouping_of_stored_scores(session, mini_set, random_round, grouping):
    results = round_overview(session, mini_set, random_round)
    scores = district.facility_scores(results, len(mini_set.domains))
    for page in (1, 2, 3):
        expected = district.heat_map_page(scores, grouping, page)
        assert stored_heat_map.heat_map_shape(session, grouping, page) == (
            expected.grouping, expected.page, expected.pages)
        got = stored_heat_map.heat_map_rows(session, mini_set, random_round.id, expected.grouping, expected.page)
        assert got == expected.rows


def test_sql_ladder_equals_the_python_count_of_stored_levels(session, mini_set, random_round):
    results = round_overview(session, mini_set, random_round)
    rungs = district.ladder(mini_set)
    expected = {rule.area: area.counts for rule, area in
                zip(mini_set.jmp_rules, district.ladder_counts(mini_set, results, "id"), strict=True)}
    assert stored_heat_map.ladder_counts(session, mini_set, random_round.id, rungs) == expected
    assert stored_heat_map.round_counts(session, random_round.id) == (
        len(results), sum(1 for r in results if r.assessment is not None))


def test_a_round_chart_is_drawn_again_only_after_its_data_changed(session, mini_set, random_round, make_user):
    drawn = []

    def draw():
        drawn.append(1)
        return b"png %d" % len(drawn)

    assert district.round_kept(session, random_round, ("heat_map", "id"), draw) == b"png 1"
    assert district.round_kept(session, random_round, ("heat_map", "id"), draw) == b"png 1"
    assert district.round_kept(session, random_round, ("heat_map", "en"), draw) == b"png 2"
    facility = session.scalars(select(Facility).order_by(Facility.code).limit(1)).one()
    save_facility_answers(session, mini_set, facility, random_round, {"W1": Answer(Score.PARTIAL)},
                          session.merge(make_user("admin2", "admin")), expected_version=None)
    session.commit()
    assert district.round_kept(session, random_round, ("heat_map", "id"), draw) == b"png 3"
    facility.name = "Puskesmas Baru"
    session.commit()
    assert district.round_kept(session, random_round, ("heat_map", "id"), draw) == b"png 4"
    rescore(session, random_round.id)  # the same figures again: the same picture
    session.commit()
    assert district.round_kept(session, random_round, ("heat_map", "id"), draw) == b"png 4"
    random_round.indicator_set_id = store_set(session, DATA / "mini_indicators_v2.yaml").id
    rescore(session, random_round.id)  # the round read with another set: other figures
    session.commit()
    assert district.round_kept(session, random_round, ("heat_map", "id"), draw) == b"png 5"



def test_a_round_chart_asked_for_with_a_pages_version_is_that_pages_picture_while_it_is_kept(
        session, mini_set, random_round, make_user):
    drawn = []

    def draw():
        drawn.append(1)
        return b"png %d" % len(drawn)

    seen = district.round_version(session, random_round)
    assert district.round_kept(session, random_round, ("heat_map", "id"), draw, seen) == b"png 1"
    facility = session.scalars(select(Facility).order_by(Facility.code).limit(1)).one()
    save_facility_answers(session, mini_set, facility, random_round, {"W1": Answer(Score.PARTIAL)},
                          session.merge(make_user("admin2", "admin")), expected_version=None)
    session.commit()
    assert district.round_version(session, random_round) != seen
    assert district.round_kept(session, random_round, ("heat_map", "id"), draw, seen) == b"png 1"
    assert district.round_kept(session, random_round, ("heat_map", "id"), draw) == b"png 2"
    made_up = "0" * district.VERSION_LENGTH  # kept under none: drawn from the current data, kept under its version
    assert district.round_kept(session, random_round, ("heat_map", "en"), draw, made_up) == b"png 3"
    assert district.round_kept(session, random_round, ("heat_map", "en"), draw) == b"png 3"
    assert district.round_kept(session, random_round, ("heat_map", "en"), draw, made_up) == b"png 3"
    assert len(drawn) == 3


def test_a_rounds_version_changes_with_its_name_which_its_charts_titles_say(session, random_round):
    before = district.round_version(session, random_round)
    random_round.name = "Baseline (renamed)"
    session.commit()
    assert district.round_version(session, random_round) != before
