"""Every paginated read of the suite reads the second page: the whole demo account (both
regions) is run with every paginated answer split in two (tests/page_splitter.py), and
must reach the same verdicts, reasons and violations as without splitting; and every
operation the suite pages (by boto3's paginator or by hand) was split, on a list of at
least one item, so a reader of the first page only would have missed it."""

from __future__ import annotations

import ast
import io
import json
import re
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.botocore_hooks import hooked
from tests.conftest import ACCOUNT_ID, REPO, ROOT_KEYS_CONTROL, Suite
from tests.page_splitter import HAND_PAGED, PageSplitter, paging_of

DEMO = """[accounts.demo]
account_id = "123456789012"
demo = true
regions = ["us-east-1", "eu-west-1"]
"""


def _calls(path: Path) -> set[tuple[str, str, str]]:
    """(method, service, operation) of each ``X.call``/``X.paginate`` with literal names."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("call", "paginate")
        ):
            names = [a.value for a in node.args if isinstance(a, ast.Constant)]
            strings = [v for v in names if isinstance(v, str)]
            if len(strings) >= 2 and strings[1][:1].isupper():
                found.add((node.func.attr, strings[0], strings[1]))
    return found


CALLS = {
    call
    for folder in ("fixtures", "compliance_tests")
    for path in (REPO / folder).rglob("*.py")
    for call in _calls(path)
}
# Every paginated read: the paginator's, and the operations that page but are asked one
# page at a time (the reader follows the token by hand).
PAGINATED = {(s, o) for m, s, o in CALLS if m == "paginate"} | {
    (s, o) for m, s, o in CALLS if m == "call" and paging_of(s, o) is not None
}


# The demo is seeded relative to the time of its run, and moto names IAM Identity Center
# instances at random: two runs differ in these only.
RUN_SPECIFIC = re.compile(r"ssoins-[0-9a-z]+")
TIME = re.compile(r"\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?( UTC|\+00:00|Z)?")


def same_in_every_run(text: str) -> str:
    return RUN_SPECIFIC.sub("ssoins-ID", TIME.sub("TIME", text))


def outcomes(record: dict[str, Any]) -> dict[tuple[str, str, str], tuple[Any, ...]]:
    """Each result's verdict, reason, violations and the facts that decided it, by
    (control, account, region)."""
    return {
        (r["control"], r["account"], r["region"]): (
            r["verdict"],
            same_in_every_run(r["reason"]),
            [same_in_every_run(v) for v in r["violations"]],
            {k: same_in_every_run(str(v)) for k, v in r["decided_by"].items()},
        )
        for r in record["results"]
    }


def seed_two_of_each(suite: Suite) -> None:
    """Two items (or more) for each paginated read the demo leaves empty or never makes,
    in the test moto account (us-east-1)."""
    c = suite.client
    for n in (1, 2):
        c("glacier").create_vault(vaultName=f"vault-{n}")
        if n == 2:  # the second item (on the second page when split) decides the verdict
            c("glacier").set_vault_access_policy(
                vaultName=f"vault-{n}",
                policy={"Policy": json.dumps(public_policy(n, "glacier:ListParts"))},
            )
        c("dynamodb").create_table(
            TableName=f"table-{n}",
            KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        c("ecr").create_repository(repositoryName=f"repo-{n}")
        c("kinesis").create_stream(StreamName=f"stream-{n}", ShardCount=1)
        c("secretsmanager").create_secret(Name=f"secret-{n}", SecretString="x")
        c("logs").put_resource_policy(
            policyName=f"policy-{n}",
            policyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "events.amazonaws.com"},
                            "Action": "logs:PutLogEvents",
                            "Resource": "*",
                        }
                    ],
                }
            ),
        )
        c("rds").create_db_cluster(
            DBClusterIdentifier=f"cluster-{n}",
            Engine="aurora-postgresql",
            MasterUsername="admin",
            MasterUserPassword="password-1234",
        )
        c("s3").create_bucket(Bucket=f"bucket-{n}-for-access-points")
        c("s3control").create_access_point(
            AccountId=ACCOUNT_ID, Name=f"point-{n}", Bucket=f"bucket-{n}-for-access-points"
        )
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("index.py", "def handler(event, context):\n    return event\n")
        c("lambda").publish_layer_version(
            LayerName=f"layer-{n}", Content={"ZipFile": code.getvalue()}
        )
        c("lambda").publish_layer_version(
            LayerName=f"layer-{n}", Content={"ZipFile": code.getvalue()}
        )
        role = c("iam").create_role(
            RoleName=f"function-{n}-role", AssumeRolePolicyDocument=json.dumps(TRUST_LAMBDA)
        )["Role"]["Arn"]
        c("lambda").create_function(
            FunctionName=f"function-{n}",
            Runtime="python3.12",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": code.getvalue()},
            Publish=True,
        )
        c("lambda").create_alias(FunctionName=f"function-{n}", Name="live", FunctionVersion="1")
        c("lambda").create_alias(FunctionName=f"function-{n}", Name="next", FunctionVersion="1")
    iam = c("iam")
    iam.create_user(UserName="ssh-user")
    for key in ("AAAAB3NzaC1yc2EAAAADAQABAAABAQDone", "AAAAB3NzaC1yc2EAAAADAQABAAABAQDtwo"):
        iam.upload_ssh_public_key(UserName="ssh-user", SSHPublicKeyBody=f"ssh-rsa {key} me@x")
    ec2 = c("ec2")
    image = ec2.describe_images(Owners=["amazon"])["Images"]
    instance = ec2.run_instances(
        ImageId=image[0]["ImageId"] if image else "ami-12c6146b", MinCount=1, MaxCount=1
    )["Instances"][0]["InstanceId"]
    for n in (1, 2):
        ec2.create_image(InstanceId=instance, Name=f"image-{n}")
        volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=1)["VolumeId"]
        ec2.create_snapshot(VolumeId=volume)
    prefix_list = ec2.create_managed_prefix_list(
        PrefixListName="offices",
        MaxEntries=5,
        AddressFamily="IPv4",
        Entries=[{"Cidr": "0.0.0.0/0"}, {"Cidr": "10.0.0.0/8"}],
    )["PrefixList"]["PrefixListId"]
    group = ec2.create_security_group(GroupName="by-prefix-list", Description="d")["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "PrefixListIds": [{"PrefixListId": prefix_list}],
            }
        ],
    )
    organizations = c("organizations")
    organizations.create_organization(FeatureSet="ALL")
    root = organizations.list_roots()["Roots"][0]["Id"]
    members = []
    for n in (1, 2):
        organizations.create_organizational_unit(ParentId=root, Name=f"unit-{n}")
        organizations.enable_aws_service_access(
            ServicePrincipal=("ssm.amazonaws.com", "guardduty.amazonaws.com")[n - 1]
        )
        status = organizations.create_account(AccountName=f"m{n}", Email=f"m{n}@example.com")
        members.append(status["CreateAccountStatus"]["AccountId"])
    for member in members:
        for principal in ("ssm.amazonaws.com", "guardduty.amazonaws.com"):
            organizations.register_delegated_administrator(
                AccountId=member, ServicePrincipal=principal
            )
    policy = organizations.create_policy(
        Name="deny-leave",
        Description="d",
        Type="SERVICE_CONTROL_POLICY",
        Content=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}
                ],
            }
        ),
    )["Policy"]["PolicySummary"]["Id"]
    for member in members:
        organizations.attach_policy(PolicyId=policy, TargetId=member)


def public_policy(n: int, action: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": f"open{n}",
                "Effect": "Allow",
                "Principal": "*",
                "Action": action,
                "Resource": "*",
            }
        ],
    }


TRUST_LAMBDA = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def split_and_plain(
    suite: Suite, monkeypatch: pytest.MonkeyPatch, *accounts: str, control: Path | None = None
) -> Any:
    """The run record of a run of ``accounts`` (the whole suite, or ``control``), without
    and with splitting, and the splitter."""
    plain = suite.run(control=control, accounts=accounts).record()
    splitter = PageSplitter()
    with monkeypatch.context() as patch:
        hooked(patch, *splitter.handlers())
        split = suite.run(control=control, accounts=accounts).record()
    return plain, split, splitter


@pytest.fixture
def runs(suite: Suite, monkeypatch: pytest.MonkeyPatch) -> Any:
    suite.accounts_file.write_text(DEMO, encoding="utf-8")
    demo = split_and_plain(suite, monkeypatch, "demo")
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID}})
    # the demo's server shares this process's moto backends: start the account afresh
    reset = urllib.request.Request(f"{suite.moto_url}/moto-api/reset", method="POST")  # noqa: S310
    with urllib.request.urlopen(reset, timeout=10):  # noqa: S310 - the loopback moto server
        pass
    seed_two_of_each(suite)
    prod = split_and_plain(suite, monkeypatch, "prod")
    # --account org:NAME lists the organization prod manages (organizations:ListAccounts)
    suite.accounts_file.write_text(
        f'[organizations.main]\nmember_role_name = "OrganizationAccountAccessRole"\n'
        f'regions = ["us-east-1"]\nendpoint_url = {json.dumps(suite.moto_url)}\n',
        encoding="utf-8",
    )
    organization = split_and_plain(suite, monkeypatch, "org:main", control=ROOT_KEYS_CONTROL)
    return demo, prod, organization


def test_the_hand_paged_reads_are_known() -> None:
    assert set(HAND_PAGED) <= {(s, o) for m, s, o in CALLS if m == "call"}
    assert ("glacier", "ListVaults") in PAGINATED  # paged by hand by its Marker


def test_every_paginated_read_reads_its_second_page(runs: Any) -> None:
    """The demo account, then the test's moto account seeded with two of everything the
    demo lacks: the same outcomes split and not, and every paginated read split on items."""
    splitters = []
    for plain, split, splitter in runs:
        before, after = outcomes(plain), outcomes(split)
        assert set(after) == set(before)
        assert [(k, before[k], after[k]) for k in before if before[k] != after[k]] == []
        splitters.append(splitter)
    split_ops = {key for s in splitters for key in s.split}
    items = {key: max(s.items[key] for s in splitters) for key in split_ops}
    never = sorted(PAGINATED - split_ops)
    empty = sorted(key for key in PAGINATED if key in split_ops and not items[key])
    assert (never, empty) == ([], []), f"never split: {never}; only on empty lists: {empty}"
