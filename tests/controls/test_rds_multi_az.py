"""rds/multi-az (CIS 3.2.4, manual) against moto: evidence, then an attestation."""

from __future__ import annotations

import datetime as dt

from tests.conftest import Suite
from tests.controls.test_rds_storage_encrypted import make_cluster, make_instance

CONTROL = "rds/test_multi_az.py"
CASE = "test_multi_az[prod-us-east-1]"


def test_all_multi_az_passes_on_evidence(suite: Suite) -> None:
    make_instance(suite, "orders", MultiAZ=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Single-AZ DB instances"] == "none"
    assert decided["Multi-AZ DB instances"] == "1"


def test_no_databases_passes_on_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_single_az_instance_awaits_attestation(suite: Suite) -> None:
    make_instance(suite, "orders", MultiAZ=True)
    single = make_instance(suite, "scratch", MultiAZ=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    assert run.verdicts() == {CASE: "awaiting attestation"}
    assert (
        f"{single} (in us-east-1a)" in run.evidence()[CASE]["decided_by"]["Single-AZ DB instances"]
    )


def test_single_az_instance_with_attestation_passes(suite: Suite) -> None:
    make_instance(suite, "scratch", MultiAZ=False)
    today = dt.date.today()
    suite.write_attestations(
        {
            "control": "rds/multi-az",
            "account": "prod",
            "by": "Dana <dana@example.com>",
            "date": today,
            "expires": today + dt.timedelta(days=90),
            "statement": "scratch is a rebuildable test database",
        }
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert "rebuildable" in run.evidence()[CASE]["decided_by"]["Attestation"]


def test_member_of_a_single_az_cluster_awaits_attestation(suite: Suite) -> None:
    cluster = make_cluster(suite, "ledger", encrypted=True, members=1)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    single = run.evidence()[CASE]["decided_by"]["Single-AZ DB instances"]
    assert f"(cluster {cluster} is in one zone)" in single


def test_denied_describe_db_clusters_is_an_error(suite: Suite) -> None:
    suite.deny("rds:DescribeDBClusters")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert run.verdicts() == {CASE: "could not assess"}
