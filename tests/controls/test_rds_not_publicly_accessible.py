"""rds/not-publicly-accessible (CIS 3.2.3) against moto."""

from __future__ import annotations

from tests.conftest import Suite
from tests.controls.test_rds_storage_encrypted import make_instance

CONTROL = "rds/test_not_publicly_accessible.py"
CASE = "test_not_publicly_accessible[prod-us-east-1]"


def test_private_instances_pass(suite: Suite) -> None:
    make_instance(suite, "orders", PubliclyAccessible=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Publicly accessible DB instances"] == "0"


def test_public_instance_fails_with_its_arn_and_network(suite: Suite) -> None:
    make_instance(suite, "orders", PubliclyAccessible=False)
    public = make_instance(
        suite, "reporting", PubliclyAccessible=True, VpcSecurityGroupIds=["sg-0public"]
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{public}: PubliclyAccessible true (" in run.output
    assert "security groups sg-0public" in run.output
    decided = run.evidence()[CASE]["decided_by"]
    assert "sg-0public" in decided["Network of reporting"]
    assert decided["Publicly accessible DB instances"] == "1"


def test_instance_created_without_the_setting_in_the_default_vpc_is_public(suite: Suite) -> None:
    # AWS's default without a DB subnet group: the default VPC, which has an internet gateway.
    public = make_instance(suite, "quick")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{public}: PubliclyAccessible true" in run.output


def test_instance_beyond_the_first_page_is_checked(suite: Suite) -> None:
    for number in range(100):  # AWS and moto page DescribeDBInstances by 100
        make_instance(suite, f"db-{number}", PubliclyAccessible=False)
    public = make_instance(suite, "last", PubliclyAccessible=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{public}: PubliclyAccessible true" in run.output


def test_denied_describe_db_instances_is_an_error(suite: Suite) -> None:
    suite.deny("rds:DescribeDBInstances")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert run.verdicts() == {CASE: "could not assess"}
