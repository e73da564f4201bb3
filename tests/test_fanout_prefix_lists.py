"""The managed prefix lists a region's inbound rules name are read concurrently in the
prefetch (``ec2:GetManagedPrefixListEntries``, every page), then judged in the plain loop
with the same verdict. Concurrency is seen, not timed, as in tests/test_fanout.py.
"""

from __future__ import annotations

import pytest

from fixtures.aws import ec2_network
from tests.botocore_hooks import hooked
from tests.conftest import Suite
from tests.controls.test_ec2_security_group_remote_administration import (
    CASE4,
    IPV4,
    arn,
    ec2,
    group,
    tcp,
)
from tests.test_fanout import InFlight


def test_prefix_lists_are_read_concurrently_with_every_page(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ec2_network, "PREFIX_LIST_PAGE_SIZE", 1)  # two pages a list
    client = ec2(suite)
    lists = {}
    for name, entries in (
        ("office", ["198.51.100.0/24", "198.51.101.0/24"]),
        ("partners", ["203.0.113.0/25", "203.0.113.128/25"]),
        ("vpn", ["192.0.2.0/25", "192.0.2.128/25"]),
        ("everyone", ["0.0.0.0/1", "128.0.0.0/1"]),  # the whole internet, over two pages
    ):
        lists[name] = client.create_managed_prefix_list(
            PrefixListName=name,
            MaxEntries=5,
            AddressFamily="IPv4",
            Entries=[{"Cidr": cidr} for cidr in entries],
        )["PrefixList"]["PrefixListId"]
    groups = {
        name: group(suite, {**tcp(22, 22), "PrefixListIds": [{"PrefixListId": prefix_list}]})
        for name, prefix_list in lists.items()
    }
    probe = InFlight()
    hooked(monkeypatch, ("before-send.ec2.GetManagedPrefixListEntries", probe))

    run = suite.run("-p", "tests.fanout_probe", control=IPV4)

    run.result.assert_outcomes(failed=1)
    assert f"{arn(groups['everyone'])}: tcp 22 (SSH) open to 0.0.0.0/0" in run.output
    for name in ("office", "partners", "vpn"):
        assert arn(groups[name]) not in run.output
    actions = [c["action"] for c in run.evidence()[CASE4]["api_calls"]]
    assert actions.count("ec2:GetManagedPrefixListEntries") == 2 * len(lists)
    assert probe.peak >= 2  # two lists' entries in flight at once
    assert probe.phases == {"collection"}
