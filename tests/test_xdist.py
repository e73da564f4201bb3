"""Under pytest-xdist: controls are scheduled by account, and the summary counts every worker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fixtures.run.xdist_accounts import account_of
from tests.conftest import ACCOUNT_ID, REPO, Suite

COUNTS = re.compile(r"^(\w+) \(\d{12}\) checked as \S+: (\d+) API calls", re.MULTILINE)


def copies_of_a_control(suite: Suite, count: int) -> Path:
    """``count`` copies of the password-length control: the same data, read by each."""
    controls = suite.pytester.mkdir("controls")
    source = (REPO / "compliance_tests" / "iam" / "test_password_minimum_length.py").read_text()
    for number in range(count):
        (controls / f"test_copy_{number}.py").write_text(
            source.replace('id="iam/password-minimum-length"', f'id="iam/copy-{number}"')
        )
    return controls


def api_calls(output: str) -> dict[str, int]:
    return {name: int(calls) for name, calls in COUNTS.findall(output)}


def test_each_account_data_is_fetched_once_across_workers(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID}, "staging": {"account_id": ACCOUNT_ID}}
    )
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)
    controls = copies_of_a_control(suite, 4)
    accounts = ("prod", "staging")

    serial = suite.run(control=controls, accounts=accounts)
    parallel = suite.run("-n", "2", control=controls, accounts=accounts)

    serial.result.assert_outcomes(passed=8)
    parallel.result.assert_outcomes(passed=8)
    # Every process resolves every account (sts:GetCallerIdentity, ec2:DescribeRegions):
    # two more processes, four more calls. Data read by eight controls, fetched once each.
    assert api_calls(serial.output) == {"prod": 3, "staging": 3}
    assert api_calls(parallel.output) == {"prod": 7, "staging": 7}
    # The controller tallies the verdicts its workers report.
    assert f"prod ({ACCOUNT_ID}) verdicts: 4 compliant" in parallel.output


def workers_used(output: str) -> set[str]:
    return set(re.findall(r"\[(gw\d+)\][^\n]* PASSED", output))


def test_one_accounts_controls_run_on_one_worker(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)
    controls = copies_of_a_control(suite, 2)

    run = suite.run("-n", "2", "-v", control=controls)

    run.result.assert_outcomes(passed=2)
    assert len(workers_used(run.output)) == 1


def test_the_users_dist_mode_is_kept(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)
    controls = copies_of_a_control(suite, 2)

    run = suite.run("-n", "2", "-v", "--dist", "loadfile", control=controls)

    run.result.assert_outcomes(passed=2)
    # One file per worker, each fetching what its control reads: 2 + (2 + 1) * 2 calls.
    assert workers_used(run.output) == {"gw0", "gw1"}
    assert api_calls(run.output) == {"prod": 8}


@pytest.mark.parametrize(
    ("nodeid", "account"),
    [
        ("compliance_tests/iam/test_x.py::test_x[prod]", "prod"),
        ("compliance_tests/ec2/test_y.py::test_y[prod-eu-west-1]", "prod"),
        ("compliance_tests/ec2/test_y.py::test_y[prod-eu-eu-west-1]", "prod-eu"),
        ("compliance_tests/ec2/test_y.py::test_y[prod-ap-east-9]", None),
        ("compliance_tests/iam/test_x.py::test_x", None),
    ],
)
def test_account_of_a_node_id(nodeid: str, account: str | None) -> None:
    regions = {"prod": {"eu-west-1"}, "prod-eu": {"eu-west-1"}}
    assert account_of(nodeid, regions) == account
