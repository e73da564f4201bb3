"""Benchmark: what checking a response before botocore parses it costs.

The check (fixtures/aws/responses.py) parses each 2xx body once more: as JSON for JSON
services, as XML for XML ones. This prints, for large answers of the suite's heaviest
calls, the time of the check beside the time of botocore's own parse of the same body.
Usage: ``.venv/bin/python -m bench.body_check [users]``.
"""

from __future__ import annotations

import functools
import json
import statistics
import sys
import time
from collections.abc import Callable

import botocore.session
from botocore.parsers import create_parser

from fixtures.aws.responses import check_body


def _authorization_details(users: int) -> bytes:
    user = (
        "<member><Path>/</Path><UserName>user-{i}</UserName><UserId>AIDA{i:016d}</UserId>"
        "<Arn>arn:aws:iam::123456789012:user/user-{i}</Arn>"
        "<CreateDate>2024-01-01T00:00:00Z</CreateDate><GroupList><member>developers</member>"
        "</GroupList><AttachedManagedPolicies><member><PolicyName>ReadOnlyAccess</PolicyName>"
        "<PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member>"
        "</AttachedManagedPolicies><Tags><member><Key>team</Key><Value>platform</Value></member>"
        "</Tags></member>"
    )
    members = "".join(user.format(i=i) for i in range(users))
    return (
        '<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
        f"<GetAccountAuthorizationDetailsResult><UserDetailList>{members}</UserDetailList>"
        "<IsTruncated>false</IsTruncated></GetAccountAuthorizationDetailsResult>"
        "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
        "</GetAccountAuthorizationDetailsResponse>"
    ).encode()


def _functions(count: int) -> bytes:
    function = {
        "FunctionName": "f",
        "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f",
        "Runtime": "python3.12",
        "Role": "arn:aws:iam::123456789012:role/r",
        "Handler": "index.handler",
        "CodeSize": 1024,
        "Timeout": 3,
        "MemorySize": 128,
        "LastModified": "2024-01-01T00:00:00.000+0000",
        "Environment": {"Variables": {"A": "b"}},
    }
    return json.dumps({"Functions": [function] * count}).encode()


def _median_ms(work: Callable[[], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    core = botocore.session.get_session()
    cases = (
        ("iam", "GetAccountAuthorizationDetails", _authorization_details(users)),
        ("lambda", "ListFunctions", _functions(users)),
    )
    for service, operation, body in cases:
        model = core.get_service_model(service).operation_model(operation)
        response = {"status_code": 200, "headers": {}, "body": body}
        parser = create_parser(model.service_model.resolved_protocol)
        check = _median_ms(
            functools.partial(check_body, operation_model=model, response_dict=response)
        )
        parse = _median_ms(functools.partial(parser.parse, response, model.output_shape))
        print(
            f"{service}:{operation}, {users} entries, {len(body) / 1024:.0f} KiB:"
            f" check {check:.1f} ms, botocore's parse {parse:.1f} ms"
            f" (check adds {100 * check / parse:.0f}%)"
        )


if __name__ == "__main__":
    main()
