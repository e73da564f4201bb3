"""iam/role-policy-wildcards against moto."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.policy_scenarios import document

CONTROL = "iam/test_role_policy_wildcards.py"
CASE = "test_role_policy_wildcards[prod]"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/"
BUCKET = "arn:aws:s3:::reports/*"
S3_FULL = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
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


def allow(actions: Any, resources: Any = BUCKET, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resources, **extra}


def create_role(suite: Suite, name: str, *statements: dict[str, Any], path: str = "/") -> None:
    iam = suite.client("iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST, Path=path)
    if statements:
        iam.put_role_policy(RoleName=name, PolicyName="app", PolicyDocument=document(*statements))


def test_scoped_actions_and_reads_on_everything_pass(suite: Suite) -> None:
    create_role(
        suite,
        "app",
        allow(["s3:GetObject", "s3:PutObject"]),
        allow(["ec2:Describe*", "s3:ListAllMyBuckets", "logs:GetLogEvents"], "*"),
        {"Effect": "Deny", "Action": "*", "Resource": "*"},
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Roles checked"] == "1"


def test_no_roles_passes_with_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Roles checked"] == "0"


def test_service_wildcard_fails_naming_role_policy_and_statement(suite: Suite) -> None:
    create_role(suite, "app", allow("s3:GetObject"), allow(["s3:*"], Sid="Bucket"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROLE_ARN}app: inline policy 'app' statement 2 (Sid 'Bucket') allows wildcard"
        " action(s) ['s3:*']" in run.output
    )
    assert "statement 1" not in run.output


def test_star_action_on_everything_fails(suite: Suite) -> None:
    create_role(suite, "admin", allow("*", "*"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}admin: inline policy 'app' statement 1 allows wildcard action(s) ['*']" in (
        run.output
    )


def test_wildcard_service_part_fails(suite: Suite) -> None:
    create_role(suite, "app", allow("*:Delete*"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "allows wildcard action(s) ['*:Delete*']" in run.output


def test_not_action_fails(suite: Suite) -> None:
    statement = {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
    create_role(suite, "poweruser", statement)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "allows every action except ['iam:*'] (NotAction)" in run.output


def test_write_on_every_resource_fails(suite: Suite) -> None:
    create_role(suite, "writer", allow(["s3:GetObject", "s3:DeleteObject", "s3:Put*"], "*"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROLE_ARN}writer: inline policy 'app' statement 1 allows 2 write action(s)"
        " on every resource: ['s3:DeleteObject', 's3:Put*']" in run.output
    )


def test_resource_wildcards_can_be_ignored(suite: Suite) -> None:
    create_role(suite, "writer", allow(["s3:DeleteObject"], "*"))
    suite.write_settings(ignore_iam_policy_resource_wildcards=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_aws_managed_policy_fails_unless_ignored(suite: Suite) -> None:
    create_role(suite, "data")
    suite.client("iam").attach_role_policy(RoleName="data", PolicyArn=S3_FULL)

    failed = suite.run(control=CONTROL)
    suite.write_settings(ignore_aws_managed_iam_policies=True)
    ignored = suite.run(control=CONTROL)

    failed.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}data: managed policy {S3_FULL} statement 1 allows wildcard" in (
        failed.output
    )
    ignored.result.assert_outcomes(passed=1)


def test_administrator_access_is_checked_even_when_aws_managed_are_ignored(
    suite: Suite,
) -> None:
    create_role(suite, "admin")
    suite.client("iam").attach_role_policy(RoleName="admin", PolicyArn=ADMIN)
    suite.write_settings(ignore_aws_managed_iam_policies=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}admin: managed policy {ADMIN} statement 1 allows wildcard" in run.output


def test_aws_managed_policy_allowing_everything_is_checked_whatever_its_name(
    suite: Suite,
) -> None:
    # AWS-managed, allows "*" on "*" (under a condition), and is not called
    # AdministratorAccess: what it allows, not its name, keeps it checked.
    mcp = "arn:aws:iam::aws:policy/AWSMcpServiceActionsFullAccess"
    create_role(suite, "agent")
    suite.client("iam").attach_role_policy(RoleName="agent", PolicyArn=mcp)
    suite.write_settings(ignore_aws_managed_iam_policies=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROLE_ARN}agent: managed policy {mcp} statement 1 (Sid 'AllowAllMCPServiceActions')"
        " allows wildcard" in run.output
    )


def test_broad_aws_managed_policy_short_of_everything_is_ignored(suite: Suite) -> None:
    # PowerUserAccess allows all but iam:*, organizations:* and account:*: broad, yet not
    # every action, so the setting skips it like any other AWS-managed policy.
    power = "arn:aws:iam::aws:policy/PowerUserAccess"
    create_role(suite, "power")
    suite.client("iam").attach_role_policy(RoleName="power", PolicyArn=power)

    failed = suite.run(control=CONTROL)
    suite.write_settings(ignore_aws_managed_iam_policies=True)
    ignored = suite.run(control=CONTROL)

    failed.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}power: managed policy {power} statement 1 allows every action" in (
        failed.output
    )
    ignored.result.assert_outcomes(passed=1)


def test_customer_policy_named_administrator_access_is_customer_managed(suite: Suite) -> None:
    # A customer-managed policy may carry AWS's name; it is the account's, so the
    # customer-managed setting, not the AWS-managed one, decides whether it is read.
    iam = suite.client("iam")
    create_role(suite, "app")
    arn = iam.create_policy(
        PolicyName="AdministratorAccess", PolicyDocument=document(allow("*", "*"))
    )["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="app", PolicyArn=arn)
    suite.write_settings(ignore_aws_managed_iam_policies=True)

    checked = suite.run(control=CONTROL)
    suite.write_settings(ignore_customer_managed_iam_policies=True)
    ignored = suite.run(control=CONTROL)

    checked.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}app: managed policy {arn} statement 1 allows wildcard" in checked.output
    ignored.result.assert_outcomes(passed=1)


def test_customer_managed_policy_fails_unless_ignored(suite: Suite) -> None:
    iam = suite.client("iam")
    create_role(suite, "app")
    arn = iam.create_policy(PolicyName="broad", PolicyDocument=document(allow("dynamodb:*")))[
        "Policy"
    ]["Arn"]
    iam.attach_role_policy(RoleName="app", PolicyArn=arn)

    failed = suite.run(control=CONTROL)
    suite.write_settings(ignore_customer_managed_iam_policies=True)
    ignored = suite.run(control=CONTROL)

    failed.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}app: managed policy {arn} statement 1 allows wildcard" in failed.output
    ignored.result.assert_outcomes(passed=1)


def test_roles_under_the_ignored_path_are_skipped(suite: Suite) -> None:
    create_role(suite, "legacy", allow("*", "*"), path="/legacy/batch/")
    create_role(suite, "app", allow("s3:*"))
    suite.write_settings(iam_role_policies_ignore_path="/legacy/")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}app:" in run.output
    assert f"{ROLE_ARN}legacy/batch/legacy:" not in run.output
    assert run.evidence()[CASE]["decided_by"]["Roles skipped by path"] == "legacy"


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output


READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def test_read_level_action_with_a_write_like_name_on_everything_passes(suite: Suite) -> None:
    # logs:StartQuery is a Read in AWS's Service Authorization Reference, whatever its verb.
    create_role(suite, "insights", allow(["logs:StartQuery", "logs:GetQueryResults"], "*"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_write_level_action_with_a_read_like_name_on_everything_fails(suite: Suite) -> None:
    # cognito-idp:Get* matches GetTokensFromRefreshToken, a Write in AWS's data.
    create_role(suite, "idp", allow(["cognito-idp:Get*", "s3:Get*"], "*"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "allows 1 write action(s) on every resource: ['cognito-idp:Get*']" in run.output
    evidence = run.evidence()[CASE]["decided_by"]
    key = f"{ROLE_ARN}idp: inline policy 'app' statement 1: write actions on every resource"
    assert "cognito-idp:GetTokensFromRefreshToken" in evidence[key]


def test_action_unknown_to_aws_data_on_everything_fails(suite: Suite) -> None:
    # Not shown to only read: a misspelt, retired or newer action is not harmless here.
    create_role(suite, "app", allow(["s3:GetObject", "s3:GetObjekt"], "*"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "allows 1 action(s) on every resource that AWS's data" in run.output
    assert "cannot be shown to only read: ['s3:GetObjekt']" in run.output
    assert "s3:GetObject'" not in run.output


def test_every_arn_pattern_is_every_resource(suite: Suite) -> None:
    create_role(suite, "writer", allow(["s3:DeleteObject"], "arn:aws:*"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "allows 1 write action(s) on every resource: ['s3:DeleteObject']" in run.output


def test_read_only_access_names_no_read_and_keeps_its_lines_short(suite: Suite) -> None:
    create_role(suite, "partner")
    suite.client("iam").attach_role_policy(RoleName="partner", PolicyArn=READ_ONLY)

    run = suite.run(control=CONTROL)

    # AWS's ReadOnlyAccess still allows a few Write-level actions (athena:Get* matches
    # athena:GetSessionEndpoint) and actions of retired services the data no longer knows.
    run.result.assert_outcomes(failed=1)
    assert "logs:StartQuery" not in run.output
    assert "logs:FilterLogEvents" not in run.output
    assert max(len(line) for line in run.output.splitlines()) < 1000
    # a sample, the count leading the line so the cut of a long line keeps it
    assert re.search(r"allows \d+ write action\(s\) on every resource: \[", run.output)
    evidence = run.evidence()[CASE]["decided_by"]
    writes = evidence[
        f"{ROLE_ARN}partner: managed policy {READ_ONLY} statement 1 (Sid"
        " 'ReadOnlyActionsGroup1'): write actions on every resource"
    ]
    assert "athena:Get* (matches 1 write(s): athena:GetSessionEndpoint)" in writes
    assert "logs:StartQuery" not in writes
