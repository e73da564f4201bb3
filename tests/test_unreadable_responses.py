"""An HTTP 200 whose body cannot be read is "could not assess", for every operation the
suite calls, in every protocol (query/XML, EC2, REST-XML, JSON, REST-JSON).

Answers are injected with a botocore ``before-send`` handler that returns the response, so
each case runs the real AccountData, the real session and botocore's own parsers, without
a server. The operations come from the shipped audit policy (every action the suite may
call), plus ``sts:AssumeRole``, which the suite calls with the credentials it starts from;
a call in the code that the policy lacks fails ``test_every_call_in_the_code_is_in_the_policy``.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore import xform_name
from botocore.awsrequest import AWSResponse
from botocore.model import OperationModel, Shape

from fixtures.aws import read_only
from fixtures.aws.data import IAM_ACTIONS, IAM_PREFIXES, AccountData, iam_action
from fixtures.aws.read_only import CREDENTIAL_ACTIONS, READS
from fixtures.aws.responses import (
    JSON_PAYLOADS,
    PROTOCOLS,
    REST_XML_ROOTS,
    body_problem,
    rest_xml_root,
)
from fixtures.results.errors import ApiFailed, CannotAssess, UnreadableResponse
from fixtures.run.accounts import AccountConfig
from fixtures.run.sessions import AccountResolutionError, AwsSession
from tests.conftest import REPO

REGION = "eu-west-1"
_CORE = botocore.session.get_session()


def _operation_of(action: str) -> tuple[str, str]:
    """botocore's (service, operation) for an IAM action (the inverse of iam_action)."""
    for (service, operation), named in IAM_ACTIONS.items():
        if named == action:
            return service, operation
    prefix, operation = action.split(":")
    # Several services may share a prefix (s3 and s3control): the one that has the
    # operation, the service named like the prefix first.
    sharing = [s for s, iam in IAM_PREFIXES.items() if iam == prefix]
    candidates = [prefix, *sharing] if prefix not in IAM_PREFIXES else sharing
    for service in candidates:
        known = service in _CORE.get_available_services()
        if known and operation in _CORE.get_service_model(service).operation_names:
            return service, operation
    return candidates[0], operation


def policy_actions() -> list[str]:
    policy = json.loads((REPO / "policy" / "audit-policy.json").read_text(encoding="utf-8"))
    return sorted({a for statement in policy["Statement"] for a in statement["Action"]})


def _calls_in(path: Path) -> Iterator[tuple[str, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("call", "paginate", "_invoke")
        ):
            literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
            strings = [v for v in literals if isinstance(v, str)]
            if len(strings) >= 2 and strings[1][:1].isupper():
                yield strings[0], strings[1]


CALLED = {
    call
    for folder in ("fixtures", "compliance_tests")
    for path in (REPO / folder).rglob("*.py")
    for call in _calls_in(path)
}
# Every operation the suite calls: the audit policy's, those the code names (services that
# share an IAM prefix, s3 and s3control, es and opensearch, cannot be told from the policy
# alone), and the role it may assume.
OPERATIONS = sorted({_operation_of(a) for a in policy_actions()} | CALLED | {("sts", "AssumeRole")})


def model(service: str, operation: str) -> OperationModel:
    return _CORE.get_service_model(service).operation_model(operation)


def test_every_action_of_the_policy_is_an_operation_botocore_knows() -> None:
    for action in policy_actions():
        service, operation = _operation_of(action)
        assert iam_action(service, operation) == action
        assert model(service, operation).name == operation


def test_every_protocol_is_covered_and_checked() -> None:
    protocols = {model(*op).service_model.resolved_protocol for op in OPERATIONS}

    assert protocols == {"query", "ec2", "rest-xml", "json", "rest-json"}
    assert protocols <= PROTOCOLS  # a new protocol needs its own check in fixtures/aws/responses.py


def test_every_rest_xml_operation_has_its_documented_root() -> None:
    for service, operation in OPERATIONS:
        shape = model(service, operation).output_shape
        if model(service, operation).service_model.resolved_protocol != "rest-xml":
            continue
        payload = shape.serialization.get("payload")
        if payload and shape.members[payload].type_name in ("string", "blob"):
            assert (service, operation) in JSON_PAYLOADS, (service, operation)
        else:
            assert rest_xml_root(model(service, operation)), (service, operation)


def test_the_documented_roots_are_of_rest_xml_operations_without_a_payload_structure() -> None:
    for service, operation in REST_XML_ROOTS:
        op = model(service, operation)
        assert op.service_model.resolved_protocol == "rest-xml"
        assert "payload" not in op.output_shape.serialization


@pytest.mark.parametrize(
    ("service", "operation", "root"),
    [
        ("s3", "GetPublicAccessBlock", "PublicAccessBlockConfiguration"),
        ("s3", "GetBucketPolicyStatus", "PolicyStatus"),
        ("s3control", "GetPublicAccessBlock", "PublicAccessBlockConfiguration"),
    ],
)
def test_a_rest_xml_payload_structure_is_the_root(service: str, operation: str, root: str) -> None:
    op = model(service, operation)

    assert (
        body_problem(op, f'<{root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>'.encode())
        is None
    )
    assert "root is <Error>" in str(body_problem(op, b"<Error><Code>x</Code></Error>"))
    assert "empty body" in str(body_problem(op, b""))


def test_every_call_in_the_code_is_in_the_policy() -> None:
    assert len(CALLED) > 30, CALLED  # the scan finds the calls
    missing = {call for call in CALLED if iam_action(*call) not in policy_actions()}
    assert not missing, missing


# --- answers ------------------------------------------------------------------------


def _value(shape: Shape, name: str) -> Any:
    """A value botocore's validation accepts for a required parameter."""
    if getattr(shape, "enum", None):
        return shape.enum[0]
    if shape.type_name == "string":
        size = max(int(shape.metadata.get("min", 1)), 12)
        return ("a" * size) if "Arn" not in name else "arn:aws:iam::123456789012:policy/" + "a"
    if shape.type_name in ("integer", "long"):
        return max(int(shape.metadata.get("min", 1)), 1)
    if shape.type_name == "boolean":
        return True
    if shape.type_name == "list":
        return [_value(shape.member, name)]
    if shape.type_name == "structure":
        return {n: _value(s, n) for n, s in shape.members.items() if n in shape.required_members}
    raise AssertionError(f"no value for {name} ({shape.type_name})")


def params_for(service: str, operation: str) -> dict[str, Any]:
    shape = model(service, operation).input_shape
    if shape is None:
        return {}
    if service == "sqs" and "QueueUrl" in shape.required_members:
        return {"QueueUrl": f"https://sqs.{REGION}.amazonaws.com/123456789012/q"}
    return {n: _value(s, n) for n, s in shape.members.items() if n in shape.required_members}


def readable_body(service: str, operation: str) -> bytes:
    """A well-formed answer with something in it, as AWS would shape it."""
    op = model(service, operation)
    protocol = op.service_model.resolved_protocol
    shape = op.output_shape
    payload = shape.serialization.get("payload")
    if payload and shape.members[payload].type_name in ("string", "blob"):
        return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny"}]}).encode()
    if protocol in ("json", "rest-json"):
        return json.dumps({"Items": [{"Name": "example", "Value": "x"}], "Other": 1}).encode()
    if protocol == "rest-xml":
        root = rest_xml_root(op)
        return (
            f'<{root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</{root}>'.encode()
        )
    wrapper = shape.serialization.get("resultWrapper")
    inner = f"<{wrapper}><Other>1</Other></{wrapper}>" if wrapper else "<requestId>r-1</requestId>"
    name = f"{operation}Response"
    return (
        f'<{name} xmlns="https://{service}.amazonaws.com/doc/">{inner}'
        f"<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></{name}>"
    ).encode()


FAULTS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda body: b"",
    "truncated": lambda body: body[: len(body) // 2],
}


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.body


def answering(body: bytes, status: int = 200) -> Callable[..., AWSResponse]:
    """A before-send handler that answers every request with ``body``."""

    def send(request: Any, **_: Any) -> AWSResponse:
        headers = {"x-amzn-requestid": "r-1", "x-amz-request-id": "r-1"}
        return AWSResponse(request.url, status, headers, _Raw(body))

    return send


@pytest.fixture
def session(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> AwsSession:
    config = AccountConfig(
        name="prod", account_id="123456789012", regions=(REGION,), home_region=REGION
    )
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("operation") == "AssumeRole":
        # The suite asks sts:AssumeRole only from the session a role is assumed from, whose
        # guard allows it (fixtures/aws/read_only.py) and whose answers pass the same check;
        # this session stands in for that one.
        guard = read_only.refuse_unlisted

        def allowing_assume_role(events: Any, allowed: Any = READS, **options: Any) -> None:
            guard(events, frozenset(allowed) | CREDENTIAL_ACTIONS, **options)

        monkeypatch.setattr(read_only, "refuse_unlisted", allowing_assume_role)
    return AwsSession(config, "http://127.0.0.1:9")


def ask(session: AwsSession, service: str, operation: str) -> Any:
    data = AccountData(session, "arn:aws:iam::123456789012:user/audit", 1)
    client = session.client(service, REGION)
    params = params_for(service, operation)
    if client.can_paginate(xform_name(operation)):
        return data.paginate(service, operation, region=REGION, **params)
    return data.call(service, operation, region=REGION, **params)


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize(("service", "operation"), OPERATIONS, ids=lambda v: str(v))
def test_an_unreadable_answer_cannot_be_assessed(
    session: AwsSession, service: str, operation: str, fault: str
) -> None:
    body = FAULTS[fault](readable_body(service, operation))
    session.on_request(answering(body))

    with pytest.raises(UnreadableResponse) as raised:
        ask(session, service, operation)

    message = str(raised.value)
    action = iam_action(service, operation)
    assert message.startswith(f"{action} in {REGION} answered with something that cannot be read")
    assert "\n" not in message
    assert len(message) < 400


@pytest.mark.parametrize(("service", "operation"), OPERATIONS, ids=lambda v: str(v))
def test_a_readable_answer_passes_the_check(service: str, operation: str) -> None:
    assert body_problem(model(service, operation), readable_body(service, operation)) is None


def test_an_empty_json_object_is_an_answer(session: AwsSession) -> None:
    # What AWS sends for sqs:ListQueues in a region without queues.
    session.on_request(answering(b"{}"))

    data = AccountData(session, "arn:aws:iam::123456789012:user/audit", 1)
    pages = data.paginate(
        "sqs", "ListQueues", region=REGION, omitted_when_empty=frozenset({"QueueUrls"})
    )

    assert [{k: v for k, v in page.items() if k != "ResponseMetadata"} for page in pages] == [{}]


@pytest.mark.parametrize("body", [b"[]", b"null", b'"queues"', b"   ", b"<html>busy</html>"])
def test_json_that_is_not_an_object_cannot_be_assessed(session: AwsSession, body: bytes) -> None:
    session.on_request(answering(body))

    with pytest.raises(UnreadableResponse, match="sqs:ListQueues in eu-west-1"):
        ask(session, "sqs", "ListQueues")


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"<Other/>", "root is <Other>, where AWS answers <GetAccountSummaryResponse>"),
        (
            b"<GetAccountSummaryResponse><ResponseMetadata/></GetAccountSummaryResponse>",
            "without the <GetAccountSummaryResult>",
        ),
    ],
)
def test_xml_of_another_shape_cannot_be_assessed(
    session: AwsSession, body: bytes, says: str
) -> None:
    session.on_request(answering(body))

    with pytest.raises(UnreadableResponse, match=says):
        ask(session, "iam", "GetAccountSummary")


def test_xml_botocore_cannot_parse_is_one_line_not_the_raw_body(session: AwsSession) -> None:
    # Well-formed, the right root, but a map entry botocore's parser refuses.
    body = (
        b"<GetAccountSummaryResponse><GetAccountSummaryResult><SummaryMap><entry>"
        b"<bogus>1</bogus></entry></SummaryMap></GetAccountSummaryResult>"
        b"</GetAccountSummaryResponse>"
    )
    session.on_request(answering(body))

    with pytest.raises(UnreadableResponse) as raised:
        ask(session, "iam", "GetAccountSummary")

    assert str(raised.value) == (
        "iam:GetAccountSummary in eu-west-1 answered with something that cannot be read:"
        " Unknown tag: bogus"
    )


def test_an_unreadable_answer_is_asked_once(session: AwsSession) -> None:
    sent: list[str] = []
    session.on_request(lambda request, **_: sent.append(request.url))
    session.on_request(answering(b"<GetAccountAuthorizationDetailsResponse><GetAcc"))
    data = AccountData(session, "arn:aws:iam::123456789012:user/audit", 1)

    for _ in range(3):
        with pytest.raises(UnreadableResponse, match="does not parse"):
            data.paginate("iam", "GetAccountAuthorizationDetails")

    assert len(sent) == 1


def test_error_responses_are_botocores_to_parse(session: AwsSession) -> None:
    session.on_request(answering(b"", status=503))

    with pytest.raises(CannotAssess) as raised:
        ask(session, "sqs", "ListQueues")

    assert not isinstance(raised.value, UnreadableResponse)


def test_any_other_exception_of_a_call_is_one_line(session: AwsSession) -> None:
    def broken(**_: Any) -> None:
        raise RuntimeError("socket gone\nwith a second line")

    session.on_request(broken)

    with pytest.raises(ApiFailed) as raised:
        ask(session, "iam", "GetAccountSummary")

    assert str(raised.value) == (
        "iam:GetAccountSummary failed in eu-west-1: RuntimeError: socket gone"
    )


def test_a_refused_credential_refresh_is_one_line(session: AwsSession) -> None:
    def refused(**_: Any) -> None:
        raise AccountResolutionError("account 'prod': cannot assume arn (AccessDenied)")

    session.on_request(refused)

    with pytest.raises(ApiFailed) as raised:
        ask(session, "iam", "GetAccountSummary")

    assert str(raised.value) == (
        "iam:GetAccountSummary could not be made in eu-west-1: the credentials could not be"
        " refreshed: account 'prod': cannot assume arn (AccessDenied)"
    )


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_an_unreadable_caller_identity_is_one_line_at_resolution(
    session: AwsSession, fault: str
) -> None:
    session.on_request(answering(FAULTS[fault](readable_body("sts", "GetCallerIdentity"))))

    with pytest.raises(AccountResolutionError) as raised:
        session.caller_identity()

    assert str(raised.value).startswith(
        "account 'prod' (the ambient environment): sts:GetCallerIdentity in eu-west-1 failed:"
        " UnreadableBody: HTTP 200 with "
    )
    assert "\n" not in str(raised.value)


def test_a_caller_identity_without_account_is_one_line(session: AwsSession) -> None:
    body = (
        b"<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::1:user/a</Arn>"
        b"</GetCallerIdentityResult></GetCallerIdentityResponse>"
    )
    session.on_request(answering(body))

    with pytest.raises(AccountResolutionError, match="answered without Account or Arn"):
        session.caller_identity()


@pytest.mark.parametrize(
    "field",
    [
        "<GeneratedTime>yesterday</GeneratedTime><Content>YQ==</Content>",
        "<GeneratedTime>2026-11-30T10:00:00Z</GeneratedTime><Content>YQ=</Content>",
    ],
    ids=["timestamp", "base64"],
)
def test_a_value_botocore_cannot_convert_is_one_line(session: AwsSession, field: str) -> None:
    body = (
        "<GetCredentialReportResponse><GetCredentialReportResult>"
        f"<ReportFormat>text/csv</ReportFormat>{field}"
        "</GetCredentialReportResult></GetCredentialReportResponse>"
    ).encode()
    session.on_request(answering(body))

    with pytest.raises(UnreadableResponse) as raised:
        ask(session, "iam", "GetCredentialReport")

    assert str(raised.value).startswith(
        "iam:GetCredentialReport in eu-west-1 answered with a value that cannot be read: "
    )
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("service", "operation"),
    [
        ("s3", "HeadBucket"),  # every output member in headers
        ("lambda", "DeleteFunction"),  # only the status code
        ("sqs", "DeleteQueue"),  # no output at all (JSON)
        ("iam", "DeleteUser"),  # no output at all (query)
    ],
)
def test_an_operation_with_nothing_in_its_body_may_answer_an_empty_one(
    service: str, operation: str
) -> None:
    assert body_problem(model(service, operation), b"") is None
