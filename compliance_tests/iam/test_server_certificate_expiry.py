"""IAM server certificates are renewed well before they expire."""

from datetime import timedelta

from fixtures.aws.iam_certificates import ServerCertificate
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

SERVER_CERTIFICATE_EXPIRY = Control(
    id="iam/server-certificate-expiry",
    title="Server Certificate Expiry",
    category="IAM",
    severity="low",
    description=(
        "Ensures no SSL/TLS server certificate stored in IAM expires within"
        " {certificate_expiry_days} days or has already expired."
    ),
    more_info=(
        "IAM does not renew the server certificates it stores, and does not warn before they"
        " run out. When one does, the load balancers and CloudFront distributions that serve"
        " it break every client's connection at once. Replacing a certificate takes a"
        " request to a certificate authority, validation and a change to each listener; a"
        " few weeks' notice leaves time for that. Certificates that have already expired are"
        " reported here too (and by iam/expired-server-certificates): they are the most"
        " urgent case of the same problem."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html",
    recommended_action=(
        "Obtain a new certificate for each one named, upload it (or move to AWS Certificate"
        " Manager, which renews by itself), switch its users over and delete the old one."
    ),
    remediation_steps=(
        "The evidence names each certificate by ARN with its expiry date.",
        "Request a new certificate for the same names from your certificate authority, or"
        " request one from AWS Certificate Manager where the service supports it.",
        "Upload a new IAM certificate with aws iam upload-server-certificate"
        " --server-certificate-name NEW_NAME --certificate-body file://cert.pem"
        " --private-key file://key.pem --certificate-chain file://chain.pem.",
        "Point each Elastic Load Balancing listener and CloudFront distribution that uses the"
        " old certificate at the new one.",
        "Delete the old certificate: aws iam delete-server-certificate"
        " --server-certificate-name OLD_NAME.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/certificateExpiry",)},
    settings={
        "certificate_expiry_days": Setting(
            45, "days before its expiry a server certificate must have been replaced"
        ),
    },
)


@SERVER_CERTIFICATE_EXPIRY
def test_server_certificate_expiry(
    server_certificates: list[ServerCertificate],
    settings: ControlSettings,
    evidence: Evidence,
) -> None:
    """Every server certificate in IAM is valid for more than the configured days."""
    days = settings.integer("certificate_expiry_days")
    now = evidence.checked_at
    deadline = now + timedelta(days=days)
    violations = [
        f"{certificate.arn}: {certificate.describe_expiry(now)};"
        f" it must be valid for more than {days} days"
        for certificate in sorted(server_certificates, key=lambda c: c.expiration)
        if certificate.expiration <= deadline
    ]
    if server_certificates:
        first = min(server_certificates, key=lambda c: c.expiration)
        evidence.record("Soonest expiry", f"{first.arn}: {first.describe_expiry(now)}")
    evidence.record(f"Certificates expired or expiring within {days} days", len(violations))
    expect_no_violations(violations)
