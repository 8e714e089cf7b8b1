"""The district's charts as data, in a language given by a translate function.

The dashboard draws them with Flask-Babel's ``gettext``; the district summary workbook embeds
the heat map and the service ladder, from the web (the same gettext) and from the command line
(``washfit.i18n.translator``). ``Translate`` is ``gettext``'s shape: a message id and values.
"""

from __future__ import annotations

from typing import Callable, Sequence

from sqlalchemy.orm import Session

from assessments import chart_data, charts
from assessments.models import AssessmentRound
from assessments.results import FacilityResult
from assessments.round_scores import round_overview
from scoring import IndicatorSet
from washfit.i18n import translator
from washfit.labels import N_, SERVICE_LEVEL

Translate = Callable[..., str]

GROUPING_NOTES = {
    "facility": N_("Each row is a facility; — means nothing to score (or not assessed)."),
    "kecamatan": N_("Each row is a kecamatan: the mean of its facilities' domain scores; n is the number of "
                    "facilities; — means none of them has a score."),
    "district": N_("Each row is a district: the mean of its facilities' domain scores; n is the number of "
                   "facilities; — means none of them has a score."),
}


def cli_translate(lang: str) -> Translate:
    """A ``Translate`` for code outside a request."""
    gettext = translator(lang)
    return lambda message, **values: gettext(message) % values if values else gettext(message)


def chart_words(_: Translate) -> charts.ChartWords:
    return charts.ChartWords(
        percent_axis=_("Score (%)"),
        target=_("Target 100%"),
        no_score=_("nothing to score"),
        no_data=_("Nothing to show yet"),
        one_round_only=_("Only one round so far: no change to show yet."),
        change_column=_("Change (points)"),
        share_axis=_("Share of assessed facilities (%)"),
        cost_axis=_("Cost (million rupiah)"),
    )


def heat_map(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, _: Translate, lang: str,
    grouping: str | None = None, page: int = 1,
) -> tuple[charts.HeatMap, chart_data.HeatMapPage]:
    """The heat map of a round (grouped and paged as chart_data decides) and its page."""
    return _heat_map(round_overview(session, indicator_set, round_), indicator_set, round_, _, lang, grouping, page)


def _heat_map(
    results: Sequence[FacilityResult], indicator_set: IndicatorSet, round_: AssessmentRound, _: Translate, lang: str,
    grouping: str | None = None, page: int = 1,
) -> tuple[charts.HeatMap, chart_data.HeatMapPage]:
    scores = chart_data.facility_scores(results, len(indicator_set.domains))
    shown = chart_data.heat_map_page(scores, grouping, page)
    title = _("Domain scores by facility · %(round)s", round=round_.name)
    if shown.pages > 1:
        title += " · " + _("page %(page)d of %(pages)d", page=shown.page, pages=shown.pages)
    note = f"{_(GROUPING_NOTES[shown.grouping])} {chart_data.domain_key(indicator_set, lang)}"
    columns = tuple(d.code for d in indicator_set.domains)
    return charts.HeatMap(title, columns, shown.rows, note), shown


def service_ladder(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, _: Translate, lang: str
) -> charts.ServiceLadder:
    """The JMP ladder of a round across the facilities assessed in it."""
    return _service_ladder(round_overview(session, indicator_set, round_), indicator_set, round_, _, lang)


def _service_ladder(
    results: Sequence[FacilityResult], indicator_set: IndicatorSet, round_: AssessmentRound, _: Translate, lang: str
) -> charts.ServiceLadder:
    assessed = sum(1 for r in results if r.assessment is not None)
    title = _("JMP service levels · %(round)s · %(assessed)d of %(total)d facilities assessed",
              round=round_.name, assessed=assessed, total=len(results))
    levels = tuple(_(SERVICE_LEVEL[level]) for level in chart_data.LADDER)
    return charts.ServiceLadder(title, levels, chart_data.service_ladder(indicator_set, results, lang))


def summary_images(
    session: Session, indicator_set: IndicatorSet, round_: AssessmentRound, _: Translate, lang: str
) -> list[tuple[str, bytes]]:
    """The charts the district summary workbook embeds: the heat map (first page) and the ladder."""
    words = chart_words(_)
    results = round_overview(session, indicator_set, round_)  # once, for both pictures
    heat, _page = _heat_map(results, indicator_set, round_, _, lang)
    ladder = _service_ladder(results, indicator_set, round_, _, lang)
    return [(heat.title, charts.heat_map(heat, words)), (ladder.title, charts.service_ladder(ladder, words))]
