"""iam/iam-edit-rights-authorized (CloudSploit iam/iamUserUnauthorizedToEdit) against moto."""

from __future__ import annotations

from fixtures.analysis.iam_permissions import IAM_EDIT_ACTIONS
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.policy_scenarios import document, user_with_inline_policy

CONTROL = "iam/test_iam_edit_rights_authorized.py"
CASE = "test_iam_edit_rights_authorized[prod]"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
USER = f"arn:aws:iam::{ACCOUNT_ID}:user"


def test_users_without_iam_writes_pass(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="reader")
    for name in ("ReadOnlyAccess", "IAMReadOnlyAccess", "IAMUserChangePassword", "SecurityAudit"):
        iam.attach_user_policy(UserName="reader", PolicyArn=f"arn:aws:iam::aws:policy/{name}")
    iam.create_user(UserName="power")  # everything but IAM, plus service-linked roles
    iam.attach_user_policy(UserName="power", PolicyArn="arn:aws:iam::aws:policy/PowerUserAccess")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Users who may change IAM"] == "0"
    assert decided["Setting iam_authorized_user_arns"] == "none (default)"


def test_no_users_passes(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_unauthorized_admin_fails_naming_actions_and_policy(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="bob")
    iam.attach_user_policy(UserName="bob", PolicyArn=ADMIN)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    first = ", ".join(IAM_EDIT_ACTIONS[:5])
    assert (
        f"{USER}/bob: may {first} and {len(IAM_EDIT_ACTIONS) - 5} more through managed policy"
        f" {ADMIN} attached to user 'bob' (Allow Action ['*'] on Resource ['*'])"
    ) in run.output
    assert run.evidence()[CASE]["decided_by"]["Of them not authorized"] == "1"


def test_group_policy_on_one_resource_fails(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_group(GroupName="deployers")
    iam.put_group_policy(
        GroupName="deployers",
        PolicyName="deploy",
        PolicyDocument=document(
            {
                "Effect": "Allow",
                "Action": ["iam:PassRole", "iam:GetRole"],
                "Resource": f"arn:aws:iam::{ACCOUNT_ID}:role/app",
            }
        ),
    )
    iam.create_user(UserName="ci")
    iam.add_user_to_group(GroupName="deployers", UserName="ci")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{USER}/ci: may iam:PassRole through inline policy 'deploy' of group 'deployers'"
        " of user 'ci'"
    ) in run.output


def test_each_granting_policy_is_named(suite: Suite) -> None:
    user_with_inline_policy(
        suite,
        "dana",
        {"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*"},
        policy="users",
    )
    suite.client("iam").attach_user_policy(
        UserName="dana", PolicyArn="arn:aws:iam::aws:policy/IAMFullAccess"
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "through inline policy 'users' of user 'dana'" in "\n".join(
        run.evidence()[CASE]["violations"]
    )
    assert "through managed policy arn:aws:iam::aws:policy/IAMFullAccess" in "\n".join(
        run.evidence()[CASE]["violations"]
    )


def test_authorized_users_pass(suite: Suite) -> None:
    iam = suite.client("iam")
    for name in ("alice", "bob"):
        iam.create_user(UserName=name)
        iam.attach_user_policy(UserName=name, PolicyArn=ADMIN)
    suite.write_settings(iam_authorized_user_arns=[f"{USER}/alice", f"{USER}/bob", f"{USER}/x"])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Users who may change IAM"] == "2: alice, bob"
    assert decided["Authorized ARNs without IAM write rights"] == f"{USER}/x"


def test_set_option_authorizes_one_user_only(suite: Suite) -> None:
    iam = suite.client("iam")
    for name in ("alice", "bob"):
        iam.create_user(UserName=name)
        iam.attach_user_policy(UserName=name, PolicyArn=ADMIN)

    run = suite.run("--set", f"iam_authorized_user_arns={USER}/alice", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{USER}/bob: may" in run.output
    assert f"{USER}/alice: may" not in run.output


def test_self_service_credentials_pass(suite: Suite) -> None:
    user_with_inline_policy(
        suite,
        "eve",
        {
            "Effect": "Allow",
            "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:EnableMFADevice"],
            "Resource": "arn:aws:iam::*:user/${aws:username}",
        },
        policy="own-credentials",
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_self_service_in_any_path_passes(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="eve", Path="/staff/")
    iam.put_user_policy(
        UserName="eve",
        PolicyName="own-credentials",
        PolicyDocument=document(
            {
                "Effect": "Allow",
                "Action": ["iam:CreateAccessKey", "iam:UpdateLoginProfile"],
                "Resource": "arn:aws:iam::*:user/*/${aws:username}",
            }
        ),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_wildcard_after_own_user_name_fails(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="bob")
    iam.create_user(UserName="bob-admin")
    iam.put_user_policy(
        UserName="bob",
        PolicyName="selfish",
        PolicyDocument=document(
            {
                "Effect": "Allow",
                "Action": ["iam:CreateAccessKey", "iam:UpdateLoginProfile"],
                # Also matches bob-admin, whose keys and password bob could then set.
                "Resource": "arn:aws:iam::*:user/${aws:username}*",
            }
        ),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"- {USER}/bob: may iam:CreateAccessKey, iam:UpdateLoginProfile through inline policy"
        " 'selfish' of user 'bob'"
    ) in run.output


def test_others_credentials_fail(suite: Suite) -> None:
    user_with_inline_policy(
        suite,
        "eve",
        {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"},
        policy="keys",
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{USER}/eve: may iam:CreateAccessKey through inline policy 'keys'" in run.output


def test_deny_of_iam_takes_the_rights_away(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="ops")
    iam.attach_user_policy(UserName="ops", PolicyArn=ADMIN)
    iam.put_user_policy(
        UserName="ops",
        PolicyName="no-iam",
        PolicyDocument=document({"Effect": "Deny", "Action": "iam:*", "Resource": "*"}),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_conditional_deny_does_not_take_the_rights_away(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="ops")
    iam.attach_user_policy(UserName="ops", PolicyArn=ADMIN)
    iam.put_user_policy(
        UserName="ops",
        PolicyName="mfa-for-iam",
        PolicyDocument=document(
            {
                "Effect": "Deny",
                "Action": "iam:*",
                "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
            }
        ),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{USER}/ops: may" in run.output


def test_editor_beyond_the_first_page_is_found(suite: Suite) -> None:
    iam = suite.client("iam")
    for number in range(110):  # GetAccountAuthorizationDetails pages at 100 entities
        iam.create_user(UserName=f"user-{number:03d}")
    iam.attach_user_policy(UserName="user-109", PolicyArn="arn:aws:iam::aws:policy/IAMFullAccess")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{USER}/user-109: may" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output


def test_an_iam_action_unknown_to_aws_data_counts_named_as_such(suite: Suite) -> None:
    # Newer than the pinned data, or misspelt: it may write, so it is not taken as harmless.
    user_with_inline_policy(
        suite,
        "eve",
        {"Effect": "Allow", "Action": ["iam:GetUser", "iam:PutUserPolicyV2"], "Resource": "*"},
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{USER}/eve: may iam:PutUserPolicyV2 (not in AWS's data) through" in run.output


def test_write_level_iam_action_that_only_aws_data_lists_counts(suite: Suite) -> None:
    # iam:UpdateAccountEmailAddress is a Write in AWS's data: the root email, whose password
    # reset it receives.
    user_with_inline_policy(
        suite,
        "mallory",
        {"Effect": "Allow", "Action": "iam:UpdateAccountEmailAddress", "Resource": "*"},
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{USER}/mallory: may iam:UpdateAccountEmailAddress through" in run.output
