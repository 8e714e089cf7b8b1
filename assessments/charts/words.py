"""The words on the charts, in the reader's language, from washfit's one catalog."""

from __future__ import annotations

from assessments.charts.drawing import ChartWords
from assessments.i18n.catalog import translator
from scoring import IndicatorSet


def chart_words(lang: str) -> ChartWords:
    """The fixed words every chart may print."""
    _ = translator(lang)
    return ChartWords(
        percent_axis=_("Score (%)"),
        target=_("Target 100%"),
        no_score=_("nothing to score"),
        no_data=_("Nothing to show yet"),
        one_round_only=_("Only one round so far: no change to show yet."),
        change_column=_("Change (points)"),
        share_axis=_("Share of assessed facilities (%)"),
        cost_axis=_("Cost (million rupiah)"),
    )


def domain_labels(indicator_set: IndicatorSet, lang: str) -> tuple[str, ...]:
    """``W · Air``: the code people know from the forms, and the name in the reader's language."""
    return tuple(f"{d.code} · {d.name.get(lang)}" for d in indicator_set.domains)


def domain_key(indicator_set: IndicatorSet, lang: str) -> str:
    """``W Air · S Sanitasi · …`` for a chart's footnote, the codes of the forms beside the names."""
    return " · ".join(f"{d.code} {d.name.get(lang)}".replace(" ", "\u00a0") for d in indicator_set.domains)
