"""Least privilege by measurement: policy/audit-policy.json allows exactly what the suite
does, and the README says truly which of those AWS's SecurityAudit policy lacks.

The operations are recorded at the session layer (the read-only guard of every session,
fixtures/aws/read_only.py), not from the evidence: a call the evidence never shows (a
second page, a refused call, a credential refresh) is still counted. Two runs of the whole
suite make them: the demo account (every control, us-east-1 and eu-west-1), and a scenario
on the test moto server that holds what the demo does not: one resource of each type whose
policy or sharing is read per resource, an organization with a policy attached and a
delegated administrator (the management account's reads), and a role to assume.
"""

from __future__ import annotations

import fnmatch
import json
import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest

import fixtures.run.sessions  # noqa: F401  # the module the runs use: imported before them
from fixtures.analysis import iam_actions
from fixtures.aws import read_only
from fixtures.aws.read_only import CREDENTIAL_ACTIONS, READS
from fixtures.demo.moto.core import reset_extensions
from tests.conftest import ACCOUNT_ID, CONTROLS, REPO, Suite
from tests.controls.organizations_scenarios import create_account, create_organization
from tests.controls.test_iam_resource_policies_more_types import TYPES, _access_point, _doc, _layer
from tests.controls.test_iam_resource_policies_not_public import (
    client,
    make_domain,
    make_repository,
    make_secret,
    make_vault,
    make_versioned_function,
)

POLICY = REPO / "policy" / "audit-policy.json"
README = REPO / "README.md"
# AWS's SecurityAudit and ViewOnlyAccess managed policies, pinned (each file names its
# source and version).
SECURITY_AUDIT = Path(__file__).parent / "data" / "SecurityAudit-v47.json"
VIEW_ONLY = Path(__file__).parent / "data" / "ViewOnlyAccess-v36.json"


def policy_actions() -> set[str]:
    """Every action the shipped policy allows (it names each one: no wildcards)."""
    document = json.loads(POLICY.read_text(encoding="utf-8"))
    return {action for statement in document["Statement"] for action in statement["Action"]}


class Recorder:
    """The IAM actions the suite's sessions are about to send, by allow-list."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reads: set[str] = set()
        self.credentials: set[str] = set()
        guard = read_only.refuse_unlisted

        def recording(events: Any, allowed: Any = READS, **_: Any) -> None:
            into = self.credentials if allowed == CREDENTIAL_ACTIONS else self.reads
            guard(events, allowed, on_operation=into.add)

        monkeypatch.setattr(read_only, "refuse_unlisted", recording)


def reset(moto_url: str) -> None:
    """Empty moto's backends and our extensions' state, as the ``suite`` fixture does."""
    request = urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=10):  # noqa: S310 - the loopback moto server
        pass
    reset_extensions()


def run_demo(suite: Suite) -> None:
    """The whole suite against the embedded demo account (both of its regions)."""
    result = suite.pytester.runpytest(
        "-p",
        "no:cacheprovider",
        str(CONTROLS),
        f"--accounts-file={REPO / 'accounts.toml'}",
        "--account",
        "demo",
        f"--html={suite.pytester.path / 'demo.html'}",
        f"--junitxml={suite.pytester.path / 'demo.xml'}",
        f"--run-record={suite.pytester.path / 'demo.json'}",
    )
    assert result.ret in (0, 1), result.stdout.str()[-2000:]


def arrange_what_the_demo_lacks(suite: Suite) -> None:
    """One resource of each type read per resource, and an organization around the account."""
    for kind in ("backup", "dynamodb-table", "kinesis", "ebs", "rds"):
        TYPES[kind][0](suite)  # the public variant: its sharing settings are read too
    rds = client(suite, "rds")
    rds.create_db_cluster(
        DBClusterIdentifier="orders",
        Engine="aurora-postgresql",
        MasterUsername="admin1",
        MasterUserPassword="correct-horse-1",
    )
    rds.create_db_cluster_snapshot(
        DBClusterSnapshotIdentifier="weekly", DBClusterIdentifier="orders"
    )
    make_repository(suite, "images", _doc("AnyonePulls", "ecr:BatchGetImage"))
    make_domain(suite, "search", None)
    make_vault(suite, "archive", _doc("AnyoneReads", "glacier:InitiateJob"))
    make_secret(suite, "token", _doc("AnyoneReads", "secretsmanager:GetSecretValue"))
    make_versioned_function(suite, "worker")
    _layer(suite, public_version=True)
    _access_point(suite, "shared", None, _doc("AnyoneGets", "s3:GetObject"))

    _, root_id = create_organization(suite)
    organizations = suite.client("organizations")
    organizations.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
    deny_leaving = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}
            ],
        }
    )
    policy_id = organizations.create_policy(
        Name="deny-leaving",
        Description="deny-leaving",
        Type="SERVICE_CONTROL_POLICY",
        Content=deny_leaving,
    )["Policy"]["PolicySummary"]["Id"]
    organizations.attach_policy(PolicyId=policy_id, TargetId=root_id)
    security = create_account(suite, "security")
    organizations.enable_aws_service_access(ServicePrincipal="guardduty.amazonaws.com")
    organizations.register_delegated_administrator(
        AccountId=security, ServicePrincipal="guardduty.amazonaws.com"
    )
    suite.client("iam").create_role(
        RoleName="audit",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "role_arn": f"arn:aws:iam::{ACCOUNT_ID}:role/audit"}}
    )


def test_the_shipped_policy_allows_exactly_what_the_whole_suite_makes(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder(monkeypatch)

    arrange_what_the_demo_lacks(suite)
    scenario = suite.run(control=None)
    assert scenario.result.ret in (0, 1), scenario.output[-2000:]
    assert recorder.reads, "the scenario made no call"
    # --account org:NAME lists the organization (organizations:ListAccounts) before its
    # members are checked
    suite.accounts_file.write_text(
        f'[organizations.main]\nmember_role_name = "audit"\nregions = ["us-east-1"]\n'
        f"endpoint_url = {json.dumps(suite.moto_url)}\n",
        encoding="utf-8",
    )
    listed = suite.run(accounts=("org:main",))
    assert listed.result.ret in (0, 1), listed.output[-2000:]
    assert "organization 'main'" in listed.output
    # The demo serves its account from the same in-process moto backends: start it clean.
    reset(suite.moto_url)
    run_demo(suite)
    allowed = policy_actions()
    assert sorted(recorder.reads - allowed) == [], "made, but the policy does not allow them"
    assert sorted(allowed - recorder.reads) == [], "allowed, but no run of the suite made them"
    assert recorder.credentials == {"sts:AssumeRole"}


def test_the_allow_list_is_the_shipped_policy() -> None:
    # Two copies, held equal here: the guard must not depend on a file a user may have
    # edited or not installed, and the policy is what a user deploys.
    assert policy_actions() == READS
    assert f"the actions the suite makes ({len(READS)}, each named" in " ".join(
        README.read_text(encoding="utf-8").split()
    )
    document = json.loads(POLICY.read_text(encoding="utf-8"))
    for statement in document["Statement"]:
        assert statement["Effect"] == "Allow"
        assert statement["Resource"] == "*"
        assert set(statement) <= {"Sid", "Effect", "Action", "Resource"}  # no conditions


def test_every_action_the_policy_allows_is_a_read_by_aws_data() -> None:
    assert sorted(a for a in policy_actions() if not iam_actions.only_reads(a)) == []
    assert not CREDENTIAL_ACTIONS & policy_actions()


def matches(pattern: str, action: str) -> bool:
    """IAM's action matching: case-insensitive, with ``*`` and ``?`` wildcards."""
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())


def lacking(managed: dict[str, Any], actions: set[str]) -> list[str]:
    """Those of ``actions`` no Allow statement of the managed policy's document matches."""
    patterns = [
        pattern
        for statement in managed["PolicyVersion"]["Document"]["Statement"]
        if statement["Effect"] == "Allow" and statement.get("Resource") == "*"
        for pattern in statement["Action"]
    ]
    return sorted(a for a in actions if not any(matches(p, a) for p in patterns))


def readme_list(name: str) -> list[str]:
    """The actions the README's Permissions section says the managed policy ``name`` lacks:
    those in backquotes in its sentence (from `` `name` ( `` to the sentence's end)."""
    text = README.read_text(encoding="utf-8")
    found = re.search(rf"`{name}` \((.*?)\.\s", text, re.DOTALL)
    assert found, f"the README names no actions {name} lacks"
    return sorted(re.findall(r"`([a-z0-9-]+:[A-Za-z0-9]+)`", found.group(1)))


def test_matching_follows_iam_wildcards() -> None:
    assert matches("iam:Get*", "iam:GetAccountSummary")
    assert matches("s3:GetBucket*", "s3:GetBucketPolicy")
    assert matches("ec2:describe*", "ec2:DescribeVpcs")
    assert not matches("s3:GetBucket*", "s3:GetAccountPublicAccessBlock")
    assert not matches("kinesis:DescribeStream", "kinesis:DescribeStreamSummary")


def test_the_readme_names_what_security_audit_lacks() -> None:
    managed = json.loads(SECURITY_AUDIT.read_text(encoding="utf-8"))
    version = managed["PolicyVersion"]

    assert f"{version['VersionId']} of {version['CreateDate'][:10]}" in README.read_text()
    assert readme_list("SecurityAudit") == lacking(managed, policy_actions())


def test_the_readme_counts_what_view_only_access_lacks() -> None:
    managed = json.loads(VIEW_ONLY.read_text(encoding="utf-8"))
    version = managed["PolicyVersion"]
    missing = lacking(managed, policy_actions())

    text = " ".join(README.read_text(encoding="utf-8").split())
    assert (
        f"`ViewOnlyAccess` ({version['VersionId']} of {version['CreateDate'][:10]})"
        f" lacks {len(missing)} of them" in text
    )
    # What it lacks is what makes a verdict: policies, configurations, the credential report.
    assert {"iam:GetCredentialReport", "s3:GetBucketPolicy", "kms:GetKeyPolicy"} <= set(missing)
