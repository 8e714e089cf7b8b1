"""Administration pages: users, facilities and rounds, each change audited."""

from sqlalchemy import select

from assessments.models import AssessmentRound, AuditEntry, Facility, User


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
    client.post(f"/admin/users/{user_id}", data={"username": "viewer", "role": "viewer", "active": "y", "password": "another long one",
                                                     "version": "1"})
    assert viewer.get("/").headers["Location"].startswith("/login")


def test_admin_edits_a_facility_and_the_change_is_audited(client, login, district, session):
    login("admin")
    client.post("/admin/facilities/F2", data={"code": "F2", "name": "Puskesmas Dua Baru", "kecamatan": "Semau", "version": "1",
                                              "delivery": "y"})
    session.expire_all()
    facility = session.scalar(select(Facility).where(Facility.code == "F2"))
    assert facility.name == "Puskesmas Dua Baru" and facility.delivery is True
    fields = set(session.scalars(select(AuditEntry.field).where(AuditEntry.entity == "facility")))
    assert {"name", "kecamatan", "delivery"} <= fields


def test_duplicate_round_name_is_refused_with_a_message(client, login, district, session):
    login("admin")
    html = client.post("/admin/rounds", data={"name": "baseline 2025", "starts_on": "2025-06-01"}).get_data(as_text=True)
    assert "sudah ada" in html
    assert len(session.scalars(select(AssessmentRound)).all()) == 1


def test_validation_messages_of_the_form_library_are_in_bahasa_indonesia(client, login, district):
    login("admin")
    html = client.post("/admin/rounds", data={"name": "x" * 101, "starts_on": ""}).get_data(as_text=True)
    assert "Kolom ini wajib diisi." in html and "Panjang isian" in html and "100 karakter" in html
    client.post("/language/en", data={"next": "/"})
    html = client.post("/admin/rounds", data={"name": "", "starts_on": "yesterday"}).get_data(as_text=True)
    assert "This field is required." in html
