"""`washfit tokens create / list / revoke` against a real database."""

from sqlalchemy import select

from assessments.accounts.tokens import digest
from assessments.models import ApiToken


def test_create_prints_the_secret_once_and_stores_its_hash(run_mini_cli, session, make_user):
    make_user("vera", "viewer")
    result = run_mini_cli("tokens", "create", "vera", "--name", "Power BI", "--expires", "30")
    secret = result.output.strip().splitlines()[-1]
    stored = session.scalars(select(ApiToken)).one()
    assert result.exit_code == 0 and secret.startswith("wf_")
    assert stored.token_hash == digest(secret) and stored.name == "Power BI" and stored.created_by == "cli"
    listed = run_mini_cli("tokens", "list")
    assert "vera" in listed.output and "active" in listed.output and secret not in listed.output


def test_revoke_stops_the_token_and_list_says_so(run_mini_cli, session, make_user):
    make_user("vera", "viewer")
    run_mini_cli("tokens", "create", "vera", "--name", "Power BI")
    token_id = session.scalars(select(ApiToken.id)).one()
    assert run_mini_cli("tokens", "revoke", str(token_id)).exit_code == 0
    assert "revoked" in run_mini_cli("tokens", "list", "--user", "vera").output


def test_refusals_are_one_line_and_write_nothing(run_mini_cli, session, make_user):
    make_user("vera", "viewer")
    unknown_user = run_mini_cli("tokens", "create", "nobody", "--name", "x")
    no_name = run_mini_cli("tokens", "create", "vera", "--name", " ")
    too_long = run_mini_cli("tokens", "create", "vera", "--name", "x", "--expires", "367")
    unknown_token = run_mini_cli("tokens", "revoke", "99")
    assert [r.exit_code for r in (unknown_user, no_name, too_long, unknown_token)] == [2, 2, 2, 2]
    assert "no active user nobody" in unknown_user.output and "no API token 99" in unknown_token.output
    assert session.scalars(select(ApiToken)).all() == []
