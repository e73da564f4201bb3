"""Security group rules and network ACL entries, pinned where mutation testing (``make
mutation``) found the unit tests blind: a later service or rule after one that does not
match, several untrusted rules, ACL entries after one whose addresses were all decided,
deny entries that split the address space more than once, protocol numbers at their edges,
and how the evidence names rules and entries."""

from __future__ import annotations

import pytest

from fixtures.analysis.network_rules import (
    ALL_PORTS,
    ALL_PROTOCOLS,
    CIFS,
    REMOTE_ADMINISTRATION,
    TCP,
    NaclEntry,
    PermissionRule,
    PortRange,
    RuleError,
    Service,
    Source,
    nacl_inbound,
    network,
    open_to_everyone,
    protocol_number,
    untrusted_sources,
)

SSH = Service("SSH", TCP, 22)


def rule(protocol: str, first: int, last: int, *cidrs: str) -> PermissionRule:
    return PermissionRule(
        protocol, PortRange(first, last), tuple(Source(c, network(c)) for c in cidrs)
    )


def entry(
    number: int,
    allow: bool,
    cidr: str,
    protocol: str = ALL_PROTOCOLS,
    ports: PortRange = ALL_PORTS,
) -> NaclEntry:
    return NaclEntry(number, protocol, allow, False, network(cidr), ports)


@pytest.mark.parametrize(("written", "number"), [("0", "0"), ("255", "255")])
def test_protocol_numbers_at_the_edges_of_0_to_255_are_read(written: str, number: str) -> None:
    # IANA's protocol numbers run 0 (HOPOPT) to 255; AWS takes any of them by number
    assert protocol_number(written) == number


def test_protocol_number_one_past_the_edge_is_refused() -> None:
    with pytest.raises(RuleError):
        protocol_number("256")


def test_rdp_open_is_found_after_ssh_closed() -> None:
    # CIS 6.2: the group opens only RDP; SSH (checked first) is closed, RDP must be reported
    rules = [rule(TCP, 3389, 3389, "0.0.0.0/0")]
    assert open_to_everyone(rules, REMOTE_ADMINISTRATION, 4) == [
        "tcp 3389 (RDP) open to 0.0.0.0/0: tcp port 3389 from 0.0.0.0/0"
    ]


def test_every_untrusted_rule_is_listed_whatever_comes_before_or_after() -> None:
    trusted = [network("10.0.0.0/8")]
    rules = [
        rule(TCP, 80, 80, "0.0.0.0/0"),  # does not reach CIFS
        rule(TCP, 445, 445, "203.0.113.0/24"),
        rule(TCP, 0, 65535, "198.51.100.0/24"),
        rule(TCP, 445, 445, "10.1.0.0/16"),  # trusted: adds nothing, takes nothing away
    ]
    assert untrusted_sources(rules, CIFS, trusted) == [
        "tcp 445 (CIFS): tcp port 445 from 203.0.113.0/24",
        "tcp 445 (CIFS): tcp all ports from 198.51.100.0/24",
    ]


def test_how_rules_services_and_entries_are_named() -> None:
    # protocols without a name (ICMP is 1, SCTP 132) go by number
    assert PermissionRule("1", ALL_PORTS, ()).describe() == "protocol 1 all ports"
    assert str(Service("SCTP", "132", 9899)) == "132 9899 (SCTP)"
    assert entry(10, False, "0.0.0.0/0").describe() == "rule 10 denies all protocols from 0.0.0.0/0"
    assert (
        entry(20, True, "10.0.0.0/8", TCP, PortRange(22, 22)).describe()
        == "rule 20 allows tcp port 22 from 10.0.0.0/8"
    )
    assert (
        entry(30, True, "::/0", "132", PortRange(1, 2)).describe()
        == "rule 30 allows protocol 132 ports 1-2 from ::/0"
    )


def test_an_entry_after_one_whose_addresses_were_all_decided_still_counts() -> None:
    # rule 20 comes too late for any address (rule 10 denied them all first); rule 30 still
    # lets everyone else in
    entries = [
        entry(10, False, "10.0.0.0/8"),
        entry(20, True, "10.0.0.0/8"),
        entry(30, True, "0.0.0.0/0"),
    ]
    verdict = nacl_inbound(entries, SSH, 4)
    assert [e.rule_number for e in verdict.effective_allows] == [30]
    assert verdict.open_to_everyone


def test_an_allow_shadowed_by_an_identical_deny_does_not_add_up() -> None:
    # 0.0.0.0/1 is denied by rule 10 before rule 20 allows it: only 128.0.0.0/1 gets in
    entries = [
        entry(10, False, "0.0.0.0/1"),
        entry(20, True, "0.0.0.0/1"),
        entry(30, True, "128.0.0.0/1"),
    ]
    verdict = nacl_inbound(entries, SSH, 4)
    assert not verdict.open_to_everyone
    assert [e.rule_number for e in verdict.effective_allows] == [30]


@pytest.mark.parametrize(
    "denied",
    [
        ["64.0.0.0/2"],  # one deny: what is left is two blocks, the allows each meet one
        ["10.0.0.0/8", "11.0.0.0/9"],  # two denies, the second inside the last block left
        ["10.0.0.0/8", "192.168.0.0/16"],
    ],
)
def test_allows_behind_deny_entries_that_split_the_space_still_add_up(denied: list[str]) -> None:
    entries = [entry(10 + n, False, cidr) for n, cidr in enumerate(denied)]
    entries += [entry(20, True, "0.0.0.0/1"), entry(30, True, "128.0.0.0/1")]
    verdict = nacl_inbound(entries, SSH, 4)
    assert [e.rule_number for e in verdict.effective_allows] == [20, 30]
    assert verdict.open_to_everyone
    assert verdict.describe() == (
        "tcp 22 (SSH) from 0.0.0.0/0: rule 20 allows all protocols from 0.0.0.0/1;"
        " rule 30 allows all protocols from 128.0.0.0/1 (earlier deny entries keep out only "
        + ", ".join(denied)
        + ")"
    )


def test_the_addresses_let_in_add_up_over_allow_entries() -> None:
    verdict = nacl_inbound([entry(10, True, "0.0.0.0/1"), entry(20, True, "128.0.0.0/1")], SSH, 4)
    assert verdict.allowed == (network("0.0.0.0/0"),)


@pytest.mark.parametrize(
    ("count", "listed"),
    [
        (3, "192.0.2.1/32, 192.0.2.3/32, 192.0.2.5/32)"),
        (4, "192.0.2.1/32, 192.0.2.3/32, 192.0.2.5/32, ...)"),
    ],
)
def test_what_deny_entries_keep_out_is_listed_up_to_three(count: int, listed: str) -> None:
    entries = [entry(n, False, f"192.0.2.{2 * n + 1}/32") for n in range(count)]
    verdict = nacl_inbound([*entries, entry(100, True, "0.0.0.0/0")], SSH, 4)
    assert verdict.describe().endswith("(earlier deny entries keep out only " + listed)
