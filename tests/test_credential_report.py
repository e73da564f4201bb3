"""Unit tests of fixtures/aws/credential_report.py: the IAM credential report parser."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone

import pytest

from fixtures.aws.credential_report import (
    COLUMNS,
    ROOT_USER,
    AccessKey,
    CredentialReport,
    parse_credential_report,
)
from fixtures.results.errors import MalformedReport, MissingReportRow

GENERATED_AT = datetime(2024, 5, 2, 8, 0, 0, tzinfo=UTC)

# A root row as AWS writes it: the root password is managed elsewhere (not_supported).
ROOT_DEFAULTS: Mapping[str, str] = {
    "user": ROOT_USER,
    "arn": "arn:aws:iam::123456789012:root",
    "user_creation_time": "2020-01-01T00:00:00+00:00",
    "password_enabled": "not_supported",
    "password_last_used": "2024-05-01T10:00:00+00:00",
    "password_last_changed": "not_supported",
    "password_next_rotation": "not_supported",
    "mfa_active": "true",
    "access_key_1_active": "false",
    "access_key_1_last_rotated": "N/A",
    "access_key_1_last_used_date": "N/A",
    "access_key_1_last_used_region": "N/A",
    "access_key_1_last_used_service": "N/A",
    "access_key_2_active": "false",
    "access_key_2_last_rotated": "N/A",
    "access_key_2_last_used_date": "N/A",
    "access_key_2_last_used_region": "N/A",
    "access_key_2_last_used_service": "N/A",
    "cert_1_active": "false",
    "cert_1_last_rotated": "N/A",
    "cert_2_active": "false",
    "cert_2_last_rotated": "N/A",
}

# An IAM user with a console password and one used access key.
USER_DEFAULTS: Mapping[str, str] = {
    "user": "alice",
    "arn": "arn:aws:iam::123456789012:user/alice",
    "user_creation_time": "2021-03-04T05:06:07+00:00",
    "password_enabled": "true",
    "password_last_used": "no_information",
    "password_last_changed": "2023-01-01T00:00:00+00:00",
    "password_next_rotation": "N/A",
    "mfa_active": "false",
    "access_key_1_active": "true",
    "access_key_1_last_rotated": "2023-06-01T00:00:00+00:00",
    "access_key_1_last_used_date": "2024-04-30T12:00:00+00:00",
    "access_key_1_last_used_region": "us-east-1",
    "access_key_1_last_used_service": "iam",
    "access_key_2_active": "false",
    "access_key_2_last_rotated": "N/A",
    "access_key_2_last_used_date": "N/A",
    "access_key_2_last_used_region": "N/A",
    "access_key_2_last_used_service": "N/A",
    "cert_1_active": "false",
    "cert_1_last_rotated": "N/A",
    "cert_2_active": "false",
    "cert_2_last_rotated": "N/A",
}


def root_row(**overrides: str) -> dict[str, str]:
    """The root row, with only the fields a test cares about changed."""
    return {**ROOT_DEFAULTS, **overrides}


def user_row(**overrides: str) -> dict[str, str]:
    """A user row, with only the fields a test cares about changed."""
    return {**USER_DEFAULTS, **overrides}


def report_csv(*rows: Mapping[str, str], columns: Sequence[str] = COLUMNS) -> str:
    """The report as real CSV (quoting where needed), one line per row, in ``columns`` order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row[column] for column in columns])
    return buffer.getvalue()


def parse(content: bytes | str) -> CredentialReport:
    return parse_credential_report(content, GENERATED_AT)


def test_columns_are_the_22_aws_documents() -> None:
    assert len(COLUMNS) == 22
    assert len(set(COLUMNS)) == 22
    assert COLUMNS[0] == "user"
    assert COLUMNS[-1] == "cert_2_last_rotated"


def test_well_formed_report_parses_root_and_users() -> None:
    content = report_csv(
        root_row(), user_row(), user_row(user="bob", arn="arn:aws:iam::123456789012:user/bob")
    )

    report = parse(content)

    assert report.generated_at == GENERATED_AT
    assert [entry.user for entry in report.entries] == [ROOT_USER, "alice", "bob"]
    assert report.root.arn == "arn:aws:iam::123456789012:root"
    alice = report.entry("alice")
    assert alice.arn == "arn:aws:iam::123456789012:user/alice"
    assert alice.fields["access_key_1_last_used_region"] == "us-east-1"
    assert alice.fields["access_key_1_last_used_service"] == "iam"
    assert report.entry("bob").arn == "arn:aws:iam::123456789012:user/bob"


def test_flags_parse_to_bools() -> None:
    report = parse(report_csv(root_row(mfa_active="true"), user_row(mfa_active="false")))

    assert report.root.flag("mfa_active") is True
    assert report.entry("alice").flag("mfa_active") is False
    assert report.entry("alice").flag("password_enabled") is True


def test_root_password_enabled_not_supported_is_none() -> None:
    report = parse(report_csv(root_row(password_enabled="not_supported")))

    assert report.root.flag("password_enabled") is None


def test_dates_become_utc_datetimes() -> None:
    report = parse(
        report_csv(
            user_row(
                user_creation_time="2021-03-04T05:06:07+00:00",
                password_last_changed="2023-01-01T02:00:00+02:00",
            )
        )
    )

    alice = report.entry("alice")
    created = alice.date("user_creation_time")
    changed = alice.date("password_last_changed")
    assert created == datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert created is not None
    assert created.tzinfo is UTC
    assert changed == datetime(2023, 1, 1, 0, 0, 0, tzinfo=UTC)
    assert changed is not None
    assert changed.tzinfo is UTC


def test_generated_at_is_converted_to_utc() -> None:
    plus_two = timezone(timedelta(hours=2))

    report = parse_credential_report(report_csv(), datetime(2024, 5, 2, 10, 0, tzinfo=plus_two))

    assert report.generated_at == GENERATED_AT
    assert report.generated_at.tzinfo is UTC


@pytest.mark.parametrize("placeholder", ["N/A", "no_information", "not_supported"])
def test_date_placeholders_become_none(placeholder: str) -> None:
    report = parse(report_csv(user_row(password_last_used=placeholder)))

    assert report.entry("alice").date("password_last_used") is None
    assert report.entry("alice").fields["password_last_used"] == placeholder


def test_access_key_slots() -> None:
    report = parse(report_csv(user_row()))

    first, second = report.entry("alice").access_keys

    assert first == AccessKey(
        slot=1,
        active=True,
        last_rotated=datetime(2023, 6, 1, tzinfo=UTC),
        last_used=datetime(2024, 4, 30, 12, 0, tzinfo=UTC),
        last_rotated_text="2023-06-01T00:00:00+00:00",
        last_used_text="2024-04-30T12:00:00+00:00",
    )
    assert second == AccessKey(
        slot=2,
        active=False,
        last_rotated=None,
        last_used=None,
        last_rotated_text="N/A",
        last_used_text="N/A",
    )


def test_active_key_never_used_has_no_last_used_date() -> None:
    report = parse(
        report_csv(
            root_row(
                access_key_2_active="true",
                access_key_2_last_rotated="2024-01-01T00:00:00+00:00",
                access_key_2_last_used_date="N/A",
            )
        )
    )

    second = report.root.access_keys[1]

    assert second.active is True
    assert second.last_rotated == datetime(2024, 1, 1, tzinfo=UTC)
    assert second.last_used is None
    assert second.last_used_text == "N/A"


def test_quoted_field_with_comma_is_one_field() -> None:
    # IAM user names may contain commas; AWS quotes such a field.
    content = report_csv(
        root_row(), user_row(user="ops,admin", arn="arn:aws:iam::123456789012:user/ops,admin")
    )
    assert '"ops,admin"' in content

    report = parse(content)

    entry = report.entry("ops,admin")
    assert entry.arn == "arn:aws:iam::123456789012:user/ops,admin"
    assert entry.flag("mfa_active") is False
    assert [e.user for e in report.users] == ["ops,admin"]


def test_bytes_and_str_content_parse_alike() -> None:
    content = report_csv(root_row(), user_row())

    from_str = parse(content)
    from_bytes = parse(content.encode("utf-8"))

    assert from_str == from_bytes
    assert [entry.user for entry in from_bytes.entries] == [ROOT_USER, "alice"]


def test_crlf_line_endings_are_accepted() -> None:
    content = report_csv(root_row(), user_row()).replace("\n", "\r\n")

    report = parse(content)

    assert [entry.user for entry in report.entries] == [ROOT_USER, "alice"]


def test_columns_are_read_by_name_not_position() -> None:
    reordered = tuple(reversed(COLUMNS))

    report = parse(report_csv(user_row(), columns=reordered))

    assert report.entry("alice").arn == "arn:aws:iam::123456789012:user/alice"
    assert report.entry("alice").flag("access_key_1_active") is True


def test_header_only_report_has_no_entries() -> None:
    report = parse(report_csv())

    assert report.entries == ()
    assert report.users == ()


def test_users_excludes_root() -> None:
    report = parse(report_csv(user_row(user="bob"), root_row(), user_row()))

    assert [entry.user for entry in report.users] == ["bob", "alice"]
    assert report.root.user == ROOT_USER


def test_missing_root_row_raises_missing_report_row() -> None:
    report = parse(report_csv(user_row()))

    with pytest.raises(MissingReportRow, match=re.escape(f"no {ROOT_USER!r} row")):
        _ = report.root


def test_missing_user_row_raises_missing_report_row() -> None:
    report = parse(report_csv(root_row()))

    with pytest.raises(MissingReportRow, match="no 'carol' row"):
        report.entry("carol")


def test_missing_column_is_malformed() -> None:
    columns = tuple(column for column in COLUMNS if column != "mfa_active")

    with pytest.raises(MalformedReport, match=r"lacks the column\(s\) mfa_active\b"):
        parse(report_csv(root_row(), columns=columns))


def test_row_with_wrong_number_of_fields_is_malformed() -> None:
    content = report_csv(root_row()) + "alice,arn:aws:iam::123456789012:user/alice,true\n"

    with pytest.raises(MalformedReport, match="line 3 has 3 fields, not 22"):
        parse(content)


@pytest.mark.parametrize("value", ["yes", "TRUE", "", "N/A"])
def test_flag_neither_true_nor_false_is_malformed(value: str) -> None:
    content = report_csv(root_row(), user_row(mfa_active=value))

    with pytest.raises(MalformedReport, match=re.escape(f"line 3 has mfa_active={value!r}")):
        parse(content)


def test_password_enabled_outside_its_vocabulary_is_malformed() -> None:
    content = report_csv(user_row(password_enabled="maybe"))

    with pytest.raises(MalformedReport, match="password_enabled='maybe'"):
        parse(content)


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2023-13-01T00:00:00+00:00",  # no 13th month
        "2023-01-01T00:00:00",  # no time zone
        "",
    ],
)
def test_bad_date_is_malformed(value: str) -> None:
    content = report_csv(user_row(access_key_1_last_rotated=value))

    with pytest.raises(MalformedReport, match=re.escape(f"access_key_1_last_rotated={value!r}")):
        parse(content)


@pytest.mark.parametrize("content", ["", b""])
def test_empty_content_is_malformed(content: bytes | str) -> None:
    with pytest.raises(MalformedReport, match="empty"):
        parse(content)


def test_non_utf8_bytes_are_malformed() -> None:
    content = report_csv(user_row(user="zoë")).encode("latin-1")

    with pytest.raises(MalformedReport, match="not UTF-8"):
        parse(content)


def test_invalid_csv_quoting_is_malformed() -> None:
    content = report_csv() + '"alice"x,' + ",".join(["N/A"] * 21) + "\n"

    with pytest.raises(MalformedReport, match="not valid CSV"):
        parse(content)


def test_duplicated_user_row_is_malformed() -> None:
    content = report_csv(root_row(), user_row(), user_row(mfa_active="true"))

    with pytest.raises(MalformedReport, match="lists 'alice' twice"):
        parse(content)


def test_repeated_column_is_malformed_not_last_one_wins() -> None:
    # A second mfa_active column saying "true" must not override the root row's "false".
    header = ",".join([*COLUMNS, "mfa_active"])
    row = ",".join([*root_row(mfa_active="false").values(), "true"])

    with pytest.raises(MalformedReport, match="repeats the column\\(s\\) mfa_active"):
        parse(f"{header}\n{row}\n")
