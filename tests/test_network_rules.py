"""fixtures/analysis/network_rules.py: what rules and ACL entries let in, at every edge."""

from __future__ import annotations

import ipaddress

import pytest

from fixtures.analysis.network_rules import (
    ALL_PORTS,
    ALL_PROTOCOLS,
    CIFS,
    REMOTE_ADMINISTRATION,
    TCP,
    UDP,
    NaclEntry,
    PermissionRule,
    PortRange,
    RuleError,
    Service,
    Source,
    covers_everything,
    nacl_inbound,
    network,
    open_to_everyone,
    protocol_number,
    reaches,
    untrusted_sources,
)

SSH = Service("SSH", TCP, 22)
SSH_UDP = Service("SSH", UDP, 22)
RDP = Service("RDP", TCP, 3389)


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("tcp", "6"),
        ("TCP", "6"),
        ("6", "6"),
        ("06", "6"),
        ("udp", "17"),
        ("17", "17"),
        ("-1", "-1"),
        ("all", "-1"),
        ("icmp", "1"),
        ("icmpv6", "58"),
        ("132", "132"),
    ],
)
def test_protocols_are_read_alike(written: str, number: str) -> None:
    assert protocol_number(written) == number


@pytest.mark.parametrize("written", ["", "tcpx", "256", "-2", "1.5"])
def test_unknown_protocol_is_an_error(written: str) -> None:
    with pytest.raises(RuleError, match="not an IP protocol"):
        protocol_number(written)


@pytest.mark.parametrize(
    ("first", "last", "covered"),
    [
        (21, 21, False),
        (22, 22, True),
        (23, 23, False),
        (20, 21, False),
        (20, 22, True),
        (22, 23, True),
        (23, 65535, False),
        (0, 65535, True),
    ],
)
def test_a_port_range_covers_ssh_at_its_edges(first: int, last: int, covered: bool) -> None:
    assert reaches(TCP, PortRange(first, last), SSH) is covered


@pytest.mark.parametrize(
    ("first", "last", "covered"),
    [(3388, 3388, False), (3389, 3389, True), (3390, 3390, False), (3388, 3390, True)],
)
def test_a_port_range_covers_rdp_at_its_edges(first: int, last: int, covered: bool) -> None:
    assert reaches(TCP, PortRange(first, last), RDP) is covered


def test_protocol_decides_before_ports() -> None:
    assert reaches(ALL_PROTOCOLS, ALL_PORTS, SSH)
    assert reaches(ALL_PROTOCOLS, PortRange(80, 80), SSH)  # all protocols: ports ignored
    assert not reaches(UDP, PortRange(22, 22), SSH)
    assert reaches(UDP, PortRange(22, 22), SSH_UDP)
    assert not reaches("1", ALL_PORTS, SSH)  # ICMP has no ports
    assert not reaches("132", ALL_PORTS, SSH)


def test_the_services_checked() -> None:
    assert {(s.protocol, s.port) for s in REMOTE_ADMINISTRATION} == {
        (TCP, 22),
        (UDP, 22),
        (TCP, 3389),
        (UDP, 3389),
    }
    assert [(s.protocol, s.port) for s in CIFS] == [(TCP, 445)]


@pytest.mark.parametrize(("first", "last"), [(-1, 5), (5, 4), (0, 65536)])
def test_impossible_port_range_is_an_error(first: int, last: int) -> None:
    with pytest.raises(RuleError, match="not a port range"):
        PortRange(first, last)


def test_cidr_text() -> None:
    assert network("0.0.0.0/0") == ipaddress.ip_network("0.0.0.0/0")
    assert network("10.1.2.3/8") == ipaddress.ip_network("10.0.0.0/8")  # host bits tolerated
    assert network(" ::/0 ") == ipaddress.ip_network("::/0")
    with pytest.raises(RuleError, match="not a CIDR block"):
        network("0.0.0.0/33")


@pytest.mark.parametrize(
    ("cidrs", "version", "everything"),
    [
        (["0.0.0.0/0"], 4, True),
        (["0.0.0.0/1"], 4, False),
        (["128.0.0.0/1"], 4, False),
        (["0.0.0.0/1", "128.0.0.0/1"], 4, True),
        (["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/2"], 4, True),
        (["0.0.0.0/1", "128.0.0.0/2"], 4, False),
        (["::/0"], 4, False),
        (["::/0"], 6, True),
        (["::/1", "8000::/1"], 6, True),
        (["0.0.0.0/0"], 6, False),
    ],
)
def test_covers_everything(cidrs: list[str], version: int, everything: bool) -> None:
    assert covers_everything([network(c) for c in cidrs], version) is everything  # type: ignore[arg-type]


def rule(protocol: str, first: int, last: int, *cidrs: str) -> PermissionRule:
    return PermissionRule(
        protocol, PortRange(first, last), tuple(Source(c, network(c)) for c in cidrs)
    )


def test_open_to_everyone_names_the_rule_with_the_whole_space() -> None:
    rules = [rule(TCP, 22, 22, "10.0.0.0/8"), rule(TCP, 0, 65535, "0.0.0.0/0")]

    found = open_to_everyone(rules, [SSH], 4)

    assert found == ["tcp 22 (SSH) open to 0.0.0.0/0: tcp all ports from 0.0.0.0/0"]
    assert open_to_everyone(rules, [SSH], 6) == []


def test_open_to_everyone_adds_up_parts_across_rules() -> None:
    rules = [rule(TCP, 22, 22, "0.0.0.0/1"), rule(ALL_PROTOCOLS, 0, 65535, "128.0.0.0/1")]

    assert open_to_everyone(rules, [SSH], 4) == [
        "tcp 22 (SSH) open to 0.0.0.0/0: tcp port 22 from 0.0.0.0/1;"
        " all protocols from 128.0.0.0/1 (together 0.0.0.0/0)"
    ]
    # a part on another port does not add up
    assert open_to_everyone([rules[0], rule(TCP, 23, 23, "128.0.0.0/1")], [SSH], 4) == []


def test_untrusted_sources() -> None:
    trusted = [network("10.0.0.0/8"), network("fc00::/7")]
    rules = [
        rule(TCP, 445, 445, "10.1.0.0/16", "10.0.0.0/7", "fd00::/8", "0.0.0.0/0"),
        rule(TCP, 444, 444, "0.0.0.0/0"),
        rule(TCP, 446, 446, "0.0.0.0/0"),
    ]

    assert untrusted_sources(rules, CIFS, trusted) == [
        "tcp 445 (CIFS): tcp port 445 from 10.0.0.0/7",
        "tcp 445 (CIFS): tcp port 445 from 0.0.0.0/0",
    ]


def entry(
    number: int,
    allow: bool,
    cidr: str,
    protocol: str = ALL_PROTOCOLS,
    ports: PortRange = ALL_PORTS,
    egress: bool = False,
) -> NaclEntry:
    return NaclEntry(number, protocol, allow, egress, network(cidr), ports)


DEFAULT_STAR = entry(32767, False, "0.0.0.0/0")


def test_default_nacl_is_open() -> None:
    verdict = nacl_inbound([entry(100, True, "0.0.0.0/0"), DEFAULT_STAR], SSH, 4)

    assert verdict.open_to_everyone
    assert (
        verdict.describe()
        == "tcp 22 (SSH) from 0.0.0.0/0: rule 100 allows all protocols from 0.0.0.0/0"
    )


def test_only_the_star_rule_is_closed() -> None:
    assert not nacl_inbound([DEFAULT_STAR], SSH, 4).open_to_everyone
    assert not nacl_inbound([], SSH, 4).open_to_everyone  # nothing matches: denied


def test_deny_with_a_lower_number_shadows_the_allow() -> None:
    entries = [
        entry(200, True, "0.0.0.0/0"),
        entry(100, False, "0.0.0.0/0", TCP, PortRange(22, 22)),
        DEFAULT_STAR,
    ]

    assert not nacl_inbound(entries, SSH, 4).open_to_everyone
    assert nacl_inbound(entries, SSH_UDP, 4).open_to_everyone  # the deny is for TCP only
    assert nacl_inbound(entries, RDP, 4).open_to_everyone


def test_deny_with_a_higher_number_comes_too_late() -> None:
    entries = [
        entry(100, True, "0.0.0.0/0"),
        entry(200, False, "0.0.0.0/0", TCP, PortRange(22, 22)),
    ]

    assert nacl_inbound(entries, SSH, 4).open_to_everyone


@pytest.mark.parametrize(
    ("first", "last", "shadowed"),
    [(21, 21, False), (22, 22, True), (23, 23, False), (20, 22, True), (22, 30, True)],
)
def test_deny_range_edges(first: int, last: int, shadowed: bool) -> None:
    entries = [
        entry(10, False, "0.0.0.0/0", TCP, PortRange(first, last)),
        entry(20, True, "0.0.0.0/0"),
    ]

    assert nacl_inbound(entries, SSH, 4).open_to_everyone is not shadowed


def test_deny_of_a_few_addresses_leaves_the_allow_open() -> None:
    entries = [entry(10, False, "198.51.100.7/32"), entry(20, True, "0.0.0.0/0")]

    verdict = nacl_inbound(entries, SSH, 4)

    assert verdict.open_to_everyone
    assert verdict.describe().endswith(
        "rule 20 allows all protocols from 0.0.0.0/0 (earlier deny entries keep out only"
        " 198.51.100.7/32)"
    )


def test_deny_of_half_and_the_other_half_shadow_the_allow() -> None:
    entries = [
        entry(10, False, "0.0.0.0/1"),
        entry(11, False, "128.0.0.0/1"),
        entry(20, True, "0.0.0.0/0"),
    ]

    verdict = nacl_inbound(entries, SSH, 4)

    assert not verdict.open_to_everyone
    assert verdict.effective_allows == ()


def test_deny_of_half_leaves_the_allow_effective_for_the_other_half() -> None:
    verdict = nacl_inbound([entry(10, False, "0.0.0.0/1"), entry(20, True, "0.0.0.0/0")], SSH, 4)

    assert verdict.open_to_everyone
    assert verdict.allowed == (network("128.0.0.0/1"),)


def test_halves_allowed_by_two_entries_add_up() -> None:
    entries = [entry(10, True, "0.0.0.0/1", TCP, PortRange(22, 22)), entry(20, True, "128.0.0.0/1")]

    assert nacl_inbound(entries, SSH, 4).open_to_everyone
    assert not nacl_inbound(entries[:1], SSH, 4).open_to_everyone


def test_allow_of_a_range_then_deny_all() -> None:
    entries = [entry(10, True, "10.0.0.0/8", TCP, PortRange(22, 22)), entry(20, False, "0.0.0.0/0")]

    verdict = nacl_inbound(entries, SSH, 4)

    assert not verdict.open_to_everyone
    assert verdict.allowed == (network("10.0.0.0/8"),)


def test_outbound_and_other_family_entries_do_not_count() -> None:
    entries = [entry(10, True, "0.0.0.0/0", egress=True), entry(20, True, "::/0")]

    assert not nacl_inbound(entries, SSH, 4).open_to_everyone
    assert nacl_inbound(entries, SSH, 6).open_to_everyone


def test_ipv4_deny_does_not_shadow_ipv6_allow() -> None:
    entries = [entry(10, False, "0.0.0.0/0"), entry(20, True, "::/0")]

    assert nacl_inbound(entries, SSH, 6).open_to_everyone


def test_icmp_allow_does_not_reach_ssh() -> None:
    assert not nacl_inbound([entry(10, True, "0.0.0.0/0", "1")], SSH, 4).open_to_everyone
