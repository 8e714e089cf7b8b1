"""`washfit sets list`, `import` and `export`: every version side by side, none changed in place."""

from sqlalchemy import func, select

from assessments.models import AuditEntry, StoredIndicatorSet
from tests.conftest import DATA

V2 = DATA / "mini_indicators_v2.yaml"


def _count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(StoredIndicatorSet))


def test_init_db_stores_the_configured_set_first(run_mini_cli, session):
    result = run_mini_cli("init-db")
    assert result.exit_code == 0 and "mini-test@0.1" in result.output
    assert run_mini_cli("init-db").exit_code == 0 and _count(session) == 1


def test_sets_import_then_list_shows_each_version_with_its_use(run_mini_cli, district):
    assert run_mini_cli("sets", "import", str(V2)).output.strip() == "Imported mini-test@0.2."
    listed = run_mini_cli("sets", "list").output.splitlines()
    assert listed[0].startswith("mini-test@0.1") and "1 rounds" in listed[0] and "1 assessments" in listed[0]
    assert "in use, never changes" in listed[0]
    assert listed[2].startswith("mini-test@0.2") and "0 rounds" in listed[2] and "not used yet" in listed[2]


def test_sets_import_of_the_same_file_again_changes_nothing(run_mini_cli, session):
    run_mini_cli("sets", "import", str(V2))
    result = run_mini_cli("sets", "import", str(V2))
    assert result.exit_code == 0 and "nothing changed" in result.output and _count(session) == 1


def test_sets_import_of_a_changed_set_under_a_stored_version_is_refused(run_mini_cli, session, tmp_path):
    run_mini_cli("sets", "import", str(V2))
    changed = tmp_path / "changed.yaml"
    changed.write_text(V2.read_text(encoding="utf-8").replace("Regular hand hygiene", "Yearly hand hygiene"),
                       encoding="utf-8")
    result = run_mini_cli("sets", "import", str(changed))
    assert result.exit_code == 2 and "indicators changed: HH3" in result.output and "new version" in result.output
    assert _count(session) == 1


def test_sets_import_of_a_malformed_set_says_where_and_writes_nothing(run_mini_cli, session, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(V2.read_text(encoding="utf-8").replace("applies_to: all", "applies_to: everywhere", 1),
                      encoding="utf-8")
    result = run_mini_cli("sets", "import", str(broken))
    assert result.exit_code == 2 and "domains[0].indicators[0].applies_to" in result.output
    assert _count(session) == 0


def test_sets_export_writes_the_set_exactly_as_imported(run_mini_cli, tmp_path):
    run_mini_cli("sets", "import", str(V2))
    out = tmp_path / "out.yaml"
    assert run_mini_cli("sets", "export", "mini-test@0.2", "-o", str(out)).exit_code == 0
    assert out.read_bytes() == V2.read_bytes()
    missing = run_mini_cli("sets", "export", "mini-test@9", "-o", str(out))
    assert missing.exit_code == 2 and "mini-test@9" in missing.output


def _own_form(run_mini_cli, tmp_path):
    """The round's XLSForm as washfit exports it (the district's round is on mini-test@0.1)."""
    form = tmp_path / "form.xlsx"
    assert run_mini_cli("export-xlsform", "-o", str(form)).exit_code == 0
    return form


def test_sets_import_of_washfits_own_xlsform_finds_its_set_stored_already(run_mini_cli, district, session, tmp_path):
    result = run_mini_cli("sets", "import", str(_own_form(run_mini_cli, tmp_path)))
    assert result.exit_code == 0 and result.output.strip() == (
        "mini-test@0.1 is stored already with the same content; nothing changed.")
    assert _count(session) == 1


def test_sets_import_of_an_xlsform_with_a_mapping_stores_a_new_version(run_mini_cli, district, session, tmp_path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text("set:\n  version: '0.5'\n  source: {citation: Kobo Kupang, licence: CC0}\n", encoding="utf-8")
    result = run_mini_cli("sets", "import", str(_own_form(run_mini_cli, tmp_path)), "--map", str(mapping))
    assert result.output.strip() == "Imported mini-test@0.5." and _count(session) == 2


def test_sets_import_of_an_xlsform_refused_lists_each_problem_in_bahasa_indonesia_and_writes_nothing(
        run_mini_cli, district, session, tmp_path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text("domains: {d_w: W}\nscores: {met: 2, partial: 1, not_met: 0, na: nope}\n", encoding="utf-8")
    result = run_mini_cli("sets", "import", str(_own_form(run_mini_cli, tmp_path)), "--map", str(mapping))
    assert result.exit_code == 1
    assert "ditolak, tidak ada yang disimpan" in result.output
    assert "mapping: scores.na: nope bukan skor" in result.output
    english = run_mini_cli("sets", "import", str(tmp_path / "form.xlsx"), "--map", str(mapping), "--lang", "en")
    assert "mapping: scores.na: nope is not a score" in english.output
    assert _count(session) == 1


def test_sets_import_of_a_mapping_with_a_nul_byte_or_of_a_corrupt_xlsx_is_refused(run_mini_cli, district, session,
                                                                                  tmp_path):
    mapping = tmp_path / "map.yaml"
    mapping.write_bytes(b"set: {version: '0.5'}\x00\n")
    result = run_mini_cli("sets", "import", str(_own_form(run_mini_cli, tmp_path)), "--map", str(mapping))
    assert result.exit_code == 1 and "pemetaan bukan berkas teks" in result.output
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04" + bytes(100))
    result = run_mini_cli("sets", "import", str(corrupt))
    assert result.exit_code == 1 and "bukan berkas Excel" in result.output
    assert _count(session) == 1


def test_sets_delete_removes_an_unused_set_and_refuses_one_in_use(run_mini_cli, district, session):
    run_mini_cli("sets", "import", str(V2))
    refused = run_mini_cli("sets", "delete", "mini-test@0.1")
    assert refused.exit_code == 2 and "is used by 1 rounds and 1 assessments" in refused.output
    assert run_mini_cli("sets", "delete", "mini-test@0.2").output.strip() == "Deleted mini-test@0.2."
    assert _count(session) == 1
    session.expire_all()
    assert session.scalar(select(AuditEntry.old_value).where(AuditEntry.field == "deleted")) == "mini-test@0.2"
    assert run_mini_cli("sets", "delete", "mini-test@0.2").exit_code == 2


def test_sets_delete_keeps_the_only_set_and_one_a_round_names_without_answers(run_mini_cli, session, make_round):
    run_mini_cli("init-db")
    only = run_mini_cli("sets", "delete", "mini-test@0.1")
    assert only.exit_code == 2 and "the only one stored" in only.output
    run_mini_cli("sets", "import", str(V2))
    make_round(indicator_set=session.scalar(select(StoredIndicatorSet).where(StoredIndicatorSet.version == "0.2")))
    named = run_mini_cli("sets", "delete", "mini-test@0.2")
    assert named.exit_code == 2 and "is used by 1 rounds and 0 assessments" in named.output
    assert _count(session) == 2
