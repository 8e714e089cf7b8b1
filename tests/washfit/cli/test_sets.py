"""`washfit sets list`, `import` and `export`: every version side by side, none changed in place."""

from sqlalchemy import func, select

from assessments.models import StoredIndicatorSet
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
