"""`washfit map-price` and `washfit import-prices` against a real database."""

from sqlalchemy import select

from assessments.models import CostItemPrice

LIST = "Kode;Uraian;Satuan;Harga Satuan\nK-01;Tangki air;unit;6.000.000\nK-02;Pelatihan;hari;900.000\n"


def _price(session, code):
    session.expire_all()
    return session.scalar(select(CostItemPrice.unit_cost).where(CostItemPrice.code == code))


def test_import_prices_previews_then_imports_the_mapped_lines(run_mini_cli, session, planned_district, tmp_path):
    path = tmp_path / "ssh-2026.csv"
    path.write_text(LIST, encoding="utf-8")
    assert run_mini_cli("map-price", "K-01", "TANK", "--user", "admin").exit_code == 0
    assert run_mini_cli("map-price", "K-02", "TRAIN", "--user", "admin").exit_code == 0
    dry = run_mini_cli("import-prices", str(path), "--user", "admin", "--year", "2026", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Rp 5.000.000 → Rp 6.000.000" in dry.output and "ditolak" in dry.output and "Nothing imported." in dry.output
    assert _price(session, "TANK") == 5_000_000
    done = run_mini_cli("import-prices", str(path), "--user", "admin", "--year", "2026", "--yes")
    assert done.exit_code == 0, done.output
    assert "Imported: 1 prices set" in done.output
    assert (_price(session, "TANK"), _price(session, "TRAIN")) == (6_000_000, 1_500_000)


def test_import_prices_refuses_a_list_without_a_year_and_writes_nothing(run_mini_cli, session, planned_district,
                                                                        tmp_path):
    path = tmp_path / "ssh.csv"
    path.write_text(LIST, encoding="utf-8")
    run_mini_cli("map-price", "K-01", "TANK", "--user", "admin")
    result = run_mini_cli("import-prices", str(path), "--user", "admin", "--yes")
    assert result.exit_code == 1 and "nothing imported" in result.output
    assert _price(session, "TANK") == 5_000_000


def test_only_an_admin_maps_prices(run_mini_cli, planned_district):
    result = run_mini_cli("map-price", "K-01", "TANK", "--user", "head")
    assert result.exit_code == 2 and "only an administrator" in result.output


def test_set_freight_is_recorded_under_the_admin(run_mini_cli, planned_district):
    assert run_mini_cli("set-freight", "Kupang Tengah", "135", "--user", "admin").exit_code == 0
    refused = run_mini_cli("set-freight", "Kupang Tengah", "40", "--user", "admin")
    assert refused.exit_code == 2 and "whole percent" in refused.output
