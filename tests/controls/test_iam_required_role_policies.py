"""iam/required-role-policies against moto."""

from __future__ import annotations

import json

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_required_role_policies.py"
CASE = "test_required_role_policies[prod]"
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
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*"}],
    }
)


def create_role(suite: Suite, name: str) -> None:
    suite.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)


def create_guardrail(suite: Suite) -> str:
    policy = suite.client("iam").create_policy(PolicyName="guardrail", PolicyDocument=POLICY)
    arn: str = policy["Policy"]["Arn"]
    return arn


def test_not_configured_is_skipped_with_the_reason(suite: Suite) -> None:
    create_role(suite, "app")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    assert "set iam_required_policy_names to enable this check" in run.output
    assert run.verdicts() == {CASE: "skipped"}


def test_managed_and_inline_policies_by_name_pass(suite: Suite) -> None:
    iam = suite.client("iam")
    arn = create_guardrail(suite)
    create_role(suite, "app")
    iam.attach_role_policy(RoleName="app", PolicyArn=arn)
    iam.put_role_policy(RoleName="app", PolicyName="boundary", PolicyDocument=POLICY)
    create_role(suite, "batch")
    iam.attach_role_policy(RoleName="batch", PolicyArn=arn)
    iam.put_role_policy(RoleName="batch", PolicyName="boundary", PolicyDocument=POLICY)
    suite.write_settings(iam_required_policy_names=["guardrail", "boundary"])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Roles checked (not service-linked)"] == "2"


def test_aws_managed_policy_counts_by_name(suite: Suite) -> None:
    create_role(suite, "reader")
    suite.client("iam").attach_role_policy(
        RoleName="reader", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess"
    )
    suite.write_settings(iam_required_policy_names=["ReadOnlyAccess"])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_aws_managed_policy_counts_by_arn(suite: Suite) -> None:
    read_only = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    create_role(suite, "reader")
    suite.client("iam").attach_role_policy(RoleName="reader", PolicyArn=read_only)
    suite.write_settings(iam_required_policy_names=[read_only])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_policy_required_by_arn_is_not_met_by_its_name(suite: Suite) -> None:
    # A customer-managed policy and an inline policy may both be called ReadOnlyAccess;
    # neither is the AWS-managed policy the ARN names.
    read_only = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    iam = suite.client("iam")
    own = iam.create_policy(PolicyName="ReadOnlyAccess", PolicyDocument=POLICY)["Policy"]["Arn"]
    create_role(suite, "lookalike")
    iam.attach_role_policy(RoleName="lookalike", PolicyArn=own)
    create_role(suite, "inline")
    iam.put_role_policy(RoleName="inline", PolicyName="ReadOnlyAccess", PolicyDocument=POLICY)
    suite.write_settings(iam_required_policy_names=[read_only])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROLE_ARN}lookalike: missing required policy {read_only!r} (has 'ReadOnlyAccess';"
        f" attached: {own})" in run.output
    )
    assert (
        f"{ROLE_ARN}inline: missing required policy {read_only!r} (has 'ReadOnlyAccess';"
        " attached: none)" in run.output
    )


def test_role_missing_a_policy_fails_naming_it(suite: Suite) -> None:
    iam = suite.client("iam")
    arn = create_guardrail(suite)
    create_role(suite, "app")
    iam.attach_role_policy(RoleName="app", PolicyArn=arn)
    create_role(suite, "bare")
    suite.write_settings(iam_required_policy_names=["guardrail", "boundary"])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}app: missing required policy 'boundary' (has 'guardrail')" in run.output
    assert (
        f"{ROLE_ARN}bare: missing required policy 'guardrail', 'boundary' (has no policies)"
        in run.output
    )


def test_service_linked_roles_are_left_out(suite: Suite) -> None:
    suite.client("iam").create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
    suite.write_settings(iam_required_policy_names=["guardrail"])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Roles checked (not service-linked)"] == "0"


def test_set_option_lists_names(suite: Suite) -> None:
    create_role(suite, "bare")

    run = suite.run("--set", "iam_required_policy_names=guardrail,boundary", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "missing required policy 'guardrail', 'boundary'" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.write_settings(iam_required_policy_names=["guardrail"])
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output
