"""The admin imports the district's price list on the web: map, upload, preview, confirm."""

import io
import re

from sqlalchemy import select

from assessments.models import CostItemPrice, PriceListMapping

LIST = b"Kode;Uraian;Satuan;Harga Satuan;Tahun\nK-01;Tangki air;unit;6.000.000;2026\nK-09;Kertas;rim;55.000;2026\n"


def _upload(client, data=LIST, name="ssh-2026.csv"):
    return client.post("/plans/costs/import", data={"price_list": (io.BytesIO(data), name), "region": "Kab. Kupang"},
                       content_type="multipart/form-data")


def _hidden(html, name):
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html).group(1).replace("&#34;", '"')


def test_the_admin_maps_previews_and_imports_a_price_list(client, login, session, planned_district):
    login("admin")
    assert client.post("/plans/costs/mappings", data={"key": "K-01", "item": "TANK", "list_unit": "",
                                                      "per_item": "1"}).status_code == 302
    assert session.scalar(select(PriceListMapping.cost_item_code).where(PriceListMapping.key == "k-01")) == "TANK"
    preview = _upload(client)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Pratinjau daftar harga" in html
    assert "Rp 5.000.000" in html and "Rp 6.000.000" in html and "1 harga berubah" in html
    session.expire_all()
    assert session.scalar(select(CostItemPrice.unit_cost).where(CostItemPrice.code == "TANK")) == 5_000_000
    form = {name: _hidden(html, name) for name in ("rows", "fingerprint", "name", "year", "document", "region")}
    done = client.post("/plans/costs/import/apply", data=form)
    assert done.status_code == 200 and "Daftar harga diimpor" in done.get_data(as_text=True)
    session.expire_all()
    tank = session.scalar(select(CostItemPrice).where(CostItemPrice.code == "TANK"))
    assert (tank.unit_cost, tank.year, tank.estimate, tank.region) == (6_000_000, 2026, False, "Kab. Kupang")
    plan = client.get("/plans/F1").get_data(as_text=True)
    assert "harga bersumber" in plan and "bertumpu pada perkiraan" in plan


def test_a_hostile_price_list_is_refused_in_bahasa_and_writes_nothing(client, login, session, planned_district):
    login("admin")
    hostile = ((b"PK\x03\x04broken", "ssh.xlsx", "bukan"), (b"Kode;Satuan;Harga\n1;unit;\x00\n", "a.csv", "NUL"),
               (b"\xff\xfe" * 10, "a.csv", "judul kolom"))
    for data, name, words in hostile:
        response = _upload(client, data, name)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, name
        assert "Daftar harga ditolak" in html and words in html
    session.expire_all()
    assert session.scalars(select(PriceListMapping)).all() == []


def test_a_tampered_confirmation_is_refused(client, login, planned_district):
    login("admin")
    response = client.post("/plans/costs/import/apply", data={"rows": "[[", "fingerprint": "x", "name": "a.csv"})
    assert response.status_code == 302
    assert "rusak" in client.get("/plans/costs/import").get_data(as_text=True)


def test_the_budget_page_funds_only_sourced_actions_when_asked(client, login, planned_district):
    login("viewer")
    html = client.get("/plans/budget?budget=100000000&sourced_only=y").get_data(as_text=True)
    assert "2 tindakan terbuka tidak diikutkan" in html and "Rp 500.000" in html


def test_the_admin_sets_freight_and_the_plan_line_shows_it(client, login, planned_district):
    login("admin")
    assert "Kupang Tengah" in client.get("/plans/costs").get_data(as_text=True)
    response = client.post("/plans/costs/freight", data={"kecamatan": "Kupang Tengah", "percent": "135"})
    assert response.status_code == 302
    html = client.get("/plans/F1").get_data(as_text=True)
    assert "ongkos angkut 135% pada material" in html and "Rp 675.000" in html
    bad = client.post("/plans/costs/freight", data={"kecamatan": "Kupang Tengah", "percent": "1000"},
                      follow_redirects=True)
    assert "Faktor ongkos angkut adalah persen bulat" in bad.get_data(as_text=True)
