"""Administration pages: users, facilities and rounds, each change audited."""

import io

from sqlalchemy import func, select

from assessments.indicator_sets import import_set
from assessments.models import AssessmentRound, AuditEntry, CostItemPrice, Facility, StoredIndicatorSet, User
from tests.conftest import DATA, PASSWORD
from tests.washfit.html_forms import form_fields, load_form


def test_admin_creates_a_user_with_facilities(client, login, district, session):
    login("admin")
    response = client.post("/admin/users", data={"username": "citra", "role": "assessor", "facilities": ["F2"],
                                                 "active": "y", "password": "a long password"})
    assert response.headers["Location"].endswith("/admin/users")
    user = session.scalar(select(User).where(User.username == "citra"))
    assert [f.code for f in user.facilities] == ["F2"]
    assert session.scalar(select(AuditEntry).where(AuditEntry.entity == "user", AuditEntry.field == "created"))


def test_new_user_without_password_is_refused_and_nothing_is_saved(client, login, district, session):
    login("admin")
    html = client.post("/admin/users", data={"username": "dewi", "role": "viewer"}).get_data(as_text=True)
    assert "Pengguna baru memerlukan kata sandi." in html
    assert session.scalar(select(User).where(User.username == "dewi")) is None


def test_changing_a_password_ends_that_users_sessions(app, client, login, district, session):
    viewer = app.test_client()
    viewer.post("/login", data={"username": "viewer", "password": "correct-horse-battery"})
    assert viewer.get("/").status_code == 200
    login("admin")
    user_id = district["users"]["viewer"].id
    client.post(f"/admin/users/{user_id}", data={"username": "viewer", "role": "viewer", "active": "y",
                                                 "password": "another long one", "version": "1"})
    assert viewer.get("/").headers["Location"].startswith("/login")


def test_admin_edits_a_facility_and_the_change_is_audited(client, login, district, session):
    login("admin")
    client.post("/admin/facilities/F2", data={"code": "F2", "name": "Puskesmas Dua Baru", "kecamatan": "Semau",
                                              "version": "1",
                                              "delivery": "y"})
    session.expire_all()
    facility = session.scalar(select(Facility).where(Facility.code == "F2"))
    assert facility.name == "Puskesmas Dua Baru" and facility.delivery is True
    fields = set(session.scalars(select(AuditEntry.field).where(AuditEntry.entity == "facility")))
    assert {"name", "kecamatan", "delivery"} <= fields


def test_duplicate_round_name_is_refused_with_a_message(client, login, district, session):
    login("admin")
    response = client.post("/admin/rounds", data={"name": "baseline 2025", "starts_on": "2025-06-01"})
    html = response.get_data(as_text=True)
    assert "sudah ada" in html
    assert len(session.scalars(select(AssessmentRound)).all()) == 1


def test_validation_messages_of_the_form_library_are_in_bahasa_indonesia(client, login, district):
    login("admin")
    html = client.post("/admin/rounds", data={"name": "x" * 101, "starts_on": ""}).get_data(as_text=True)
    assert "Kolom ini wajib diisi." in html and "Panjang isian" in html and "100 karakter" in html
    client.post("/language/en", data={"next": "/"})
    html = client.post("/admin/rounds", data={"name": "", "starts_on": "yesterday"}).get_data(as_text=True)
    assert "This field is required." in html


def _admin(app, username="admin"):
    client = app.test_client()
    client.post("/login", data={"username": username, "password": PASSWORD})
    return client


def test_a_stale_facility_form_names_the_other_admins_change_and_the_re_save_keeps_it(app, district, session,
                                                                                      make_user):
    make_user("admin2", "admin")
    first, second = _admin(app), _admin(app, "admin2")
    theirs, mine = load_form(first, "/admin/facilities/F2"), load_form(second, "/admin/facilities/F2")
    theirs.update(name="Puskesmas Dua Baru")
    assert first.post("/admin/facilities/F2", data=theirs).status_code == 302
    mine.update(kecamatan="Semau Selatan")
    html = second.post("/admin/facilities/F2", data=mine).get_data(as_text=True)
    start = html.index('class="conflict"')
    assert "Puskesmas Dua Baru" in html[start:html.index("</div>", start)]
    again = form_fields(html)
    assert (again["name"], again["kecamatan"]) == ("Puskesmas Dua Baru", "Semau Selatan")
    assert second.post("/admin/facilities/F2", data=again).status_code == 302
    session.expire_all()
    facility = session.scalar(select(Facility).where(Facility.code == "F2"))
    assert (facility.name, facility.kecamatan, facility.version) == ("Puskesmas Dua Baru", "Semau Selatan", 3)


def test_a_stale_user_form_does_not_revert_another_admins_change(app, district, session, make_user):
    make_user("admin2", "admin")
    user_id = district["users"]["viewer"].id
    first, second = _admin(app), _admin(app, "admin2")
    theirs, mine = load_form(first, f"/admin/users/{user_id}"), load_form(second, f"/admin/users/{user_id}")
    theirs["facilities"] = "F1"
    assert first.post(f"/admin/users/{user_id}", data=theirs).status_code == 302
    mine.update(role="assessor")
    html = second.post(f"/admin/users/{user_id}", data=mine).get_data(as_text=True)
    assert 'class="conflict"' in html
    session.expire_all()
    user = session.get(User, user_id)
    assert (user.role, [f.code for f in user.facilities]) == ("viewer", ["F1"])


def test_the_last_active_admin_cannot_demote_or_deactivate_themselves(app, district, session):
    admin = _admin(app)
    admin_id = district["users"]["admin"].id
    for change in ({"role": "viewer", "active": "y"}, {"role": "admin"}):
        html = admin.post(f"/admin/users/{admin_id}", data={"username": "admin", "version": "1", **change}).get_data(
            as_text=True)
        assert "administrator aktif terakhir" in html
    session.expire_all()
    user = session.get(User, admin_id)
    assert (user.role, user.active) == ("admin", True)


def test_a_stale_price_form_names_the_other_admins_price(app, planned_district, session, make_user):
    make_user("admin2", "admin")
    first, second = _admin(app), _admin(app, "admin2")
    theirs, mine = load_form(first, "/plans/costs/TANK"), load_form(second, "/plans/costs/TANK")
    theirs.update(unit_cost="6.000.000")
    assert first.post("/plans/costs/TANK", data=theirs).status_code == 302
    mine.update(source="Dinkes 2026")
    html = second.post("/plans/costs/TANK", data=mine).get_data(as_text=True)
    assert 'class="conflict"' in html and form_fields(html)["source"] == "Dinkes 2026"
    assert second.post("/plans/costs/TANK", data=form_fields(html)).status_code == 302
    session.expire_all()
    price = session.scalar(select(CostItemPrice).where(CostItemPrice.code == "TANK"))
    assert (price.unit_cost, price.source) == (6_000_000, "Dinkes 2026")
def test_admin_indicator_sets_page_uploads_a_new_version_and_lists_its_use(client, login, district, session):
    login("admin")
    data = {"set_file": (io.BytesIO((DATA / "mini_indicators_v2.yaml").read_bytes()), "v2.yaml")}
    response = client.post("/admin/indicator-sets", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    html = client.get("/admin/indicator-sets").get_data(as_text=True)
    assert "mini-test@0.1" in html and "mini-test@0.2" in html and "dipakai" in html and "rekonstruksi" in html


def test_admin_indicator_sets_upload_of_a_malformed_set_says_where_in_bahasa_and_stores_nothing(
        client, login, district, session):
    login("admin")
    refusals = ((b"id: [broken\n", "bukan YAML yang sah (baris 2)"), (b"\xff\xfe not text", "bukan berkas teks"),
                (b"id: x\n", "set indikator tidak sah"))
    for content, says in refusals:
        data = {"set_file": (io.BytesIO(content), "bad.yaml")}
        html = client.post("/admin/indicator-sets", data=data,
                           content_type="multipart/form-data").get_data(as_text=True)
        assert says in html
    assert session.scalar(select(func.count()).select_from(StoredIndicatorSet)) == 1


def test_admin_round_form_chooses_the_set_and_refuses_a_change_after_answers(client, login, district, session):
    new = import_set(session, (DATA / "mini_indicators_v2.yaml").read_text(encoding="utf-8"), "admin").stored
    old_id = district["round"].indicator_set_id
    session.commit()
    login("admin")
    assert "mini-test@0.2" in client.get("/admin/rounds").get_data(as_text=True)
    client.post("/admin/rounds", data={"name": "Pilot 2026", "starts_on": "2026-01-01", "indicator_set": str(old_id)})
    pilot = session.scalar(select(AssessmentRound).where(AssessmentRound.name == "Pilot 2026"))
    assert pilot.indicator_set_id == old_id
    moved = client.post(f"/admin/rounds/{pilot.id}/indicator-set", data={"indicator_set": str(new.id)},
                        follow_redirects=True).get_data(as_text=True)
    assert "sekarang memakai set indikator mini-test@0.2" in moved
    refused = client.post(f"/admin/rounds/{district['round'].id}/indicator-set",
                          data={"indicator_set": str(new.id)}, follow_redirects=True).get_data(as_text=True)
    assert "sudah memiliki jawaban" in refused
    session.expire_all()
    assert session.get(AssessmentRound, district["round"].id).indicator_set_id == old_id


def _own_form(client, district) -> bytes:
    return client.get(f"/rounds/{district['round'].id}/xlsform.xlsx").get_data()


def test_admin_indicator_sets_page_imports_an_xlsform_with_its_mapping_file(client, login, district, session):
    login("admin")
    data = {"set_file": (io.BytesIO(_own_form(client, district)), "form.xlsx"),
            "map_file": (io.BytesIO(b"set: {version: '0.7'}\n"), "map.yaml")}
    response = client.post("/admin/indicator-sets", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert "mini-test@0.7" in client.get("/admin/indicator-sets").get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(StoredIndicatorSet)) == 2


def test_admin_indicator_sets_upload_of_a_refused_xlsform_lists_each_problem_and_stores_nothing(
        client, login, district, session):
    login("admin")
    for mapping, says in ((b"scores: {na: nope}\n", "mapping: scores.na: nope bukan skor"),
                          (b"x: 1\x00", "pemetaan bukan berkas teks"), (b"\xff\xfe", "pemetaan bukan berkas teks")):
        data = {"set_file": (io.BytesIO(_own_form(client, district)), "form.xlsx"),
                "map_file": (io.BytesIO(mapping), "map.yaml")}
        html = client.post("/admin/indicator-sets", data=data, content_type="multipart/form-data").get_data(
            as_text=True)
        assert "Masalah yang ditemukan" in html and says in html
    html = client.post("/admin/indicator-sets", data={"set_file": (io.BytesIO(b"PK\x03\x04" + bytes(50)), "f.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "bukan berkas Excel" in html
    assert session.scalar(select(func.count()).select_from(StoredIndicatorSet)) == 1


def test_admin_deletes_an_unused_set_and_is_refused_one_in_use(client, login, district, session):
    unused = import_set(session, (DATA / "mini_indicators_v2.yaml").read_text(encoding="utf-8"), "admin").stored
    session.commit()
    login("admin")
    page = client.get("/admin/indicator-sets").get_data(as_text=True)
    assert f"/admin/indicator-sets/{unused.id}/delete" in page
    assert f"/admin/indicator-sets/{district['round'].indicator_set_id}/delete" not in page
    refused = client.post(f"/admin/indicator-sets/{district['round'].indicator_set_id}/delete",
                          follow_redirects=True).get_data(as_text=True)
    assert "dipakai oleh 1 putaran dan 1 penilaian" in refused
    deleted = client.post(f"/admin/indicator-sets/{unused.id}/delete", follow_redirects=True).get_data(as_text=True)
    assert "Set indikator mini-test@0.2 dihapus." in deleted
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(StoredIndicatorSet)) == 1
    assert session.scalar(select(AuditEntry).where(AuditEntry.entity == "indicator_set", AuditEntry.field == "deleted",
                                                   AuditEntry.username == "admin"))


def test_admin_indicator_sets_upload_of_washfits_own_xlsform_with_an_empty_mapping_field_needs_no_mapping(
        client, login, district, session):
    login("admin")
    data = {"set_file": (io.BytesIO(_own_form(client, district)), "form.xlsx"), "map_file": (io.BytesIO(b""), "")}
    page = client.post("/admin/indicator-sets", data=data, content_type="multipart/form-data",
                       follow_redirects=True).get_data(as_text=True)
    assert "Set indikator diimpor." in page
    assert session.scalar(select(func.count()).select_from(StoredIndicatorSet)) == 1
def test_admin_sets_a_facilitys_dhis2_org_unit_and_a_taken_or_bad_one_is_refused(client, login, district, session):
    login("admin")
    page = client.get("/admin/facilities/F1").get_data(as_text=True)
    assert "Unit organisasi DHIS2" in page and 'name="dhis2_org_unit"' in page
    fields = form_fields(page)
    client.post("/admin/facilities/F1", data={**fields, "dhis2_org_unit": " DiszpKrYNg8 "})
    taken = client.post("/admin/facilities/F2", data={**load_form(client, "/admin/facilities/F2"),
                                                     "dhis2_org_unit": "DiszpKrYNg8"}).get_data(as_text=True)
    assert "sudah dipakai fasilitas F1" in taken
    bad = client.post("/admin/facilities/F2", data={**load_form(client, "/admin/facilities/F2"),
                                                   "dhis2_org_unit": "=1+1"}).get_data(as_text=True)
    assert "bukan uid atau kode DHIS2" in bad
    session.expire_all()
    units = dict(session.execute(select(Facility.code, Facility.dhis2_org_unit)).all())
    assert units == {"F1": "DiszpKrYNg8", "F2": None}
    assert session.scalar(select(AuditEntry).where(AuditEntry.field == "dhis2_org_unit")).new_value == "DiszpKrYNg8"


def test_admin_sets_a_rounds_dhis2_period_on_the_rounds_page(client, login, district, session):
    login("admin")
    round_id = district["round"].id
    page = client.get("/admin/rounds").get_data(as_text=True)
    assert "Periode DHIS2" in page and 'placeholder="2025"' in page
    client.post(f"/admin/rounds/{round_id}/dhis2-period", data={"dhis2_period": "2025s1"})
    refused = client.post(f"/admin/rounds/{round_id}/dhis2-period", data={"dhis2_period": "2025S3"},
                          follow_redirects=True).get_data(as_text=True)
    assert "bukan tahun (2025) maupun semester" in refused
    session.expire_all()
    assert session.get(AssessmentRound, round_id).dhis2_period == "2025S1"
    assert 'value="2025S1"' in refused
