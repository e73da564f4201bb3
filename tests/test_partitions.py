"""An ARN's partition comes from botocore's partition data, never from a region's name.

The suite writes ARNs AWS does not hand back (an instance's, a bucket's, a snapshot's, a
CloudWatch Logs resource policy's). Guessing the partition from the region's prefix
("cn-" is aws-cn, "us-gov-" is aws-us-gov, anything else aws) names the wrong partition for
every other one: us-iso-east-1 is in aws-iso, us-isob-east-1 in aws-iso-b.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from fixtures.aws.ec2 import parse_instances
from fixtures.aws.public_sharing_readers import read_amis
from fixtures.aws.resource_policy_listed_readers import read_logs
from fixtures.results.errors import CannotAssess
from fixtures.run.sessions import partition_of
from tests.conftest import REPO

OWNER = "123456789012"
DOCUMENT = '{"Version": "2012-10-17", "Statement": []}'
# Regions whose partition a guess from the name prefix gets wrong, and the partition
# botocore's data puts them in.
NOT_GUESSABLE = {
    "us-iso-east-1": "aws-iso",
    "us-isob-east-1": "aws-iso-b",
    "eu-isoe-west-1": "aws-iso-e",
}


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        ("us-east-1", "aws"),
        ("eu-west-1", "aws"),
        ("cn-north-1", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"),
        *NOT_GUESSABLE.items(),
    ],
)
def test_partition_of_a_region_is_botocores(region: str, partition: str) -> None:
    assert partition_of(region) == partition


def test_a_region_in_no_partition_cannot_be_assessed() -> None:
    with pytest.raises(CannotAssess, match="'xx-nowhere-9' is in no AWS partition"):
        partition_of("xx-nowhere-9")


@pytest.mark.parametrize(("region", "partition"), NOT_GUESSABLE.items())
def test_instance_arn_is_in_the_regions_partition(region: str, partition: str) -> None:
    pages = [
        {
            "Reservations": [
                {
                    "OwnerId": OWNER,
                    "Instances": [{"InstanceId": "i-0abc", "State": {"Name": "running"}}],
                }
            ]
        }
    ]

    (instance,) = parse_instances(pages, region)

    assert instance.arn == f"arn:{partition}:ec2:{region}:{OWNER}:instance/i-0abc"


class Answers:
    """An AccountData stand-in: one page per operation, and the audit identity's ARN."""

    def __init__(self, partition: str, pages: dict[str, dict[str, Any]]) -> None:
        self.caller_arn = f"arn:{partition}:sts::{OWNER}:assumed-role/audit/run"
        self.pages = pages

    def paginate(self, service: str, operation: str, **_: Any) -> list[dict[str, Any]]:
        return [self.pages[operation]]


def test_logs_resource_policy_arn_is_in_the_regions_partition() -> None:
    region = "us-isob-east-1"
    aws: Any = Answers(
        "aws-iso-b",
        {
            "DescribeResourcePolicies": {
                "resourcePolicies": [{"policyName": "delivery", "policyDocument": DOCUMENT}]
            }
        },
    )

    (policy,) = read_logs(aws, region)

    assert policy.arn == f"arn:aws-iso-b:logs:{region}:{OWNER}:resource-policy:delivery"


def test_ami_arn_is_in_the_regions_partition() -> None:
    # An AMI's ARN was written "arn:aws:" whatever the region.
    region = "cn-north-1"
    image = {"ImageId": "ami-0abc", "Public": False, "OwnerId": OWNER}
    aws: Any = Answers("aws-cn", {"DescribeImages": {"Images": [image]}})

    (policy,) = read_amis(aws, region)

    assert policy.arn == f"arn:aws-cn:ec2:{region}:{OWNER}:image/ami-0abc"


def test_no_reader_writes_or_guesses_a_partition() -> None:
    # The kind, not the three places found: an ARN's partition is partition_of's answer.
    guesses = re.compile(r"""f"arn:aws[:-]|startswith\(["'](cn|us-gov)-""")
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for path in (REPO / "fixtures").glob("*.py")
        if not path.name.startswith("moto_") and path.name != "demo.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if guesses.search(line)
    ]
    assert found == []
