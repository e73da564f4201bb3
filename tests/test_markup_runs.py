"""Markup in what AWS answers reaches no output of a real run as markup: every request id
(a marker per operation), the caller's ARN, an error's code and message, and names and
tag values of resources; searched in the HTML page (its own parts, pytest-html's table
rows, the environment table) and the JUnit XML."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from fixtures.results.run_record import schema
from tests.botocore_hooks import FakeHttp, hooked
from tests.conftest import Suite, write_signed
from tests.data.records import sample, with_verdicts
from tests.test_markup_everywhere import leaked, marked

MARK = re.compile(r"<b id=(m-[\w-]+)>")
# The operations answered with an error, and how.
FAILING = {
    "GetAccountPasswordPolicy": ("InternalFailure<b id=m-code>", "went wrong <b id=m-message>"),
    "ListServerCertificates": ("AccessDenied", "not for you <b id=m-denied>"),
}


def request_id(parsed: dict[str, Any], model: Any, **_: Any) -> None:
    """after-call: each operation's request id is a marker naming the operation."""
    parsed.setdefault("ResponseMetadata", {})["RequestId"] = f"<b id=m-rid-{model.name}>"
    if model.name == "GetCallerIdentity" and "Arn" in parsed:
        parsed["Arn"] += "<b id=m-arn>"


def failing(model: Any, **_: Any) -> tuple[FakeHttp, dict[str, Any]] | None:
    """before-call: the operations of ``FAILING`` answer their error at once."""
    if model.name not in FAILING:
        return None
    code, message = FAILING[model.name]
    error = {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {}}
    return FakeHttp(status_code=500 if code.startswith("Internal") else 403), error


def elements(html: str) -> set[str]:
    """The planted markers that are elements of ``html``, not text."""
    return set(leaked(html, re.compile(r"^m-")))


@pytest.fixture
def run(suite: Suite, monkeypatch: pytest.MonkeyPatch) -> Any:
    iam = suite.client("iam")
    # moto keeps what AWS would refuse in a name; the report must not trust names anyway
    iam.create_user(UserName="bob", Tags=[{"Key": "team", "Value": "<b id=m-tag>"}])
    iam.create_user(UserName="eve<b id=m-user>")
    iam.create_group(GroupName="empty<b id=m-group>")
    today = dt.datetime.now(dt.UTC).date()
    dates = {"date": (today - dt.timedelta(days=1)).isoformat(), "expires": "2099-01-01"}
    suite.write_waivers(
        {
            "control": "iam/empty-groups",
            "account": "prod",
            "by": "Jane <b id=m-waiver-by>",
            "justification": "kept <b id=m-justification>",
            **dates,
        }
    )
    suite.write_attestations(
        {
            "control": "iam/centralized-user-management",
            "account": "prod",
            "by": "Sam <b id=m-attested-by>",
            "statement": "people sign in through SSO <b id=m-statement>",
            **dates,
        }
    )
    hooked(monkeypatch, ("after-call", request_id), ("before-call", failing))
    return suite.run("--set", "iam_username_regex=.*|<b id=m-setting>", control="iam")


def test_no_aws_value_is_markup_in_the_html_or_the_junit_xml(run: Any) -> None:
    html = run.html_path.read_text(encoding="utf-8")
    blob = run.html_data()  # the strings the page's script inserts as HTML
    data = json.loads(blob)
    inserted = [
        piece
        for test in data["tests"].values()
        for entry in test
        for piece in [
            *entry.get("resultsTableRow", []),
            *(x.get("content", "") for x in entry.get("extras", [])),
        ]
        if isinstance(piece, str)
    ]
    planted = set(MARK.findall(unescape(html)))

    # the markers reached the page (so the test can fail) ...
    assert {"m-rid-ListUsers", "m-rid-GetAccountSummary", "m-arn", "m-message"} <= planted
    assert {"m-code", "m-user", "m-group"} <= planted, planted
    # what the waiver, attestation and settings files say
    assert {"m-waiver-by", "m-justification", "m-setting"} <= planted, planted
    assert {"m-attested-by", "m-statement"} & planted, planted
    # ... and none as markup: in the page as served, nor in what its script inserts
    assert elements(html) == set()
    assert elements("".join(inserted)) == set()
    # the JUnit XML parses, and its markers are text
    root = ET.parse(run.xml_path).getroot()
    assert not [el for el in root.iter("b")]
    xml_text = run.xml_path.read_text(encoding="utf-8")
    assert "&lt;b id=m-rid-ListUsers&gt;" in xml_text


def restore_where_the_schema_refuses(record: dict[str, Any], original: dict[str, Any]) -> None:
    """Put back the original value of each field whose marked value the run record's
    schema refuses (ids, versions, patterns): what ``--merge`` would refuse to read."""
    validator = Draft202012Validator(schema())
    for _ in range(50):
        errors = list(validator.iter_errors(record))
        if not errors:
            return
        for error in errors:
            path = list(error.absolute_path)
            if not path:
                continue
            here, there = record, original
            for step in path[:-1]:
                here, there = here[step], there[step]
            here[path[-1]] = copy.deepcopy(there[path[-1]])
    raise AssertionError("the schema still refuses the marked record")


def test_no_value_of_a_merged_record_is_markup_in_the_merged_report(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    """``--merge`` renders a record file anyone could have written: every string the
    record's schema lets carry markup does (``tests.test_markup_everywhere.marked``)."""
    original = with_verdicts(sample())
    record, where = marked(copy.deepcopy(original))
    restore_where_the_schema_refuses(record, original)
    source = tmp_path / "hostile.json"
    write_signed(source, json.dumps(record))
    out = tmp_path / "merged"

    result = pytester.runpytest("-p", "no:cacheprovider", f"--merge={source}", f"--html={out}.html")

    assert result.ret in (0, 1), result.stdout.str()[-2000:]
    html = Path(f"{out}.html").read_text(encoding="utf-8")
    data = json.loads(unescape(html.split('data-jsonblob="', 1)[1].split('"></div>', 1)[0]))
    data.pop("title", None)
    inserted = "".join(
        piece
        for test in data["tests"].values()
        for entry in test
        for piece in [
            *entry.get("resultsTableRow", []),
            *(extra.get("content", "") for extra in entry.get("extras", [])),
        ]
        if isinstance(piece, str)
    )
    assert [where[m] for m in leaked(html)] == []
    assert [where[m] for m in leaked(inserted)] == []
    assert "&lt;b id=x" in inserted  # the markers are there, as text
