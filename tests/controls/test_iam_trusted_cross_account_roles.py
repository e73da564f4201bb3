"""iam/trusted-cross-account-roles against moto."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_trusted_cross_account_roles.py"
CASE = "test_trusted_cross_account_roles[prod]"
PARTNER = "210987654321"
VENDOR = "111122223333"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/"


def trust(principal: Any, **extra: Any) -> str:
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole", **extra}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def create_role(suite: Suite, name: str, document: str) -> None:
    suite.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=document)


def test_listed_accounts_pass(suite: Suite) -> None:
    create_role(suite, "partner", trust({"AWS": f"arn:aws:iam::{PARTNER}:root"}))
    create_role(suite, "vendor", trust({"AWS": VENDOR}))
    suite.write_settings(trusted_account_ids=[PARTNER, f"arn:aws:iam::{VENDOR}:root"])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Other accounts trusted by roles"] == f"{VENDOR}, {PARTNER}"


def test_own_account_and_services_need_no_listing(suite: Suite) -> None:
    create_role(suite, "own", trust({"AWS": f"arn:aws:iam::{ACCOUNT_ID}:role/admin"}))
    create_role(suite, "ec2", trust({"Service": "ec2.amazonaws.com"}))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Other accounts trusted by roles"] == "none"


def test_unlisted_account_fails_naming_role_and_account(suite: Suite) -> None:
    create_role(suite, "partner", trust({"AWS": f"arn:aws:iam::{PARTNER}:user/deployer"}))
    create_role(suite, "vendor", trust({"AWS": VENDOR}))
    suite.write_settings(trusted_account_ids=[VENDOR])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROLE_ARN}partner: trust statement 1 lets account {PARTNER}"
        f" (arn:aws:iam::{PARTNER}:user/deployer) assume the role; that account is not trusted"
    ) in run.output
    assert "role/vendor" not in run.output


def test_default_trusts_no_other_account(suite: Suite) -> None:
    create_role(suite, "vendor", trust({"AWS": VENDOR}))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}vendor: trust statement 1 lets account {VENDOR}" in run.output


def test_regex_setting_trusts_matching_accounts(suite: Suite) -> None:
    create_role(suite, "partner", trust({"AWS": PARTNER}))
    create_role(suite, "vendor", trust({"AWS": VENDOR}))
    suite.write_settings(trusted_account_ids_regex="2109876543[0-9]{2}")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"lets account {VENDOR}" in run.output
    assert f"lets account {PARTNER}" not in run.output


def test_regex_must_match_the_whole_id(suite: Suite) -> None:
    create_role(suite, "partner", trust({"AWS": PARTNER}))
    suite.write_settings(trusted_account_ids_regex="2109")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"lets account {PARTNER}" in run.output


def test_anyone_fails_whatever_the_conditions_and_settings(suite: Suite) -> None:
    condition = {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}
    create_role(suite, "open", trust({"AWS": "*"}, Condition=condition))
    suite.write_settings(trusted_account_ids_regex=".*")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}open: trust statement 1 lets anyone (Principal '*')" in run.output


def test_bad_trusted_account_entry_stops_the_run(suite: Suite) -> None:
    create_role(suite, "vendor", trust({"AWS": VENDOR}))
    suite.write_settings(trusted_account_ids=["vendor-account"])

    run = suite.run(control=CONTROL)

    assert run.result.ret == 4
    assert (
        f"setting trusted_account_ids (from {suite.settings_file}): 'vendor-account' is neither"
        " a 12-digit account id"
    ) in run.output


def test_bad_regex_stops_the_run(suite: Suite) -> None:
    suite.write_settings(trusted_account_ids_regex="([0-9]")

    run = suite.run(control=CONTROL)

    assert run.result.ret == 4
    assert "'([0-9]' is not a valid regular expression" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output
