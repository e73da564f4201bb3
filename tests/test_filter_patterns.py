"""CloudWatch Logs JSON filter patterns: parsed and evaluated as AWS documents them, and
judged by what they match against the CloudTrail events CIS 5.1 to 5.15 name."""

from __future__ import annotations

import re
from typing import Any

import pytest

from fixtures.analysis.cis_monitoring_events import (
    ALL,
    CIS_PATTERNS,
    CLOUDTRAIL_CHANGES,
    IAM_POLICY_CHANGES,
    ROOT_ACCOUNT_USAGE,
    SECURITY_GROUP_CHANGES,
    UNAUTHORIZED_API_CALLS,
    MonitoredEvents,
    judge_pattern,
)
from fixtures.analysis.filter_patterns import (
    MAX_DEPTH,
    FilterPatternError,
    NotEvaluated,
    parse,
)

BY_ID = {monitored.cis_id: monitored for monitored in ALL}
EVENT = {
    "eventName": "ConsoleLogin",
    "errorCode": "Client.UnauthorizedOperation",
    "userIdentity": {"type": "Root", "sessionContext": {"mfa": True}},
    "latency": 250,
    "ratio": 0.5,
    "flag": False,
    "nothing": None,
    "items": [{"id": "a"}, {"id": "b"}],
    "nested": [[1, 2], [3]],
}


def misses(pattern: str, monitored: MonitoredEvents) -> list[str]:
    """The events CIS names that ``pattern`` does not count."""
    parsed = parse(pattern)
    return [event.name for event in monitored.events if not parsed.matches(event.event())]


def counts_excluded(pattern: str, monitored: MonitoredEvents) -> list[str]:
    parsed = parse(pattern)
    return [event.name for event in monitored.excluded if parsed.matches(event.event())]


@pytest.mark.parametrize("monitored", ALL, ids=lambda m: m.cis_id)
def test_cis_own_pattern_counts_every_named_event_and_nothing_excluded(
    monitored: MonitoredEvents,
) -> None:
    assert misses(CIS_PATTERNS[monitored.cis_id], monitored) == []
    assert counts_excluded(CIS_PATTERNS[monitored.cis_id], monitored) == []


def test_the_monitored_sets_are_the_fifteen_recommendations() -> None:
    assert [m.cis_id for m in ALL] == [f"5.{n}" for n in range(1, 16)]
    assert len(IAM_POLICY_CHANGES.events) == 16
    assert len(BY_ID["5.15"].events) == 18


# Equivalent patterns written differently: each still counts every event.
EQUIVALENT = [
    # other whitespace, none at all, tabs and new lines
    (
        "5.5",
        "{($.eventName=CreateTrail)||($.eventName=UpdateTrail)||($.eventName=DeleteTrail)"
        "||($.eventName=StartLogging)||($.eventName=StopLogging)}",
    ),
    (
        "5.5",
        "{\n\t($.eventName = CreateTrail) ||\n\t($.eventName = UpdateTrail) ||"
        " ($.eventName = DeleteTrail)   ||($.eventName = StartLogging) ||"
        " ($.eventName = StopLogging)\n}",
    ),
    # reordered || terms, quoted values
    (
        "5.5",
        '{ ($.eventName = "StopLogging") || ($.eventName = "StartLogging") ||'
        ' ($.eventName = "DeleteTrail") || ($.eventName = "UpdateTrail") ||'
        ' ($.eventName = "CreateTrail") }',
    ),
    # no parentheses, and extra ones
    (
        "5.5",
        "{ $.eventName = CreateTrail || $.eventName = UpdateTrail || $.eventName = DeleteTrail"
        " || $.eventName = StartLogging || $.eventName = StopLogging }",
    ),
    (
        "5.5",
        "{ ((($.eventName = CreateTrail) || ($.eventName = UpdateTrail))) ||"
        " (($.eventName = DeleteTrail) || (($.eventName = StartLogging) ||"
        " ($.eventName = StopLogging))) }",
    ),
    # an added OR term
    (
        "5.5",
        "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) ||"
        " ($.eventName = DeleteTrail) || ($.eventName = StartLogging) ||"
        " ($.eventName = StopLogging) || ($.eventName = PutEventSelectors) }",
    ),
    # a wildcard that covers several names
    (
        "5.7",
        '{ $.eventSource = "kms.amazonaws.com" && ($.eventName = "ScheduleKeyDeletion"'
        ' || $.eventName = "Disable*") }',
    ),
    # 5.1 without CIS's optional exclusions, and with a wildcard inside
    ("5.1", '{ $.errorCode = "*UnauthorizedOperation" || $.errorCode = "AccessDenied*" }'),
    ("5.1", '{ $.errorCode = "*Unauthorized*" || $.errorCode = "Access*Denied*" }'),
    # 5.2 as CIS's SSO-aware variant, and with the MFA test written on its other side
    (
        "5.2",
        '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes")'
        ' && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    ),
    ("5.2", '{ $.additionalEventData.MFAUsed = "No" && $.eventName = "ConsoleLogin" }'),
    # 5.3 with the conditions reordered and grouped
    (
        "5.3",
        '{ ($.eventType != "AwsServiceEvent") && ($.userIdentity.invokedBy NOT EXISTS'
        ' && $.userIdentity.type = "Root") }',
    ),
    # 5.6 on the response element instead of the error message
    ("5.6", '{ $.eventName = "ConsoleLogin" && $.responseElements.ConsoleLogin = "Failure" }'),
    # 5.13 with the source last
    (
        "5.13",
        "{ ("
        + " || ".join(f"$.eventName = {e.record['eventName']}" for e in BY_ID["5.13"].events)
        + ") && $.eventSource = ec2.amazonaws.com }",
    ),
]


@pytest.mark.parametrize(("cis_id", "pattern"), EQUIVALENT)
def test_an_equivalent_pattern_written_differently_counts_every_event(
    cis_id: str, pattern: str
) -> None:
    assert misses(pattern, BY_ID[cis_id]) == []
    assert counts_excluded(pattern, BY_ID[cis_id]) == []


# Patterns that look right and are not: each misses the events named.
LOOKS_RIGHT = [
    # a typo'd eventName
    ("5.5", CIS_PATTERNS["5.5"].replace("StopLogging", "StopLoging"), ["cloudtrail:StopLogging"]),
    # && where || was meant: no event has two names
    (
        "5.7",
        "{ ($.eventSource = kms.amazonaws.com) && ($.eventName = DisableKey)"
        " && ($.eventName = ScheduleKeyDeletion) }",
        ["kms:DisableKey", "kms:ScheduleKeyDeletion"],
    ),
    # CIS's parentheses dropped: && binds tighter, so the source guards DisableKey only...
    # which still counts both; but grouping the source with the wrong term does not:
    (
        "5.7",
        "{ ($.eventSource = kms.amazonaws.com && $.eventName = DisableKey) ||"
        " $.eventName = ScheduleKeyDeletion && $.eventSource = kms }",
        ["kms:ScheduleKeyDeletion"],
    ),
    # a != flipped
    (
        "5.2",
        '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed = "Yes") }',
        ["ConsoleLogin by an IAM user without MFA"],
    ),
    # the wrong field
    (
        "5.6",
        '{ ($.eventName = ConsoleLogin) && ($.errorCode = "Failed authentication") }',
        [
            "ConsoleLogin that failed authentication",
            "ConsoleLogin by the root user that failed authentication",
        ],
    ),
    # case matters
    ("5.4", CIS_PATTERNS["5.4"].replace("PutRolePolicy", "putRolePolicy"), ["iam:PutRolePolicy"]),
    # a wildcard on the wrong side
    (
        "5.1",
        '{ $.errorCode = "UnauthorizedOperation*" || $.errorCode = "AccessDenied*" }',
        [
            "ec2:DescribeInstances answered Client.UnauthorizedOperation",
            "ec2:RunInstances answered Client.UnauthorizedOperation",
        ],
    ),
    # 5.3 with invokedBy tested by != : never true on events without invokedBy
    (
        "5.3",
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy != "AWS Internal"'
        ' && $.eventType != "AwsServiceEvent" }',
        ["ConsoleLogin by the root user", "iam:CreateAccessKey by the root user"],
    ),
    # one of the 16 IAM events left out
    (
        "5.4",
        CIS_PATTERNS["5.4"].replace(" || ($.eventName = DetachGroupPolicy)", ""),
        ["iam:DetachGroupPolicy"],
    ),
]


@pytest.mark.parametrize(("cis_id", "pattern", "missed"), LOOKS_RIGHT)
def test_a_pattern_that_looks_right_but_is_not_misses_named_events(
    cis_id: str, pattern: str, missed: list[str]
) -> None:
    assert misses(pattern, BY_ID[cis_id]) == missed


def test_counting_what_cis_excludes_is_seen() -> None:
    assert counts_excluded('{ $.eventName = "ConsoleLogin" }', BY_ID["5.2"]) == [
        "ConsoleLogin by an IAM user with MFA"
    ]
    assert counts_excluded('{ $.userIdentity.type = "Root" }', BY_ID["5.3"]) == [
        "s3:GetBucketAcl by an AWS service for the root user (invokedBy)",
        "an AWS service event under the root user (AwsServiceEvent)",
    ]
    # matching everything counts every named event, and the excluded ones too
    assert misses("", BY_ID["5.4"]) == []
    assert misses("{ $.eventName = * }", BY_ID["5.4"]) == []
    assert counts_excluded("{ $.eventName = * }", BY_ID["5.2"]) != []


@pytest.mark.parametrize(
    ("pattern", "matches"),
    [
        ('{ $.eventName = "ConsoleLogin" }', True),
        ("{ $.eventName = ConsoleLogin }", True),
        ('{ $.eventName = "consolelogin" }', False),  # case sensitive
        ('{ $.eventName != "ConsoleLogin" }', False),
        ('{ $.eventName != "Other" }', True),
        ('{ $.missing != "x" }', False),  # != needs the field
        ('{ $.missing = "x" }', False),
        ('{ $.nothing != "x" }', False),  # a null is no string
        ("{ $.eventName = Console* }", True),  # prefix
        ("{ $.eventName = *Login }", True),  # suffix
        ("{ $.eventName = Con*Log*n }", True),  # infix, twice
        ("{ $.eventName = *onsole* }", True),
        ("{ $.eventName = *Console }", False),
        ("{ $.eventName = ConsoleLogin* }", True),  # * matches nothing too
        ("{ $.eventName != Console* }", False),
        ("{ $.eventName = * }", True),
        ("{ $.missing = * }", False),
        ("{ $.latency = * }", True),  # "= *" is "exists", whatever the type
        ('{ $.nothing = "*" }', True),
        ("{ $.items = * }", True),
        ("{ $.eventName != * }", False),
        ("{ $.userIdentity.type = Root }", True),
        ("{ $.userIdentity.sessionContext.mfa IS TRUE }", True),
        ("{ $.userIdentity.sessionContext.mfa IS FALSE }", False),
        ("{ $.flag IS FALSE }", True),
        ("{ $.flag IS TRUE }", False),
        ("{ $.eventName IS TRUE }", False),  # a string is no boolean
        ("{ $.nothing IS NULL }", True),
        ("{ $.missing IS NULL }", False),
        ("{ $.flag IS NULL }", False),
        ("{ $.nothing EXISTS }", True),  # present, null included
        ("{ $.nothing NOT EXISTS }", False),
        ("{ $.missing NOT EXISTS }", True),
        ("{ $.missing EXISTS }", False),
        ("{ $.items[0].id = a }", True),
        ("{ $.items[1].id = a }", False),
        ("{ $.items[2].id = a }", False),  # past the end
        ("{ $.nested[0][1] = 2 }", True),
        ("{ $.nested[1][0] > 2 }", True),
        ("{ $.eventName[0] = C }", False),  # a string is no array
        ("{ $.latency = 250 }", True),
        ("{ $.latency = 250.0 }", True),
        ('{ $.latency = "250" }', False),  # a string value never equals a number
        ("{ $.latency != 250 }", False),
        ("{ $.latency != 251 }", True),
        ("{ $.latency > 249 }", True),
        ("{ $.latency > 250 }", False),
        ("{ $.latency >= 250 }", True),
        ("{ $.latency < 251 }", True),
        ("{ $.latency < 250 }", False),
        ("{ $.latency <= 250 }", True),
        ("{ $.ratio < .6 }", True),
        ("{ $.latency > -1 }", True),
        ("{ $.flag = 0 }", False),  # a boolean is no number
        ("{ $.eventName > 1 }", False),  # a string is no number
        ("{ $.missing < 1 }", False),
        # precedence: && binds tighter than ||
        ("{ $.eventName = ConsoleLogin || $.latency = 1 && $.flag IS TRUE }", True),
        ("{ ($.eventName = ConsoleLogin || $.latency = 1) && $.flag IS TRUE }", False),
        ("{ $.latency = 1 && $.flag IS TRUE || $.eventName = ConsoleLogin }", True),
        ("", True),
        ("   ", True),
    ],
)
def test_aws_semantics(pattern: str, matches: bool) -> None:
    assert parse(pattern).matches(EVENT) is matches


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("ERROR", "not a JSON pattern"),
        ('"Failed authentication"', "not a JSON pattern"),
        ("[ip, user, status = 404]", "space-delimited"),
        ("{ }", "an empty JSON pattern"),
        ("{ $.eventName = ConsoleLogin", "expected '}'"),
        ("{ $.eventName = ConsoleLogin }}", "text after the closing brace"),
        ("{ ($.eventName = ConsoleLogin }", "expected ')'"),
        ("{ eventName = ConsoleLogin }", "expected a selector"),
        ("{ $ = ConsoleLogin }", "at least one property"),
        ("{ $.eventName == ConsoleLogin }", "expected a value"),
        ("{ $.eventName ConsoleLogin }", "expected a comparison"),
        ("{ $.eventName = }", "expected a value"),
        ('{ $.eventName = "ConsoleLogin }', "not closed"),
        ("{ $.eventName > abc }", "needs a number"),
        ("{ $.eventName IS MAYBE }", "expected TRUE, FALSE or NULL"),
        ("{ $.eventName NOT THERE }", "expected EXISTS"),
        ("{ $.eventName = a && }", "expected a selector"),
        ("{ $.eventName = a & $.b = c }", "expected '}'"),
        ("{ $.eventType = %Update.*% }", "regular expression"),
        ("{ $.a[x] = 1 }", "array index"),
    ],
)
def test_a_pattern_that_cannot_be_evaluated_says_why(pattern: str, reason: str) -> None:
    with pytest.raises(FilterPatternError, match=re.escape(reason)):
        parse(pattern)


def test_records_are_not_changed_by_evaluation() -> None:
    event: dict[str, Any] = BY_ID["5.3"].events[0].event()
    parse(CIS_PATTERNS["5.3"]).matches(event)
    assert event == BY_ID["5.3"].events[0].record


@pytest.mark.parametrize("monitored", ALL, ids=lambda m: m.cis_id)
def test_cis_own_pattern_monitors_in_every_variant_and_counts_nothing_benign(
    monitored: MonitoredEvents,
) -> None:
    judged = judge_pattern(CIS_PATTERNS[monitored.cis_id], monitored)
    assert (judged.missed, judged.counted_excluded, judged.counted_benign) == ((), (), ())
    assert judged.monitors


@pytest.mark.parametrize(("cis_id", "pattern"), EQUIVALENT)
def test_an_equivalent_pattern_monitors_in_every_variant(cis_id: str, pattern: str) -> None:
    assert judge_pattern(pattern, BY_ID[cis_id]).monitors


def _inner(cis_id: str) -> str:
    return CIS_PATTERNS[cis_id].strip()[1:-1]


# A filter narrowed on what is incidental to one record (who, where, with what client, which
# account, read-only or not) misses the event in its other forms: each names what differs.
NARROWED = [
    (
        '{ $.userIdentity.type = "IAMUser" && (' + _inner("5.4") + ") }",
        IAM_POLICY_CHANGES,
        "iam:PutRolePolicy [by an SSO role session (AssumedRole); by a CI role session"
        " (AssumedRole); by a federated user (FederatedUser)]",
    ),
    (
        '{ $.awsRegion = "us-east-1" && (' + _inner("5.10") + ") }",
        SECURITY_GROUP_CHANGES,
        "ec2:CreateSecurityGroup [in eu-west-1; in ap-southeast-2]",
    ),
    (
        '{ $.userAgent = "aws-cli*" && (' + _inner("5.5") + ") }",
        CLOUDTRAIL_CHANGES,
        "cloudtrail:StopLogging [from the console (userAgent AWS Internal);"
        " from an SDK (userAgent Boto3)]",
    ),
    (
        '{ $.recipientAccountId = "123456789012" && ' + _inner("5.3") + " }",
        ROOT_ACCOUNT_USAGE,
        "iam:CreateAccessKey by the root user [in account 210987654321 (recipientAccountId)]",
    ),
    (
        "{ $.readOnly IS TRUE && $.errorCode = * }",
        UNAUTHORIZED_API_CALLS,
        "ec2:RunInstances answered Client.UnauthorizedOperation [as recorded (IAMUser,"
        " us-east-1, userAgent aws-cli/2.17.0); by an SSO",
    ),
    (
        "{ $.readOnly IS TRUE && $.errorCode = * }",
        UNAUTHORIZED_API_CALLS,
        "iam:ListUsers answered AccessDenied [with readOnly flipped]",
    ),
    (
        '{ $.userIdentity.userName = "alice" }',
        IAM_POLICY_CHANGES,
        "iam:DeletePolicy [by an SSO role session (AssumedRole); by a CI role session"
        " (AssumedRole); by a federated user (FederatedUser)]",
    ),
]


@pytest.mark.parametrize(("pattern", "monitored", "missed"), NARROWED)
def test_a_filter_narrowed_on_incidental_fields_misses_the_other_variants(
    pattern: str, monitored: MonitoredEvents, missed: str
) -> None:
    judged = judge_pattern(pattern, monitored)
    assert not judged.monitors
    assert missed in " | ".join(judged.missed)
    assert missed in judged.describe()


def test_a_filter_that_counts_every_event_monitors_nothing() -> None:
    for monitored in ALL:
        judged = judge_pattern("{ $.eventVersion = * }", monitored)
        assert judged.missed == ()
        assert not judged.monitors, monitored.cis_id
        assert "sts:GetCallerIdentity by a role (successful, read-only)" in judged.counted_benign
        assert "also counts unrelated events" in judged.describe()
    assert not judge_pattern("", IAM_POLICY_CHANGES).monitors


def test_an_added_or_term_for_another_relevant_event_still_monitors() -> None:
    pattern = "{ " + _inner("5.4") + " || ($.eventName = CreateAccessKey) }"
    assert judge_pattern(pattern, IAM_POLICY_CHANGES).monitors
    pattern = (
        "{ "
        + _inner("5.5")
        + ' || ($.eventSource = "cloudtrail.amazonaws.com"'
        + (" && $.eventName = PutEventSelectors) }")
    )
    assert judge_pattern(pattern, CLOUDTRAIL_CHANGES).monitors


def test_deep_parentheses_are_refused_in_one_line_not_a_recursion_error() -> None:
    deep = "{" + "(" * 400 + "$.eventName = CreateTrail" + ")" * 400 + "}"
    assert len(deep) < 1024  # AWS accepts it
    with pytest.raises(FilterPatternError, match="nested deeper than"):
        parse(deep)
    judged = judge_pattern(deep, CLOUDTRAIL_CHANGES)
    assert judged.error is not None
    assert "nested deeper than" in judged.error
    assert judged.evaluable  # malformed for us: counts for nothing, a violation
    # at the limit it still parses, one level more it does not
    edge = "{" + "(" * MAX_DEPTH + "$.eventName = CreateTrail" + ")" * MAX_DEPTH + "}"
    assert parse(edge).matches({"eventName": "CreateTrail"})
    with pytest.raises(FilterPatternError):
        parse("{(" + edge[1:-1] + ")}")


def test_a_regular_expression_is_valid_but_not_evaluated() -> None:
    with pytest.raises(NotEvaluated):
        parse("{ $.eventName = %Trail$% }")
    judged = judge_pattern("{ $.eventName = %Trail$% }", CLOUDTRAIL_CHANGES)
    assert not judged.monitors
    assert not judged.evaluable
