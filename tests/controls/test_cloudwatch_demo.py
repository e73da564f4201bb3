"""The demo's CIS 5.x seeding (fixtures/demo/seed_monitoring.py) gives the verdicts its table
promises, once a trail delivers to its log group (as the demo's CloudTrail seeding does)."""

from __future__ import annotations

from datetime import UTC, datetime

from fixtures.demo.seed_monitoring import seed
from fixtures.demo.server import DemoClients
from tests.conftest import Suite
from tests.controls.test_cloudwatch_monitoring import trail


def test_the_demo_shows_compliant_violating_and_unassessable_monitoring(suite: Suite) -> None:
    trail(suite)
    seed(DemoClients(suite.moto_url), datetime.now(UTC))

    run = suite.run(control="cloudwatch")

    verdicts = {case.split("[")[0]: verdict for case, verdict in run.verdicts().items()}
    assert verdicts == {
        "test_unauthorized_api_calls_monitored": "compliant",
        "test_console_signin_without_mfa_monitored": "violation",
        "test_root_account_usage_monitored": "compliant",
        "test_iam_policy_changes_monitored": "compliant",
        "test_cloudtrail_changes_monitored": "compliant",
        "test_console_authentication_failures_monitored": "violation",
        "test_cmk_disable_or_deletion_monitored": "compliant",
        "test_s3_bucket_policy_changes_monitored": "violation",
        "test_config_changes_monitored": "compliant",
        "test_security_group_changes_monitored": "compliant",
        "test_nacl_changes_monitored": "violation",
        "test_network_gateway_changes_monitored": "violation",
        "test_route_table_changes_monitored": "violation",
        "test_vpc_changes_monitored": "violation",
        "test_organizations_changes_monitored": "could not assess",
    }
    assert "sns:ListSubscriptionsByTopic was denied (AuthorizationError)" in run.output
