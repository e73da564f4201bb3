"""No expired SSL/TLS certificate is kept in IAM."""

from fixtures.aws.iam_certificates import ServerCertificate
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

EXPIRED_SERVER_CERTIFICATES = Control(
    id="iam/expired-server-certificates",
    title="No Expired Server Certificates In IAM",
    category="IAM",
    severity="medium",
    description="Ensures no SSL/TLS server certificate stored in IAM has expired.",
    more_info=(
        "IAM keeps server certificates for load balancers and CloudFront in regions where"
        " AWS Certificate Manager cannot. An expired certificate there serves no one: it can"
        " still be chosen for a listener by mistake, and clients then refuse the connection"
        " or learn to click through warnings. Deleting expired certificates leaves only ones"
        " that can be used. IAM offers no console page for them, so they linger unnoticed."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html",
    recommended_action=(
        "Delete every expired server certificate from IAM, after moving anything that still"
        " uses it to a valid certificate."
    ),
    remediation_steps=(
        "The evidence names each expired certificate by ARN with its expiry date. List them"
        " with aws iam list-server-certificates.",
        "Check nothing still uses it: Elastic Load Balancing listeners and CloudFront"
        " distributions name the certificate ARN or ID. Move those to a current certificate"
        " (preferably one from AWS Certificate Manager) first.",
        "Delete it: aws iam delete-server-certificate --server-certificate-name NAME.",
        "Run this control again.",
    ),
    frameworks={"cis-aws-7.0": ("2.17",)},
)


@EXPIRED_SERVER_CERTIFICATES
def test_expired_server_certificates(
    server_certificates: list[ServerCertificate], evidence: Evidence
) -> None:
    """Every server certificate in IAM expires after the moment of this check."""
    now = evidence.checked_at
    violations = [
        f"{certificate.arn}: {certificate.describe_expiry(now)}"
        for certificate in server_certificates
        if certificate.expiration <= now
    ]
    evidence.record("Expired server certificates", len(violations))
    expect_no_violations(violations)
