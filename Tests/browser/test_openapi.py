"""The API document is valid OpenAPI 3.1."""
import json
import urllib.request

from openapi_spec_validator import validate


def test_openapi_document_is_valid(server):
    doc = json.load(urllib.request.urlopen(server.url + "/api/v1/openapi.json"))
    validate(doc)
    assert "/api/v1/users" in doc["paths"]
