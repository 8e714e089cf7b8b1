"""The OpenAPI document: valid OpenAPI 3, one operation per API route, and a page that needs no script."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from washfit.api.blueprint import OPERATIONS, PUBLIC_ENDPOINTS


def test_the_document_is_valid_openapi_3(client, district):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_api_route_is_an_operation_of_the_document_and_nothing_else_is(app, client, district):
    document = client.get("/api/v1/openapi.json").get_json()
    documented = {op["operationId"] for item in document["paths"].values() for op in item.values()}
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    assert documented == {endpoint.removeprefix("api.") for endpoint in routes - set(PUBLIC_ENDPOINTS)}
    assert set(OPERATIONS) == routes - set(PUBLIC_ENDPOINTS)


def test_every_operation_documents_its_errors_and_needs_a_token(client, district):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["components"]["securitySchemes"]["token"] == {
        "type": "http", "scheme": "bearer", "description": "An API token: washfit tokens create USER --name NAME"}
    for path, item in document["paths"].items():
        for operation in item.values():
            assert {"200", "400", "401", "403", "404"} <= set(operation["responses"]), path
            path_names = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert path_names == set(re.findall(r"{(\w+)}", path)), path


def test_the_documents_page_lists_every_operation_from_local_assets_only(client, district):
    page = client.get("/api/v1/docs")
    html = page.get_data(as_text=True)
    document = client.get("/api/v1/openapi.json").get_json()
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    assert "<script" not in html and not re.search(r"""(src|href)=["']https?://""", html)
    for path in document["paths"]:
        assert path in html
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
