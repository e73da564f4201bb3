"""iam/cross-account-roles-require-mfa-or-external-id against moto."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_cross_account_roles_require_mfa_or_external_id.py"
CASE = "test_cross_account_roles_require_mfa_or_external_id[prod]"
PARTNER = "210987654321"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/"


def trust(principal: Any, condition: dict[str, Any] | None = None) -> str:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": principal,
        "Action": "sts:AssumeRole",
    }
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def create_role(suite: Suite, name: str, document: str) -> None:
    suite.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=document)


def test_mfa_or_external_id_passes(suite: Suite) -> None:
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    create_role(suite, "people", trust({"AWS": f"arn:aws:iam::{PARTNER}:root"}, mfa))
    external = {"StringEquals": {"sts:ExternalId": "partner-7f3a"}}
    create_role(suite, "vendor", trust({"AWS": PARTNER}, external))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Cross-account roles"] == "people, vendor"


def test_same_account_and_service_roles_are_out_of_scope(suite: Suite) -> None:
    create_role(suite, "own", trust({"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}))
    create_role(suite, "lambda", trust({"Service": "lambda.amazonaws.com"}))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Cross-account roles"] == "none"


def test_no_roles_passes(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["IAM inventory"].endswith(
        "0 roles, 0 attached or local policies"
    )


def test_cross_account_trust_without_condition_fails(suite: Suite) -> None:
    create_role(suite, "partner", trust({"AWS": f"arn:aws:iam::{PARTNER}:root"}))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROLE_ARN}partner: trust statement 1 lets arn:aws:iam::{PARTNER}:root assume the role"
        " without requiring MFA" in run.output
    )


def test_only_the_unconditioned_statement_fails(suite: Suite) -> None:
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "WithMfa",
                "Effect": "Allow",
                "Principal": {"AWS": PARTNER},
                "Action": "sts:AssumeRole",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            },
            {
                "Sid": "Open",
                "Effect": "Allow",
                "Principal": {"AWS": [f"arn:aws:iam::{ACCOUNT_ID}:root", "111122223333"]},
                "Action": "sts:AssumeRole",
            },
        ],
    }
    create_role(suite, "mixed", json.dumps(document))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}mixed: trust statement 2 (Sid 'Open') lets 111122223333 assume" in (
        run.output
    )
    assert "statement 1" not in run.output


def test_anyone_trust_fails(suite: Suite) -> None:
    create_role(suite, "public", trust({"AWS": "*"}))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}public: trust statement 1 lets * assume the role" in run.output


def test_mfa_if_exists_does_not_count(suite: Suite) -> None:
    weak = {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}
    create_role(suite, "weak", trust({"AWS": PARTNER}, weak))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}weak: trust statement 1 lets {PARTNER} assume" in run.output


def test_role_beyond_the_first_page_is_found(suite: Suite) -> None:
    for number in range(105):  # GetAccountAuthorizationDetails pages at 100 entities
        create_role(suite, f"role-{number:03d}", trust({"Service": "ec2.amazonaws.com"}))
    create_role(suite, "role-zzz", trust({"AWS": PARTNER}))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROLE_ARN}role-zzz: trust statement 1" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output
