"""Commands that need no database: list the indicator set and score an answer file."""

from __future__ import annotations

from pathlib import Path

import click

from assessments.i18n.catalog import translator
from assessments.i18n.formats import format_percent
from assessments.i18n.labels import SERVICE_LEVEL
from assessments.scores.answer_files import AnswerFileError, read_answer_file
from scoring import AssessmentScore, FacilityProfile, IndicatorSet, score_assessment
from washfit.cli.common import fail, language_option, load_set


@click.command("indicators")
@click.option("--domain", "domain_code", metavar="CODE", help="Only this domain (e.g. W).")
@click.option("--flag", metavar="FLAG", help="Only indicators with this flag (e.g. essential).")
@language_option
def indicators_command(domain_code: str | None, flag: str | None, lang: str) -> None:
    """List the indicator set, domain by domain."""
    indicator_set = load_set()
    _ = translator(lang)
    if flag is not None and flag not in indicator_set.flags:
        fail(_("unknown flag %(flag)s; known: %(known)s") % {"flag": flag, "known": ", ".join(indicator_set.flags)})
    domains = indicator_set.domains
    if domain_code is not None:
        domains = tuple(d for d in domains if d.code.lower() == domain_code.lower())
        if not domains:
            known = ", ".join(d.code for d in indicator_set.domains)
            fail(_("unknown domain %(domain)s; known: %(known)s") % {"domain": domain_code, "known": known})
    for domain in domains:
        shown = [i for i in domain.indicators if flag is None or flag in i.flags]
        if not shown:
            continue
        click.echo(f"{domain.code}  {domain.name.get(lang)}")
        for indicator in shown:
            marks = ", ".join(indicator_set.flags[f].get(lang) for f in sorted(indicator.flags))
            suffix = f"  [{marks}]" if marks else ""
            click.echo(f"  {indicator.code:<7} {indicator.text.get(lang)}{suffix}")


@click.command("score")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--inpatient/--no-inpatient", default=None, help="Override the facility's inpatient services.")
@click.option("--delivery/--no-delivery", default=None, help="Override the facility's delivery services.")
@language_option
def score_command(file: Path, inpatient: bool | None, delivery: bool | None, lang: str) -> None:
    """Score an assessment given as YAML or CSV and print the results."""
    indicator_set = load_set()
    try:
        answer_file = read_answer_file(file, indicator_set)
    except AnswerFileError as exc:
        fail(str(exc))
    base = answer_file.profile or FacilityProfile()
    profile = FacilityProfile(
        inpatient=base.inpatient if inpatient is None else inpatient,
        delivery=base.delivery if delivery is None else delivery,
    )
    result = score_assessment(indicator_set, answer_file.answers, profile)
    for line in score_report(indicator_set, result, lang):
        click.echo(line)


def score_report(indicator_set: IndicatorSet, result: AssessmentScore, lang: str) -> list[str]:
    """The lines `washfit score` prints: a table of domains, then essentials and JMP levels."""
    _ = translator(lang)
    header = (f"{_('Domain'):<46}{_('Score'):>8}{_('Met'):>6}{_('Partial'):>9}{_('Not met'):>9}"
              f"{_('N/A'):>6}{_('Unanswered'):>12}")
    lines = [
        _("Indicator set: %(id)s version %(version)s") % {"id": result.set_id, "version": result.set_version},
        "",
        header,
    ]
    rows = [(f"{d.domain}  {indicator_set.domain(d.domain).name.get(lang)}", d.tally) for d in result.domains]
    rows.append((_("Overall"), result.overall))
    for label, t in rows:
        lines.append(
            f"{label[:45]:<46}{format_percent(t.percent):>8}{t.met:>6}{t.partial:>9}{t.not_met:>9}"
            f"{t.not_applicable:>6}{t.unanswered:>12}"
        )
    essential = result.essential
    lines += [
        "",
        _("Essential indicators fully met: %(met)d of %(assessed)d (%(percent)s)")
        % {"met": essential.met, "assessed": essential.assessed, "percent": format_percent(essential.percent)},
    ]
    if essential.unmet:
        lines.append(_("Essential indicators not fully met: %(codes)s") % {"codes": ", ".join(essential.unmet)})
    if essential.unanswered:
        lines.append(_("Essential indicators unanswered: %(codes)s") % {"codes": ", ".join(essential.unanswered)})
    lines += ["", _("JMP service levels:")]
    for area, level in result.jmp.items():
        lines.append(f"  {indicator_set.service_areas[area].get(lang):<28}{service_level_label(level, lang)}")
    return lines


def service_level_label(level: str, lang: str) -> str:
    """The JMP ladder rung in the chosen language."""
    return translator(lang)(SERVICE_LEVEL[level])
