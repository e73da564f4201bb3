"""Resource-based policies do not grant access to everyone ("Principal": "*")."""

from fixtures.controls import Control
from fixtures.evidence import Evidence
from fixtures.resource_policies_data import RegionResourcePolicies, restricting_conditions
from fixtures.verdict import expect_no_violations

RESOURCE_POLICIES_NOT_PUBLIC = Control(
    id="iam/resource-policies-not-public",
    title="Resource Policies Not Public",
    category="IAM",
    severity="high",
    description=(
        "Ensures no resource-based policy of an S3 bucket, SQS queue, SNS topic, KMS key,"
        " Lambda function, ECR repository, Secrets Manager secret, OpenSearch domain or"
        " Glacier vault allows everyone unless a condition confines who."
    ),
    more_info=(
        'A resource policy whose Allow statement names the principal "*" (or'
        ' {"AWS": "*"}, or uses NotPrincipal) applies to every AWS identity in every account,'
        " and for some services to anonymous callers too: the data, messages, keys or code"
        " behind it are open to the internet. Such a statement is accepted only when a"
        " condition ties it to known callers, and every value of that condition is"
        " concrete: an account, organization, VPC or endpoint id (aws:SourceAccount,"
        " aws:SourceOwner, aws:PrincipalAccount, kms:CallerAccount, aws:PrincipalOrgID,"
        " aws:SourceOrgID, aws:SourceVpc, aws:SourceVpce) without any * or ? wildcard, with"
        " StringEquals, StringEqualsIgnoreCase or StringLike; an organization path"
        " (aws:PrincipalOrgPaths, aws:SourceOrgPaths) that starts with a literal"
        " organization id; an ARN (aws:SourceArn, aws:PrincipalArn) whose account field is"
        " one literal 12-digit account, or for S3 a literal bucket name, with ArnEquals,"
        " ArnLike or a string operator (with StringLike, no wildcard may come before the"
        " account field); or aws:SourceIp ranges with IpAddress none of which, merged,"
        " is wider than a /8 (IPv4) or a /16 (IPv6). ForAnyValue: is allowed;"
        " ...IfExists forms are not, since they also match when the key is missing. A"
        ' value such as "arn:aws:iam::*:role/*", "o-*" or 0.0.0.0/1 names'
        " callers anywhere, so it does not count. Other conditions (aws:SecureTransport, a"
        " user agent) do not say who, so they do not count either. The evidence lists each"
        " statement accepted because of a condition, so a reviewer can confirm the"
        " accounts, networks or ARNs it names. Lambda aliases and published versions have"
        " policies of their own and are judged each as its own resource. Each S3 bucket is"
        " judged in the region it lives in; buckets in regions the run does not check are"
        " judged with the home region (or the first checked region)."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    recommended_action=(
        "Replace the public principal with the accounts, roles or services that need access,"
        " or add a condition that confines it to your accounts, organization or networks."
    ),
    remediation_steps=(
        "Open the failure message: each line names the resource ARN, its service and the"
        " statement (Sid and actions) that grants access to everyone.",
        "Find out who really needs that access (another account, a service such as"
        " CloudFront or SNS, your organization, a VPC endpoint).",
        "Edit the resource's policy in its console (S3: Permissions > Bucket policy; SQS:"
        " Access policy; SNS: Access policy; KMS: Key policy; Lambda: Configuration >"
        " Permissions > Resource-based policy statements; ECR: Permissions; Secrets"
        " Manager: Resource permissions; OpenSearch: Security configuration > Access"
        " policy; Glacier: Vault access policy).",
        'Replace "Principal": "*" with the needed principals (for example'
        ' {"AWS": "arn:aws:iam::111122223333:root"} or {"Service": "sns.amazonaws.com"}),'
        " or keep it and add a condition such as"
        ' "StringEquals": {"aws:PrincipalOrgID": "o-exampleorgid"} or'
        ' "ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic"}.',
        "Or with the CLI: aws s3api put-bucket-policy, aws sqs set-queue-attributes"
        " --attributes Policy=..., aws sns set-topic-attributes --attribute-name Policy,"
        " aws kms put-key-policy, aws lambda remove-permission --statement-id SID,"
        " aws ecr set-repository-policy, aws secretsmanager put-resource-policy,"
        " aws opensearch update-domain-config --access-policies,"
        " aws glacier set-vault-access-policy.",
        "For S3, also turn on Block Public Access for the bucket and the account, so that"
        " a public bucket policy cannot be set again.",
        "Run this control again for the region: it passes once no statement grants"
        " access to everyone without such a condition.",
    ),
    frameworks={"cis-aws-7.0": ("2.21",)},
    scope="region",
)


@RESOURCE_POLICIES_NOT_PUBLIC
def test_resource_policies_not_public(
    resource_policies: RegionResourcePolicies, evidence: Evidence
) -> None:
    """No Allow statement of a resource policy in the region names everyone without a
    condition that confines it to known accounts, organizations, networks or sources."""
    violations = []
    accepted = []
    for resource in resource_policies.all():
        for item in resource.statements or ():
            grantee = item.public_grantee()
            if grantee is None:
                continue
            where = f"{resource.arn} ({resource.kind}): {item.statement.describe()}"
            confined_by = restricting_conditions(item.statement)
            if confined_by:
                accepted.append(f"{where}; {grantee} confined by {', '.join(confined_by)}")
                continue
            unless = (
                f"; its conditions ({', '.join(item.statement.conditions)}) do not confine who"
                if item.statement.conditions
                else ""
            )
            violations.append(f"{where} grants access to {grantee}{unless}")
    evidence.record(
        "Public principals accepted because of a condition", "\n".join(accepted) or "none"
    )
    evidence.record("Statements granting access to everyone", len(violations))
    expect_no_violations(violations)
