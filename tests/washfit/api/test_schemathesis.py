"""schemathesis, driven by the API's own OpenAPI document, against the live app on both databases.

Every operation of the document is called with generated parameters (``MAX_EXAMPLES`` each, so a
database takes well under a minute) as a viewer, whose token may read every operation, twice:
with the path values as generated (mostly things that do not exist: 404) and with them fixed on
the district's real facility, round and assessment (200 with real figures). Checks: no server
error, the response conforms to its documented schema, its status code is documented.

The operations are driven with ``APIOperation.as_strategy`` under Hypothesis's ``given``, not
schemathesis's pytest plugin: its lazy schema (``schemathesis.pytest.from_fixture``, needed for
an app built by fixtures) writes ``Item._nodeid``, which pytest 9 no longer has.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

MAX_EXAMPLES = 15
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


def _fuzz(operation, headers, path_parameters=None):
    @given(case=operation.as_strategy(path_parameters=path_parameters))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_every_operation_answers_as_its_document_says(app, planned_district, make_token):
    district = planned_district
    real = {"code": "F1", "round_id": district["round"].id, "assessment_id": district["assessment"].id}
    headers = {"Authorization": f"Bearer {make_token(district['users']['viewer'])}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures, tried = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        names = {p.name for p in operation.path_parameters}
        for fixed in (None, {name: real[name] for name in names}) if names else (None,):
            tried += 1
            try:
                _fuzz(operation, headers, fixed)
            except Exception as failure:  # noqa: BLE001 - every failing operation is reported, not only the first
                failures.append(f"{operation.label} {'(real ids)' if fixed else ''}: {failure}")
    assert tried >= 9
    assert not failures, "\n\n".join(failures)
