"""iam/server-certificate-expiry (CloudSploit iam/certificateExpiry) against moto."""

from __future__ import annotations

from tests.conftest import Suite
from tests.controls.test_iam_expired_server_certificates import upload

CONTROL = "iam/test_server_certificate_expiry.py"
CASE = "test_server_certificate_expiry[prod]"


def test_certificates_valid_beyond_45_days_pass(suite: Suite) -> None:
    upload(suite, "later", days_left=300)
    soonest = upload(suite, "sooner", days_left=46)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Soonest expiry"].startswith(f"{soonest}: expires on")
    assert decided["Setting certificate_expiry_days"] == "45 (default)"


def test_no_certificates_passes(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["IAM server certificates"] == "0"


def test_certificate_expiring_within_45_days_fails(suite: Suite) -> None:
    upload(suite, "later", days_left=300)
    expiring = upload(suite, "renew-me", days_left=30.5)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{expiring}: expires on" in run.output
    assert "(in 30 days); it must be valid for more than 45 days" in run.output
    assert "1 violation(s)" in run.output


def test_expired_certificate_fails_here_too(suite: Suite) -> None:
    expired = upload(suite, "gone", days_left=-3)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{expired}: expired on" in run.output
    assert "(3 days ago)" in run.output


def test_setting_changes_the_threshold(suite: Suite) -> None:
    upload(suite, "renew-me", days_left=30.5)
    suite.write_settings(certificate_expiry_days=20)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Setting certificate_expiry_days"] == f"20 ({suite.settings_file})"


def test_raised_threshold_catches_later_expiry(suite: Suite) -> None:
    later = upload(suite, "later", days_left=80.5)

    run = suite.run("--set", "certificate_expiry_days=90", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{later}: expires on" in run.output
    assert "it must be valid for more than 90 days" in run.output


def test_denied_listing_is_an_error(suite: Suite) -> None:
    suite.deny("iam:ListServerCertificates")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the iam:ListServerCertificates permission" in run.output
