"""Drawing: every chart is a PNG for the edge cases, and the cache keys on the data and the words."""

import pytest

from assessments.charts import drawing
from tests.assessments.charts.pictures import WORDS, chart_width, d, png_size


def test_the_same_data_reuses_the_cached_png_and_changed_data_draws_a_new_one():
    data = drawing.DomainProfile("Cache", (drawing.Bar("W", d("60.0")), drawing.Bar("S", d("40.0"))))
    first = drawing.domain_profile(data, WORDS)
    hits = drawing.domain_profile.cache_info().hits
    again = drawing.domain_profile(
        drawing.DomainProfile("Cache", (drawing.Bar("W", d("60.0")), drawing.Bar("S", d("40.0")))), WORDS)
    assert again is first
    assert drawing.domain_profile.cache_info().hits == hits + 1
    changed = drawing.domain_profile(
        drawing.DomainProfile("Cache", (drawing.Bar("W", d("60.0")), drawing.Bar("S", d("45.0")))), WORDS)
    assert changed != first


def test_each_language_has_its_own_cache_entry():
    data = drawing.DomainProfile("Cache", (drawing.Bar("W", d("60.0")),))
    indonesian = drawing.ChartWords(**{**WORDS.__dict__, "percent_axis": "Skor (%)"})
    assert drawing.domain_profile(data, WORDS) != drawing.domain_profile(data, indonesian)


@pytest.mark.parametrize("render", [drawing.domain_profile, drawing.round_change, drawing.heat_map,
                                    drawing.service_ladder, drawing.plan_cost])
def test_every_chart_is_cached_in_a_bounded_cache(render):
    assert render.cache_info().maxsize == drawing.CACHE_SIZE


def test_round_change_draws_domains_without_a_score_in_either_round():
    data = drawing.RoundChange("C", "A", "B", (drawing.DomainMove("W", None, d("40.0")),
                                              drawing.DomainMove("S", d("10.0"), None),
                                              drawing.DomainMove("HH", None, None)))
    png_size(drawing.round_change(data, WORDS))


def test_domain_profile_is_a_png_of_the_chart_width_growing_with_the_domains():
    few = drawing.domain_profile(drawing.DomainProfile("P", (drawing.Bar("W", d("75.0")),)), WORDS)
    many = drawing.domain_profile(
        drawing.DomainProfile("P", tuple(drawing.Bar(f"D{i}", d("50.0")) for i in range(7))), WORDS
    )
    assert png_size(few)[0] == png_size(many)[0] == chart_width()
    assert png_size(many)[1] > png_size(few)[1]
