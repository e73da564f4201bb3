"""iam/expired-server-certificates (CIS 2.17) against moto."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_expired_server_certificates.py"
CASE = "test_expired_server_certificates[prod]"


@functools.cache
def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def pem_certificate(expires: datetime) -> str:
    """A self-signed certificate (PEM) whose notAfter is ``expires``."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "www.example.com")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(_key().public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(expires - timedelta(days=365))
        .not_valid_after(expires)
        .sign(_key(), hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def upload(suite: Suite, name: str, days_left: float, body: str | None = None) -> str:
    """Upload a certificate expiring ``days_left`` days from now; return its ARN."""
    expires = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days_left)
    suite.client("iam").upload_server_certificate(
        ServerCertificateName=name,
        CertificateBody=body or pem_certificate(expires),
        PrivateKey="-----BEGIN PRIVATE KEY-----\nnot checked by moto\n-----END PRIVATE KEY-----",
    )
    return f"arn:aws:iam::{ACCOUNT_ID}:server-certificate/{name}"


def test_no_certificates_passes_with_that_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["IAM server certificates"] == "0"


def test_valid_certificates_pass(suite: Suite) -> None:
    upload(suite, "current", days_left=300)
    upload(suite, "expiring-soon", days_left=2)  # not expired: iam/server-certificate-expiry's

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["IAM server certificates"] == "2"
    assert decided["Expired server certificates"] == "0"


def test_expired_certificate_fails_with_arn_and_date(suite: Suite) -> None:
    upload(suite, "current", days_left=300)
    expired = upload(suite, "old-site", days_left=-10)
    day = (datetime.now(UTC) - timedelta(days=10)).strftime("%Y-%m-%d")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{expired}: expired on {day}" in run.output
    assert "(10 days ago)" in run.output
    assert "1 violation(s)" in run.output


def test_expired_certificate_beyond_the_first_page_is_found(suite: Suite) -> None:
    body = pem_certificate(datetime.now(UTC) + timedelta(days=300))
    for number in range(100):  # ListServerCertificates pages by 100 (MaxItems)
        upload(suite, f"current-{number:03d}", days_left=300, body=body)
    expired = upload(suite, "zz-expired", days_left=-1)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{expired}: expired on" in run.output
    record = run.evidence()[CASE]
    assert record["decided_by"]["IAM server certificates"] == "101"
    actions = [call["action"] for call in record["api_calls"]]
    assert actions.count("iam:ListServerCertificates") == 2


def test_certificate_without_expiration_is_an_error(suite: Suite) -> None:
    upload(suite, "unreadable", days_left=300, body="not a certificate")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "without ServerCertificateName, Arn or Expiration" in run.output
    assert f"arn:aws:iam::{ACCOUNT_ID}:server-certificate/unreadable" in run.output


def test_denied_listing_is_an_error(suite: Suite) -> None:
    suite.deny("iam:ListServerCertificates")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the iam:ListServerCertificates permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}
