"""AWS-managed web front ends write access logs."""

from fixtures.aws.elb import ClassicLoadBalancer
from fixtures.aws.elbv2 import LoadBalancer
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.inputs import AttestationCheck

# Read here: ELBv2 and classic load balancers. Not read: the other web front ends CIS 4.10
# names, which the attestation covers.
NOT_READ = "CloudFront distributions, API Gateway stages, AppSync APIs"

WEB_FRONT_END_ACCESS_LOGS = Control(
    id="elbv2/web-front-end-access-logs",
    title="Web Front-End Access Logging Enabled",
    category="ELBv2",
    severity="medium",
    description=(
        "Ensures every application and classic load balancer writes access logs"
        " (access_logs.s3.enabled, AccessLog.Enabled true), and that a person attests the"
        " other AWS-managed web front ends do too."
    ),
    more_info=(
        "Access logs of a web front end record each request: client address, path, status,"
        " user agent, TLS details. They show attacks against the application and are the"
        " record of who reached it. CIS asks for them on every AWS-managed web front end."
        " This control reads each application load balancer's access_logs.s3.enabled"
        " attribute and each classic load balancer's AccessLog.Enabled: one that is false is"
        " a violation. Network load balancers (whose access"
        " logs cover TLS listeners only) and gateway load balancers are listed as evidence."
        f" The suite does not read {NOT_READ}, so when every load balancer it judges logs,"
        " a person attests the rest. Each region is checked on its own."
    ),
    aws_link="https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
    recommended_action=(
        "Turn on access logs for each application load balancer, and for the other web front"
        " ends (CloudFront standard logs, API Gateway access logging), then record an"
        " attestation in attestations.toml."
    ),
    remediation_steps=(
        "The evidence names each application or classic load balancer without access logs, by ARN.",
        "Create or choose an S3 bucket in the same region whose bucket policy lets Elastic"
        " Load Balancing write to it.",
        "Run aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN --attributes"
        " Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=BUCKET; or in"
        " the EC2 console select the load balancer, Attributes, Edit, Monitoring, Access logs."
        " For a classic load balancer: aws elb modify-load-balancer-attributes"
        " --load-balancer-name NAME --load-balancer-attributes"
        " AccessLog={Enabled=true,S3BucketName=BUCKET}.",
        "Turn on logging for the other web front ends: CloudFront standard logging and API"
        " Gateway stage access logging.",
        "Have the owner add an [[attestation]] for this control and account to"
        " attestations.toml, with an expiry date for the next review.",
    ),
    frameworks={"cis-aws-7.0": ("4.10",)},
    scope="region",
)


@WEB_FRONT_END_ACCESS_LOGS
def test_web_front_end_access_logs(
    load_balancers: list[LoadBalancer],
    classic_load_balancers: list[ClassicLoadBalancer],
    attestation: AttestationCheck,
    evidence: Evidence,
) -> None:
    """Every application and classic load balancer logs; then a person attests the rest."""
    violations = []
    for classic in classic_load_balancers:
        if classic.access_logs:
            bucket = classic.access_logs_bucket or "(bucket not given)"
            evidence.record(classic.arn, f"access logs to s3://{bucket}")
        else:
            violations.append(f"{classic.arn}: AccessLog.Enabled=false")
    for balancer in load_balancers:
        if balancer.access_logs:
            evidence.record(
                balancer.arn,
                f"access logs to s3://{balancer.access_logs_bucket or '(bucket not given)'}",
            )
        elif balancer.type == "application":
            violations.append(f"{balancer.arn}: access_logs.s3.enabled=false")
        else:
            logs = "no access logs" if balancer.access_logs is False else "keeps no access logs"
            evidence.record(balancer.arn, f"{balancer.type} load balancer, {logs} (not judged)")
    evidence.record("Load balancers without access logs", len(violations))
    expect_no_violations(violations)
    evidence.record("Not read (for the attestation)", NOT_READ)
    attestation.require()
