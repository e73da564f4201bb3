"""Resource-based policies do not grant access to everyone ("Principal": "*")."""

from fixtures.aws.resource_policies import RegionResourcePolicies
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

RESOURCE_POLICIES_NOT_PUBLIC = Control(
    id="iam/resource-policies-not-public",
    title="Resource Policies Not Public",
    category="IAM",
    severity="high",
    description=(
        "Ensures no resource-based policy allows everyone (or any web identity) unless a"
        " condition confines who, or a Deny or a setting keeps everyone outside the"
        " account from using it: S3 buckets and"
        " access points, SQS queues, SNS topics, KMS keys, Lambda functions and layer"
        " versions, ECR repositories, Secrets Manager secrets, OpenSearch domains, Glacier"
        " vaults, EventBridge event buses, EFS file systems, AWS Backup vaults, DynamoDB"
        " tables and streams, Kinesis data streams, CloudWatch Logs resource policies, IAM"
        " role trust policies, and EBS snapshots, RDS snapshots and AMIs shared with all"
        " accounts. Types not read yet are named with the reason in the evidence."
    ),
    more_info=(
        'A resource policy whose Allow statement names the principal "*" (or'
        ' {"AWS": "*"}, or uses NotPrincipal) applies to every AWS identity in every account,'
        " and for some services to anonymous callers too: the data, messages, keys or code"
        " behind it are open to the internet. Such a statement is accepted only when a"
        " condition ties it to known callers, and every value of that condition is"
        " concrete: an account, organization, VPC or endpoint id (aws:SourceAccount,"
        " aws:SourceOwner, aws:PrincipalAccount, kms:CallerAccount,"
        " s3:DataAccessPointAccount, aws:PrincipalOrgID, aws:SourceOrgID, aws:SourceVpc,"
        " aws:SourceVpce) without any * or ? wildcard, with"
        " StringEquals, StringEqualsIgnoreCase or StringLike; an organization path"
        " (aws:PrincipalOrgPaths, aws:SourceOrgPaths) that starts with a literal"
        " organization id; a caller's unique id (aws:userid: AIDA... for a user,"
        ' "AROA...:*" for the sessions of one role, an account id) whose part before the'
        " first colon is literal; an ARN (aws:SourceArn, aws:PrincipalArn,"
        " aws:SourceVpcArn, s3:DataAccessPointArn) whose account field is"
        " one literal 12-digit account, or for S3 a literal bucket name, with ArnEquals,"
        " ArnLike or a string operator (with StringLike, no wildcard may come before the"
        " account field); or aws:SourceIp ranges with IpAddress that together, merged,"
        " cover no more addresses than one /8 (IPv4) or one /16 (IPv6), so 128 separate"
        " /8s do not confine. ForAnyValue: is allowed;"
        " ...IfExists forms are not, since they also match when the key is missing. A"
        ' value such as "arn:aws:iam::*:role/*", "o-*" or 0.0.0.0/1 names'
        " callers anywhere, so it does not count. Other conditions (aws:SecureTransport, a"
        " user agent, aws:username, aws:ResourceAccount, aws:CalledVia) do not say who, so"
        " they do not count either. A role trust policy that lets a web identity provider's"
        " users assume the role (Federated, sts:AssumeRoleWithWebIdentity) is open to"
        " every user of that provider (any Cognito identity pool, any GitHub repository)"
        " unless the provider's own keys are literal: :aud (Cognito, Google), :app_id"
        " (Facebook, Amazon), :sub (any provider; for GitHub a repo:<org>/ prefix); SAML"
        " providers are the account's own. A public Allow is also taken back by a Deny for"
        ' "*" that covers its actions and resources and applies unless a confining'
        " condition holds (StringNotEquals aws:PrincipalOrgID o-..., AWS's data-perimeter"
        " pattern); the evidence names that Deny. An S3 bucket whose Block Public Access setting"
        " RestrictPublicBuckets is true (on the bucket, or the access point, or the"
        " account) cannot be used"
        " through a public policy by anyone outside the account, so its public statements"
        " are accepted with that setting named. EBS snapshots, RDS snapshots and AMIs"
        " shared with all accounts are judged as an Allow for everyone; a public EBS"
        " snapshot in a region whose block public access for snapshots is"
        " block-all-sharing is private in effect. The evidence lists each"
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
        " aws glacier set-vault-access-policy, aws events remove-permission,"
        " aws efs put-file-system-policy, aws dynamodb put-resource-policy,"
        " aws kinesis put-resource-policy, aws logs put-resource-policy,"
        " aws iam update-assume-role-policy, aws s3control put-access-point-policy,"
        " aws lambda remove-layer-version-permission,"
        " aws backup put-backup-vault-access-policy.",
        "For EBS snapshots, RDS snapshots and AMIs shared with all accounts, remove the"
        " public share: aws ec2 modify-snapshot-attribute --attribute createVolumePermission"
        " --operation-type remove --group-names all; aws rds modify-db-snapshot-attribute"
        " (or modify-db-cluster-snapshot-attribute) --attribute-name restore"
        " --values-to-remove all; aws ec2 modify-image-attribute --launch-permission"
        ' "Remove=[{Group=all}]".',
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
    condition that confines it to known accounts, organizations, networks or sources, or
    a setting that keeps it from anyone outside the account (S3 Block Public Access)."""
    violations = []
    accepted = []
    neutralised = []
    for resource in resource_policies.all():
        for item in resource.statements or ():
            grantee = item.public_grantee()
            if grantee is None:
                continue
            where = f"{resource.arn} ({resource.kind}): {item.statement.describe()}"
            confined_by = item.confined_by()
            if confined_by:
                accepted.append(f"{where}; {grantee} confined by {', '.join(confined_by)}")
                continue
            denied_by = resource.denied_by(item)
            if denied_by:
                neutralised.append(f"{where}; {grantee} neutralised by {denied_by}")
                continue
            if resource.neutralised_by:
                neutralised.append(f"{where}; {grantee} neutralised by {resource.neutralised_by}")
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
    evidence.record(
        "Public statements no one outside the account can use"
        " (a setting or a Deny neutralises them)",
        "\n".join(neutralised) or "none",
    )
    evidence.record("Statements granting access to everyone", len(violations))
    expect_no_violations(violations)
