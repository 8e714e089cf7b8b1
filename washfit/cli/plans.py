"""Commands on the improvement plans: draft them from the assessments, and fund them within a budget."""

from __future__ import annotations

import click

from assessments.excel.district_workbook import progress_headers
from assessments.i18n.catalog import translator
from assessments.i18n.formats import format_rupiah, parse_rupiah
from assessments.i18n.labels import PLAN_STATE
from assessments.indicator_sets import latest_indicator_set, round_set
from assessments.plans.budget import fund_plans
from assessments.plans.drafting import draft_all_plans
from assessments.plans.progress import progress_lines, progress_report
from assessments.rounds import find_round
from washfit.cli.common import database_session, language_option


class Rupiah(click.ParamType[int]):
    """Whole rupiah on the command line: ``500000000`` or ``500.000.000``."""

    name = "RUPIAH"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_rupiah(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a whole number of rupiah (e.g. 500000000 or 500.000.000)", param, ctx)


@click.command("draft-plans")
@click.option("--round", "round_name", default=None, metavar="ROUND",
              help="Draft from assessments up to this round (default: each facility's latest).")
def draft_plans_command(round_name: str | None) -> None:
    """Draft or re-draft every facility's plan from its latest submitted or validated assessment."""
    with database_session() as session:
        up_to = find_round(session, round_name) if round_name else None
        results = draft_all_plans(session, actor="cli", up_to=up_to)
        session.commit()
    for r in results:
        click.echo(f"{r.facility_code}: {r.added} added, {r.now_met} now met, {r.reopened} open again "
                   f"(assessment {r.assessment_id})")
    click.echo(f"{len(results)} plans drafted.")


@click.command("budget")
@click.option("--round", "round_name", default=None, metavar="ROUND",
              help="Leave out gaps first found after this round (default: the latest round with submitted "
                   "or validated assessments).")
@click.option("--budget", "amount", type=Rupiah(), required=True, help="The budget in whole rupiah.")
@click.option("--cap-per-facility", "cap", type=Rupiah(), default=None, help="At most this much per puskesmas.")
@click.option("--sourced-only", is_flag=True, help="Fund only actions whose costs rest wholly on sourced prices.")
@language_option
def budget_command(round_name: str | None, amount: int, cap: int | None, sourced_only: bool, lang: str) -> None:
    """Print the plan actions a budget buys first (the most total priority), then the total."""
    _ = translator(lang)
    with database_session() as session:
        round_ = find_round(session, round_name)
        result = fund_plans(session, latest_indicator_set(session), amount, cap, up_to=round_, lang=lang,
                            sourced_only=sourced_only)
        synthetic = round_.synthetic
        round_label = round_.name
    if synthetic:
        click.echo(_("Demonstration data: the scores shown are synthetic, generated from a fixed seed. "
                     "They are not the results of any real assessment."))
    click.echo(_("Plans as of %(round)s; %(method)s choice among %(count)d open actions.")
               % {"round": round_label, "method": result.method, "count": len(result.rows)})
    if sourced_only:
        click.echo(_("Only actions costed wholly at sourced prices: %(count)d open actions left out because their "
                     "costs rest on estimates.") % {"count": result.left_out})
    for row in result.rows:
        if row.funded:
            a = row.action
            click.echo(f"{a.facility_code:<8} {a.indicator_code or '—':<7} P{a.priority:<3}"
                       f"{format_rupiah(a.cost):>17} {format_rupiah(row.running_total):>19}  {a.text}")
    click.echo(_("Of the funded total, %(estimated)s rests on estimates.")
               % {"estimated": format_rupiah(result.estimated)})
    # The last line is read by scripts: always this English form.
    click.echo(f"Total: {format_rupiah(result.total)} of {format_rupiah(amount)}")


@click.command("progress")
@click.option("--round", "round_name", default=None, metavar="ROUND",
              help="The puskesmas assessed in this round or before (default: the latest round), as the summary "
                   "workbook of that round.")
@language_option
def progress_command(round_name: str | None, lang: str) -> None:
    """Print each puskesmas's plan state and progress, then the district's: the summary workbook's Kemajuan sheet."""
    _ = translator(lang)
    with database_session() as session:
        round_ = find_round(session, round_name)
        report = progress_report(session, round_set(round_), round_=round_, lang=lang)
        synthetic = round_.synthetic
    if synthetic:
        click.echo(_("Demonstration data: the scores shown are synthetic, generated from a fixed seed. "
                     "They are not the results of any real assessment."))
    click.echo(_("Plans of the puskesmas assessed by %(round)s, as of %(date)s.")
               % {"round": report.round_name, "date": report.today.isoformat()})
    headers = progress_headers(lang)
    click.echo("\t".join(headers))
    for code, name, state, newer, *numbers in progress_lines(report):
        counts, money = numbers[:-2], numbers[-2:]
        click.echo("\t".join([code, name or _("District total"), _(PLAN_STATE[state]) if state else "", newer,
                              *(str(n) for n in counts), *(format_rupiah(m) for m in money)]))
