"""S3 bucket policies deny every request made over HTTP (CIS 3.1.1)."""

from fixtures.analysis.s3_secure_transport import denies_http
from fixtures.aws.s3 import BucketPolicy
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

BUCKET_DENY_HTTP = Control(
    id="s3/bucket-deny-http",
    title="S3 Bucket Policies Deny HTTP Requests",
    category="S3",
    severity="medium",
    description=(
        "Ensures the policy of every S3 bucket denies, to everyone, every S3 action on the"
        " bucket and its objects when the request is not made over TLS"
        " (aws:SecureTransport false)."
    ),
    more_info=(
        "S3 answers plain HTTP as well as HTTPS; requests and data sent over HTTP can be read"
        " and altered on the way. Only a bucket policy can refuse them, with a Deny"
        ' conditioned on "Bool": {"aws:SecureTransport": "false"}. The policy is judged by'
        " what it matches: the Deny statements so conditioned must, together, apply to"
        ' Principal "*", to every S3 action (s3:* or its equivalent; a list of today\'s'
        " actions misses those AWS adds) and to both the bucket ARN and every object ARN"
        " under it. A Deny with NotPrincipal, one also conditioned on another key (such as"
        " aws:SourceIp), one on the objects only (bucket operations still go over HTTP) or"
        " on s3:GetObject only does not count; nor does a Deny on s3:TlsVersion, since an"
        " HTTP request has no TLS version. A bucket without a policy fails. Each bucket is"
        " judged in the result of the region it lives in."
    ),
    aws_link="https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",
    recommended_action=(
        'Add to each bucket\'s policy a statement that denies s3:* to Principal "*" on the'
        " bucket and its objects when aws:SecureTransport is false."
    ),
    remediation_steps=(
        "The evidence names each bucket by ARN with what its policy lacks.",
        "Open the S3 console, choose the bucket, Permissions, Bucket policy, Edit.",
        'Add the statement {"Sid": "DenyHttp", "Effect": "Deny", "Principal": "*",'
        ' "Action": "s3:*", "Resource": ["arn:aws:s3:::BUCKET", "arn:aws:s3:::BUCKET/*"],'
        ' "Condition": {"Bool": {"aws:SecureTransport": "false"}}} beside the existing'
        " statements (or as the only one), with the bucket's name for BUCKET; or run aws"
        " s3api put-bucket-policy --bucket BUCKET --policy file://policy.json.",
        "Check that the applications that use the bucket call it over HTTPS (every AWS SDK"
        " does by default).",
        "Run this control again for the bucket's region.",
    ),
    frameworks={
        "cis-aws-7.0": ("3.1.1",),
        "cloudsploit": ("s3/bucketEncryptionInTransit", "s3/bucketSecureTransportEnabled"),
    },
    scope="region",
)


@BUCKET_DENY_HTTP
def test_bucket_deny_http(s3_bucket_policies: list[BucketPolicy], evidence: Evidence) -> None:
    """Every bucket of the region has a policy that denies HTTP requests to everyone."""
    violations = []
    enforcing = []
    for policy in s3_bucket_policies:
        arn = policy.bucket.arn
        if policy.statements is None:
            violations.append(f"{arn}: no bucket policy, so nothing denies HTTP requests")
            continue
        verdict = denies_http(policy.statements, arn)
        if verdict.enforced:
            enforcing.append(f"{arn} ({', '.join(verdict.denying)})")
        else:
            violations.append(f"{arn}: {verdict.missing}")
    evidence.record("Buckets whose policy denies HTTP requests", ", ".join(enforcing) or "none")
    evidence.record("Buckets that do not", len(violations))
    expect_no_violations(violations)
