"""iam/canary-keys-unused against moto."""

from __future__ import annotations

import pytest
from moto.iam.models import IAMBackend, iam_backends

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_canary_keys_unused.py"
CASE = "test_canary_keys_unused[prod]"
CANARY_ARN = f"arn:aws:iam::{ACCOUNT_ID}:user/canary"


def create_canary(suite: Suite, keys: int = 1) -> list[dict[str, str]]:
    iam = suite.client("iam")
    iam.create_user(UserName="canary")
    return [iam.create_access_key(UserName="canary")["AccessKey"] for _ in range(keys)]


def use(suite: Suite, key: dict[str, str]) -> None:
    """Sign a request with ``key``: moto then records it as the key's last use."""
    suite.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"]).list_users()


def test_without_a_canary_user_the_control_is_skipped_unlooked(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    assert "set canary_user to the IAM user whose access keys are canaries" in run.output
    record = run.evidence()[CASE]
    assert record["verdict"] == "skipped"
    assert record["api_calls"] == []


def test_unused_canary_keys_pass(suite: Suite) -> None:
    _, second = create_canary(suite, keys=2)
    suite.write_settings(canary_user="canary")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Setting canary_user"] == f"canary ({suite.settings_file})"
    assert decided[f"Canary access key {second['AccessKeyId']}"].endswith("last used never")


def test_used_canary_key_fails_naming_it_and_the_date(suite: Suite) -> None:
    (key,) = create_canary(suite)
    use(suite, key)
    suite.write_settings(canary_user="canary")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    decided = run.evidence()[CASE]["decided_by"]
    last_used = decided[f"Canary access key {key['AccessKeyId']}"].split("last used ")[1]
    assert last_used.startswith("20")
    assert f"{CANARY_ARN}: canary access key {key['AccessKeyId']} was used on {last_used}" in (
        run.output
    )
    assert "(region us-east-1, service iam)" in run.output
    assert run.verdicts() == {CASE: "violation"}


def test_use_of_the_second_key_is_named(suite: Suite) -> None:
    _, second = create_canary(suite, keys=2)
    use(suite, second)

    run = suite.run("--set", "canary_user=canary", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "1 violation(s)" in run.output
    assert f"{CANARY_ARN}: canary access key {second['AccessKeyId']} was used on" in run.output


def test_use_of_other_users_keys_does_not_matter(suite: Suite) -> None:
    create_canary(suite)
    iam = suite.client("iam")
    iam.create_user(UserName="app")
    use(suite, iam.create_access_key(UserName="app")["AccessKey"])

    run = suite.run("--set", "canary_user=canary", control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_unknown_canary_user_is_an_error(suite: Suite) -> None:
    suite.write_settings(canary_user="canary")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "canary_user 'canary' is not an IAM user of this account" in run.output


def test_canary_user_without_keys_is_an_error(suite: Suite) -> None:
    create_canary(suite, keys=0)
    suite.write_settings(canary_user="canary")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"canary_user 'canary' ({CANARY_ARN}) has no access key" in run.output


@pytest.mark.parametrize("action", ["iam:ListAccessKeys", "iam:GetAccessKeyLastUsed"])
def test_denied_live_read_is_an_error(suite: Suite, action: str) -> None:
    create_canary(suite)
    suite.write_settings(canary_user="canary")
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"needs the {action} permission" in run.output


def test_use_since_the_credential_report_is_seen(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The report can be four hours old; a canary's first use is what this control is for.
    (key,) = create_canary(suite)
    backend = iam_backends[ACCOUNT_ID]["aws"]
    backend.generate_report()
    before_use = backend.get_credential_report()  # access_key_1_last_used_date N/A
    monkeypatch.setattr(IAMBackend, "get_credential_report", lambda self: before_use)
    use(suite, key)

    run = suite.run("--set", "canary_user=canary", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"canary access key {key['AccessKeyId']} was used on" in run.output
    calls = {c["action"] for c in run.evidence()[CASE]["api_calls"]}
    assert "iam:GetCredentialReport" not in calls
