"""Values of the API document's own formats, for the schemathesis contract test.

A write names units, people and records that must exist (the owner unit also within the
caller's scope), and the two national identifiers carry check digits. The document says so with
formats of its own (`fazhi-unit`, `fazhi-person`, `fazhi-record-<register>`, `gb11643`,
`gb32100`); here each gets a strategy that draws what the server accepts: ids read from the
server's own lists with the test's token, and identifiers whose check digits are computed.

Loaded by `st` through SCHEMATHESIS_HOOKS; FAZHI_CONTRACT_URL and FAZHI_CONTRACT_TOKEN name the
server and the token.
"""
import base64
import datetime
import json
import os
import urllib.error
import urllib.request

import jsonschema
import schemathesis
from hypothesis import strategies as st
from schemathesis.core.parameters import ParameterLocation

URL = os.environ["FAZHI_CONTRACT_URL"]
TOKEN = os.environ["FAZHI_CONTRACT_TOKEN"]


def get(path):
    request = urllib.request.Request(URL + path, headers={"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError:
        return None


def ids(items):
    return sorted(item["id"] for item in items or [])


document = get("/api/v1/openapi.json")
me = get("/api/v1/me")
# Units within the caller's scope: valid both as an owner and as any other unit named.
units = [u for u in ids((get("/api/v1/units") or {}).get("items")) if me["allUnits"] or u in me["unitIDs"]]
# People: every account the caller may list, or at least the caller.
people = ids((get("/api/v1/users?per=100") or {}).get("items")) or [me["id"]]
# Each register's records, by register slug.
records_of = {}

schemathesis.openapi.format("fazhi-unit", st.sampled_from(units))
schemathesis.openapi.format("fazhi-person", st.sampled_from(people))

for path in document["paths"]:
    parts = path.strip("/").split("/")
    if parts[:3] == ["api", "v1", "records"] and len(parts) == 4:
        register = parts[3]
        records = records_of[register] = ids((get(f"/api/v1/records/{register}?per=100") or {}).get("items"))
        # A register without records: nothing is valid, and a write that must name one cannot be made.
        schemathesis.openapi.format("fazhi-record-" + register, st.sampled_from(records) if records else st.nothing())


ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


@st.composite
def id_numbers(draw):
    """公民身份号码 (GB 11643): a region, a date of birth, a sequence number, the check character."""
    region = draw(st.integers(110000, 659999))
    born = draw(st.dates(datetime.date(1900, 1, 1), datetime.date(2020, 12, 31)))
    sequence = draw(st.integers(0, 999))
    first17 = f"{region:06d}{born:%Y%m%d}{sequence:03d}"
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


@st.composite
def credit_codes(draw):
    """统一社会信用代码 (GB 32100): 17 characters of its alphabet and the check character."""
    first17 = "".join(draw(st.lists(st.sampled_from(CREDIT_ALPHABET), min_size=17, max_size=17)))
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return first17 + CREDIT_ALPHABET[(31 - total % 31) % 31]


@st.composite
def cursors(draw):
    """Where a list goes on: entry time (milliseconds) and id, going up or down, as the server
    writes a cursor (`RecordCursor.token`)."""
    millis = draw(st.integers(0, 4_102_444_800_000))
    raw = "|".join(["v1", "created_at", draw(st.sampled_from("ad")), f"i{millis}", str(draw(st.uuids())).upper()])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


schemathesis.openapi.format("fazhi-cursor", cursors())
schemathesis.openapi.format("gb11643", id_numbers())
schemathesis.openapi.format("gb32100", credit_codes())



# --- what the document's own formats accept, to check a body against the document -----------

def check_digit_11643(value):
    return len(value) == 18 and value[:17].isdigit() and \
        value[17] == "10X98765432"[sum(int(c) * w for c, w in zip(value[:17], ID_WEIGHTS)) % 11]


def check_digit_32100(value):
    if len(value) != 18 or any(c not in CREDIT_ALPHABET for c in value):
        return False
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(value[:17], CREDIT_WEIGHTS))
    return value[17] == CREDIT_ALPHABET[(31 - total % 31) % 31]


formats = jsonschema.FormatChecker()
formats.checks("fazhi-unit")(lambda v: not isinstance(v, str) or v in units)
formats.checks("fazhi-person")(lambda v: not isinstance(v, str) or v in people)
formats.checks("gb11643")(lambda v: not isinstance(v, str) or check_digit_11643(v))
formats.checks("gb32100")(lambda v: not isinstance(v, str) or check_digit_32100(v))
for register, records in records_of.items():
    formats.checks("fazhi-record-" + register)(lambda v, records=records: not isinstance(v, str) or v in records)


def resolved(schema):
    if isinstance(schema, dict):
        if "$ref" in schema:
            return resolved(document["components"]["schemas"][schema["$ref"].split("/")[-1]])
        return {k: resolved(v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [resolved(v) for v in schema]
    return schema


def body_is_valid(case):
    """Whether the case's JSON body is what the document allows, formats and all."""
    content = document["paths"].get(case.operation.path, {}).get(case.method.lower(), {}).get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None or not isinstance(case.body, (dict, list)):
        return False
    return jsonschema.Draft202012Validator(resolved(schema), format_checker=formats).is_valid(case.body)


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Drops one kind of false report only. schemathesis makes an invalid body by breaking one
    branch of a property's `anyOf`, and takes the result to be invalid without checking it; but
    the document's optional fields are `anyOf` [the value, null, the empty string], so a broken
    date may be the empty string and a too-long "empty string" a fine value, both rightly
    accepted. An ST201 (invalid data accepted) whose only invalid part was the body, and whose
    body the document's schema accepts after all, is dropped; every other failure stands."""
    if failure.code != "ST201" or case.meta is None:
        return True
    negative = {location for location, info in case.meta.components.items() if info.mode.is_negative}
    return not (negative == {ParameterLocation.BODY} and body_is_valid(case))
