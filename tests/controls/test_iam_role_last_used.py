"""iam/role-last-used against moto."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from moto.iam.models import iam_backends

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_role_last_used.py"
CASE = "test_role_last_used[prod]"
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


def days_ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def create_role(
    suite: Suite, name: str, created: datetime, last_used: datetime | None = None
) -> None:
    """A role with the dates AWS would report (moto documents ``last_used`` as settable)."""
    suite.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    role = iam_backends[ACCOUNT_ID]["aws"].get_role(name)
    role.create_date = created
    role.last_used = last_used


def test_recently_used_and_new_roles_pass(suite: Suite) -> None:
    create_role(suite, "busy", created=days_ago(400), last_used=days_ago(3))
    create_role(suite, "new", created=days_ago(10))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Roles checked"] == "2"
    assert decided["Setting iam_role_last_used_days"] == "90 (default)"


def test_no_roles_passes_with_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Roles checked"] == "0"


def test_role_unused_beyond_the_limit_fails(suite: Suite) -> None:
    used = days_ago(120)
    create_role(suite, "stale", created=days_ago(400), last_used=used)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROLE_ARN}stale: last used {used:%Y-%m-%d} (120 days ago); roles must be used"
        " within 90 days" in run.output
    )


def test_role_never_used_counts_from_creation(suite: Suite) -> None:
    created = days_ago(95)
    create_role(suite, "idle", created=created)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROLE_ARN}idle: never used since it was created on {created:%Y-%m-%d} (95 days ago)"
        in run.output
    )


def test_role_used_just_within_the_limit_passes(suite: Suite) -> None:
    create_role(suite, "monthly", created=days_ago(400), last_used=days_ago(89))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_setting_changes_the_limit(suite: Suite) -> None:
    create_role(suite, "quarterly", created=days_ago(400), last_used=days_ago(120))
    suite.write_settings(iam_role_last_used_days=180)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_service_linked_roles_are_skipped_by_default(suite: Suite) -> None:
    suite.client("iam").create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
    backend = iam_backends[ACCOUNT_ID]["aws"]
    backend.get_role("AWSServiceRoleForAutoScaling").create_date = days_ago(300)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Roles checked"] == "0"


def test_service_linked_roles_checked_when_not_skipped(suite: Suite) -> None:
    suite.client("iam").create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
    backend = iam_backends[ACCOUNT_ID]["aws"]
    backend.get_role("AWSServiceRoleForAutoScaling").create_date = days_ago(300)
    suite.write_settings(skip_aws_service_roles=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling:" in (
        run.output
    )


def test_stale_role_beyond_the_first_page_is_found(suite: Suite) -> None:
    for number in range(105):  # GetAccountAuthorizationDetails pages at 100 entities
        create_role(suite, f"role-{number:03d}", created=days_ago(5))
    create_role(suite, "role-zzz", created=days_ago(200))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}role-zzz: never used" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output
