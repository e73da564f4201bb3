"""rds/auto-minor-version-upgrade (CIS 3.2.2) against moto."""

from __future__ import annotations

from tests.conftest import Suite
from tests.controls.test_rds_storage_encrypted import make_cluster, make_instance

CONTROL = "rds/test_auto_minor_version_upgrade.py"
CASE = "test_auto_minor_version_upgrade[prod-us-east-1]"


def test_instances_with_auto_upgrade_pass(suite: Suite) -> None:
    make_instance(suite, "orders", AutoMinorVersionUpgrade=True)
    make_cluster(suite, "ledger", encrypted=True)  # members take AWS's default, true

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["DB instances without Auto Minor Version Upgrade"] == "0"


def test_instance_without_auto_upgrade_fails_with_its_arn(suite: Suite) -> None:
    make_instance(suite, "orders")
    pinned = make_instance(suite, "pinned", AutoMinorVersionUpgrade=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{pinned}: AutoMinorVersionUpgrade false" in run.output
    assert "1 violation(s)" in run.output


def test_instance_beyond_the_first_page_is_checked(suite: Suite) -> None:
    for number in range(100):  # AWS and moto page DescribeDBInstances by 100
        make_instance(suite, f"db-{number}")
    pinned = make_instance(suite, "last", AutoMinorVersionUpgrade=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{pinned}: AutoMinorVersionUpgrade false" in run.output


def test_denied_describe_db_instances_is_an_error(suite: Suite) -> None:
    suite.deny("rds:DescribeDBInstances")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the rds:DescribeDBInstances permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}
