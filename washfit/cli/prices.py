"""Commands on the cost catalog: map the district's price-list items, import its price list, set freight."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from assessments.accounts.users import active_user
from assessments.excel.package_checks import MAX_FILE_BYTES
from assessments.excel.price_list_reader import import_price_file, preview_price_file
from assessments.excel.problems import WorkbookRejected
from assessments.i18n.catalog import translator
from assessments.i18n.formats import format_rupiah
from assessments.indicator_sets import latest_indicator_set
from assessments.plans.freight import set_freight
from assessments.plans.price_lists import (
    CHANGE,
    REFUSED,
    SAME,
    PriceListInfo,
    PriceListRefused,
    PricePreview,
    map_price_item,
    unmap_price_item,
)
from scoring.costs import estimated_share
from washfit.cli.common import database_session, fail, language_option, load_set

user_option = click.option("--user", "username", envvar="WASHFIT_USER", required=True, metavar="NAME",
                           help="The administrator the change is recorded under (or WASHFIT_USER).")
REFUSED_STATUS = 1


@click.command("map-price")
@click.argument("key")
@click.argument("item", required=False)
@click.option("--list-unit", default="", help="The list's unit when it is not the item's (e.g. liter).")
@click.option("--per", "per_item", type=click.IntRange(1, 100_000), default=1,
              help="How many of the list's units make one unit of the item.")
@click.option("--remove", is_flag=True, help="Remove the mapping of KEY.")
@user_option
def map_price_command(key: str, item: str | None, list_unit: str, per_item: int, remove: bool, username: str) -> None:
    """Map the district's price-list item KEY (its code or name) to the catalog ITEM; kept for next year."""
    load_set()
    with database_session() as session:
        actor = active_user(session, username)
        if remove:
            unmap_price_item(session, key, actor)
            click.echo(f"{key}: mapping removed")
        elif item is None:
            fail("give the catalog item to map to, or --remove")
        else:
            row = map_price_item(session, latest_indicator_set(session), key, item, actor, list_unit, per_item)
            conversion = f" ({row.per_item} {row.list_unit})" if row.list_unit else ""
            click.echo(f"{row.key} → {row.cost_item_code}{conversion}")
        session.commit()


def echo_preview(preview: PricePreview, lang: str) -> None:
    """Every line of the list that maps to an item, the blocking problems, and the plan totals."""
    _ = translator(lang)
    for line in preview.lines:
        row = line.row
        label = f"{_('Row')} {row.line:>5}  {(row.code or row.name)[:40]:<40}"
        if line.outcome in (CHANGE, SAME):
            same = "" if line.outcome == CHANGE else f"  ({_('unchanged')})"
            click.echo(f"{label} → {line.item_code}: {format_rupiah(line.old_price or 0)} → "
                       f"{format_rupiah(line.new_price or 0)}{same}")
        elif line.outcome == REFUSED:
            click.echo(f"{label} → {line.item_code}: {_('refused')}: {_(line.reason) % dict(line.reason_params)}")
    for error in preview.errors:
        click.echo(f"{_('refused')}: {_(error.message) % error.params}", err=True)
    for name, totals in ((_("before"), preview.before), (_("after"), preview.after)):
        share = estimated_share(totals.estimated, totals.district)
        click.echo(_("Still needed %(when)s: %(total)s, of which %(estimated)s (%(share)d%%) rests on estimates")
                   % {"when": name, "total": format_rupiah(totals.district),
                      "estimated": format_rupiah(totals.estimated), "share": share})
    click.echo(_("%(changed)d prices change, %(refused)d lines refused, %(unmapped)d lines not mapped")
               % {"changed": len(preview.changes), "refused": preview.count(REFUSED),
                  "unmapped": preview.count("unmapped")})


@click.command("import-prices")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@user_option
@click.option("--year", type=click.IntRange(1900, 2200), default=None,
              help="The year of the prices, where the list has no Tahun column.")
@click.option("--document", default="", help="The regulation or document of the list (e.g. Perbup Kupang No. 5/2025).")
@click.option("--region", default="Kabupaten Kupang", show_default=True, help="Where the prices hold.")
@click.option("--valid-from", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="From when the prices hold (default: 1 January of their year).")
@click.option("--dry-run", is_flag=True, help="Show the preview only; change nothing.")
@click.option("--yes", is_flag=True, help="Import after the preview without asking.")
@language_option
def import_prices_command(path: Path, username: str, year: int | None, document: str, region: str,
                          valid_from: dt.datetime | None, dry_run: bool, yes: bool, lang: str) -> None:
    """Import the district's price list (SSH, .xlsx or .csv): a preview, then all or nothing."""
    if path.stat().st_size > MAX_FILE_BYTES:
        fail(f"{path}: the file is larger than {MAX_FILE_BYTES // 2**20} MB")
    data = path.read_bytes()
    info = PriceListInfo(document.strip() or path.name, year, region, valid_from.date() if valid_from else None)
    with database_session() as session:
        actor = active_user(session, username)
        indicator_set = latest_indicator_set(session)
        try:
            preview = preview_price_file(session, indicator_set, data, path.name, info, actor)
        except WorkbookRejected as exc:
            for p in exc.problems:
                click.echo(f"{path}: {p}", err=True)
            raise SystemExit(REFUSED_STATUS) from None
        echo_preview(preview, lang)
        if preview.errors:
            click.echo(f"{path}: refused, nothing imported", err=True)
            raise SystemExit(REFUSED_STATUS)
        if dry_run or not (yes or click.confirm("Import these prices?", default=False)):
            click.echo("Nothing imported.")
            session.rollback()
            return
        try:
            result = import_price_file(session, indicator_set, data, path.name, info, actor, preview.fingerprint)
        except PriceListRefused as exc:
            for error in exc.problems:
                click.echo(f"{path}: {error}", err=True)
            raise SystemExit(REFUSED_STATUS) from None
        session.commit()
    click.echo(f"Imported: {result.updated} prices set from {path.name}.")


@click.command("set-freight")
@click.argument("kecamatan")
@click.argument("percent", type=int)
@user_option
def set_freight_command(kecamatan: str, percent: int, username: str) -> None:
    """Make material items cost PERCENT % delivered to KECAMATAN (e.g. 135 = +35 %; 100 = none)."""
    load_set()
    with database_session() as session:
        set_freight(session, kecamatan, percent, active_user(session, username))
        session.commit()
    click.echo(f"{kecamatan}: freight {percent}%")
