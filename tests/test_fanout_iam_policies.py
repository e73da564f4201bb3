"""The AWS-managed policies attached to users, groups and roles (``iam:GetPolicy`` and
``iam:GetPolicyVersion`` each, which the authorization details leave out) are read
concurrently in the prefetch, with every page of the authorization details read
(tests/page_splitter.py splits each list in two), and the same verdicts as a plain loop.
Concurrency is seen, not timed, as in tests/test_fanout.py.
"""

from __future__ import annotations

import pytest

from tests.botocore_hooks import hooked
from tests.conftest import Suite
from tests.page_splitter import PageSplitter
from tests.test_fanout import InFlight

CONTROL = "iam/test_admin_user_count.py"
CASE = "test_admin_user_count[prod]"
MANAGED = "arn:aws:iam::aws:policy/"
# One user per policy, in creation order; the admins decide the verdict.
USERS = {
    "ana": "ReadOnlyAccess",
    "ben": "SecurityAudit",
    "cy": "AdministratorAccess",
    "dee": "IAMFullAccess",
    "eli": "PowerUserAccess",
    "fay": "AdministratorAccess",
}


def users(suite: Suite) -> None:
    iam = suite.client("iam")
    for name, policy in USERS.items():
        iam.create_user(UserName=name)
        iam.attach_user_policy(UserName=name, PolicyArn=MANAGED + policy)


def test_aws_managed_policies_are_read_concurrently_with_every_page(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    users(suite)
    probe, splitter = InFlight(), PageSplitter()
    hooked(monkeypatch, ("before-send.iam.GetPolicyVersion", probe), *splitter.handlers())

    run = suite.run("-p", "tests.fanout_probe", control=CONTROL)

    run.result.assert_outcomes(passed=1)
    record = run.evidence()[CASE]
    # fay is on the user list's second half: her AdministratorAccess was read and counted
    assert record["decided_by"]["Administrator users"] == "2: cy, fay"
    versions = [c for c in record["api_calls"] if c["action"] == "iam:GetPolicyVersion"]
    assert len(versions) == len(set(USERS.values()))  # each policy once
    assert splitter.split[("iam", "GetAccountAuthorizationDetails")] >= 1
    assert probe.peak >= 2  # two policies' versions in flight at once
    assert probe.phases == {"collection"}
