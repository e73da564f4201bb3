"""iam/root-signing-certificates against moto (root row from fixtures.demo.moto.iam)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from moto.iam.models import IAMBackend, iam_backends

from fixtures.demo.moto.iam import RootAccount, RootSigningCertificate, set_root_account
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_root_signing_certificates.py"
CASE = "test_root_signing_certificates[prod]"
CREATED = datetime(2019, 4, 2, 9, 30, tzinfo=UTC)
ROTATED = datetime(2021, 6, 14, 8, 5, tzinfo=UTC)
ROOT_ARN = f"arn:aws:iam::{ACCOUNT_ID}:root"


def test_root_without_certificates_passes(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Root signing certificate 1"] == "active=false, last rotated N/A"
    assert decided["AccountSigningCertificatesPresent"] == "0"


def test_active_certificate_fails_naming_it_and_the_summary(suite: Suite) -> None:
    cert = RootSigningCertificate(active=True, last_rotated=ROTATED)
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, cert_1=cert))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "2 violation(s)" in run.output
    assert (
        f"{ROOT_ARN}: signing certificate 1 is active (last rotated 2021-06-14T08:05:00+00:00)"
        in run.output
    )
    assert "AccountSigningCertificatesPresent=1" in run.output


def test_only_certificate_2_active_names_certificate_2(suite: Suite) -> None:
    cert = RootSigningCertificate(active=True, last_rotated=ROTATED)
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, cert_2=cert))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROOT_ARN}: signing certificate 2 is active" in run.output
    assert "signing certificate 1 is active" not in run.output


def test_inactive_certificate_still_fails_on_the_account_summary(suite: Suite) -> None:
    cert = RootSigningCertificate(active=False, last_rotated=ROTATED)
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, cert_1=cert))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "1 violation(s)" in run.output
    assert "inactive ones count too" in run.output
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Root signing certificate 1"] == (
        "active=false, last rotated 2021-06-14T08:05:00+00:00"
    )


def test_missing_root_row_is_an_error(suite: Suite) -> None:
    run = suite.run(control=CONTROL)  # plain moto: no <root_account> row

    run.result.assert_outcomes(errors=1)
    assert "has no '<root_account>' row" in run.output


def test_denied_credential_report_is_an_error(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    suite.deny("iam:GetCredentialReport")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetCredentialReport permission" in run.output


def test_denied_account_summary_is_an_error(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    suite.deny("iam:GetAccountSummary")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountSummary permission" in run.output


def test_certificate_deleted_since_the_report_passes_on_the_live_summary(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    active = RootSigningCertificate(active=True, last_rotated=ROTATED)
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, cert_1=active))
    iam_backends[ACCOUNT_ID]["aws"].generate_report()
    stale = iam_backends[ACCOUNT_ID]["aws"].get_credential_report()
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    monkeypatch.setattr(IAMBackend, "get_credential_report", lambda self: stale)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Root signing certificate 1"].startswith("active=true")
    assert decided["AccountSigningCertificatesPresent"] == "0"
