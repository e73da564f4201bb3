"""iam/role-tags against moto."""

from __future__ import annotations

import json

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_role_tags.py"
CASE = "test_role_tags[prod]"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ec2.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


def create_role(suite: Suite, name: str, tags: dict[str, str] | None = None) -> None:
    suite.client("iam").create_role(
        RoleName=name,
        AssumeRolePolicyDocument=TRUST,
        Tags=[{"Key": k, "Value": v} for k, v in (tags or {}).items()],
    )


def test_tagged_roles_pass(suite: Suite) -> None:
    create_role(suite, "app", {"owner": "payments"})
    create_role(suite, "batch", {"owner": "data", "purpose": "nightly"})

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Roles checked (not service-linked)"] == "2"


def test_tag_with_empty_value_counts(suite: Suite) -> None:
    create_role(suite, "app", {"owner": ""})

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_no_roles_passes_with_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Roles checked (not service-linked)"] == "0"


def test_untagged_role_fails_naming_it(suite: Suite) -> None:
    create_role(suite, "app", {"owner": "payments"})
    create_role(suite, "forgotten")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}forgotten: no tags" in run.output
    assert "role/app" not in run.output
    assert run.evidence()[CASE]["decided_by"]["Roles without tags"] == "1"


def test_service_linked_roles_are_left_out(suite: Suite) -> None:
    suite.client("iam").create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_untagged_role_beyond_the_first_page_is_found(suite: Suite) -> None:
    for number in range(105):  # GetAccountAuthorizationDetails pages at 100 entities
        create_role(suite, f"role-{number:03d}", {"owner": "team"})
    create_role(suite, "role-zzz")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}role-zzz: no tags" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output
