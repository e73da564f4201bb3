"""Every VPC has an active flow log that records rejected traffic."""

from fixtures.aws.ec2_vpc import FlowLog, VpcFlowLogs
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

# CIS asks for flow logs of packet rejects: REJECT, or ALL, which includes them.
RECORDS_REJECTS = frozenset({"REJECT", "ALL"})

VPC_FLOW_LOGS = Control(
    id="ec2/vpc-flow-logs",
    title="VPC Flow Logs Enabled",
    category="EC2",
    severity="medium",
    description=(
        "Ensures every VPC the account owns has a flow log on the VPC itself that is ACTIVE,"
        " records rejected traffic (TrafficType REJECT or ALL) and whose delivery has not"
        " failed."
    ),
    more_info=(
        "VPC flow logs record the IP traffic to and from the network interfaces of a VPC:"
        " rejected packets show scans, probes and misconfigured security groups, and the"
        " records are the network evidence of an incident. A flow log on the VPC covers every"
        " subnet and interface in it, including those created later; flow logs on single"
        " subnets or interfaces do not count. A flow log that only records accepted traffic,"
        " or whose delivery to CloudWatch Logs, S3 or Firehose has FAILED (DeliverLogsStatus,"
        " with AWS's reason), does not record the rejects CIS asks for. VPCs shared with the"
        " account by another account are judged in their owner's account, which alone can"
        " create their flow logs. Each region is checked on its own."
    ),
    aws_link="https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
    recommended_action=(
        "Create a flow log on each VPC with TrafficType REJECT or ALL, delivered to CloudWatch"
        " Logs, S3 or Firehose with a role or bucket policy that lets it deliver."
    ),
    remediation_steps=(
        "The evidence names each VPC without a qualifying flow log by ARN, with the flow logs"
        " it has and why each does not count.",
        "Open the VPC console in the VPC's region, select the VPC, choose Actions, Create"
        " flow log; set Filter to Reject (or All), choose the destination and, for CloudWatch"
        " Logs, an IAM role that may write to the log group.",
        "Or run aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC_ID"
        " --traffic-type REJECT --log-destination-type s3 --log-destination"
        " arn:aws:s3:::BUCKET/PREFIX.",
        "For a flow log whose DeliverLogsStatus is FAILED, fix what AWS's error message names"
        " (the role's permissions for Access error, log group quotas for Rate limited).",
        "Run this control again for the region.",
    ),
    frameworks={"cis-aws-7.0": ("4.7",), "cloudsploit": ("ec2/flowLogsEnabled",)},
    scope="region",
)


def _why_not(log: FlowLog) -> str | None:
    """Why ``log`` does not record the VPC's rejected traffic, or None when it does."""
    if log.flow_log_status != "ACTIVE":
        return f"FlowLogStatus={log.flow_log_status}"
    if log.traffic_type not in RECORDS_REJECTS:
        return f"TrafficType={log.traffic_type} (rejected traffic not recorded)"
    if log.deliver_logs_status == "FAILED":
        reason = log.deliver_logs_error or "no reason given"
        return f"DeliverLogsStatus=FAILED ({reason})"
    return None


@VPC_FLOW_LOGS
def test_vpc_flow_logs(vpc_flow_logs: VpcFlowLogs, evidence: Evidence) -> None:
    """Each VPC the account owns has a flow log that counts (``_why_not`` is None)."""
    account_id = evidence.target.account.account_id
    owned = [vpc for vpc in vpc_flow_logs.vpcs if vpc.owner == account_id]
    shared = [vpc.arn for vpc in vpc_flow_logs.vpcs if vpc.owner != account_id]
    if shared:
        evidence.record("VPCs shared by other accounts (judged there)", ", ".join(shared))
    violations = []
    for vpc in owned:
        logs = vpc_flow_logs.of(vpc)
        reasons = {log.id: _why_not(log) for log in logs}
        counting = [log for log in logs if reasons[log.id] is None]
        if counting:
            evidence.record(vpc.arn, "; ".join(log.describe() for log in counting))
            continue
        if not logs:
            violations.append(f"{vpc.arn}: no flow log on the VPC")
        else:
            why = "; ".join(f"{log_id} {reason}" for log_id, reason in reasons.items())
            violations.append(f"{vpc.arn}: no flow log records rejected traffic: {why}")
    evidence.record("VPCs without a qualifying flow log", len(violations))
    expect_no_violations(violations)
