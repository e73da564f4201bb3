"""A delegated administrator, not the management account, manages Organizations policies."""

from fixtures.aws.organizations import NOT_IN_ORGANIZATION, DelegationPolicy, Organization
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

# Writing organization policies: what a delegated policy administrator must be allowed.
POLICY_WRITE_ACTIONS = (
    "organizations:CreatePolicy",
    "organizations:UpdatePolicy",
    "organizations:DeletePolicy",
    "organizations:AttachPolicy",
    "organizations:DetachPolicy",
)

DELEGATED_POLICY_MANAGEMENT = Control(
    id="organizations/delegated-policy-management",
    title="Delegated Administrator For Organizations Policies",
    category="Organizations",
    severity="medium",
    description=(
        "Ensures the organization's delegation policy lets a member account create, change"
        " and attach organization policies, so that work need not happen in the management"
        " account."
    ),
    more_info=(
        "The management account is the most powerful account of the organization and no"
        " service control policy restricts it. If every SCP, RCP or tag policy change must be"
        " made there, the people and pipelines that maintain policies all need access to it."
        " A resource-based delegation policy hands that work to a dedicated member account,"
        " which guardrails do restrict, and leaves the management account for the few tasks"
        " only it can do."
    ),
    aws_link="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html",
    recommended_action=(
        "From the management account, create a delegation policy that allows a dedicated"
        " governance or security account to manage the organization's policies."
    ),
    remediation_steps=(
        "Choose the member account that will manage policies (for example a governance or"
        " security account).",
        "Sign in to the management account, open the AWS Organizations console and choose"
        " Settings.",
        "Under Delegated administrator for AWS Organizations, choose Delegate and write a"
        " statement that allows that account organizations:CreatePolicy, UpdatePolicy,"
        " DeletePolicy, AttachPolicy and DetachPolicy, plus the Describe and List actions it"
        " needs; scope Resource and conditions to the policy types it should manage.",
        "With the CLI: aws organizations put-resource-policy --content file://delegation.json.",
        "Grant the administrators' roles in that account the same actions in IAM, then run"
        " this control again against the management account.",
    ),
    frameworks={"cis-aws-7.0": ("2.1.5",)},
)


@DELEGATED_POLICY_MANAGEMENT
def test_delegated_policy_management(
    organization: Organization,
    delegation_policy: DelegationPolicy | None,
    evidence: Evidence,
) -> None:
    """An Allow statement of the delegation policy grants a principal at least one of the
    policy-writing actions.

    An account outside any organization has no Organizations policies to delegate: the
    recommendation does not apply, and the evidence says so.
    """
    if delegation_policy is None:
        evidence.record("Applies", NOT_IN_ORGANIZATION)
        return
    if not delegation_policy.exists:
        expect_no_violations(
            [
                f"organization {organization.id}: has no delegation policy"
                " (organizations:DescribeResourcePolicy: ResourcePolicyNotFoundException);"
                " only the management account can manage its policies"
            ]
        )
    delegating = []
    for statement in delegation_policy.statements:
        granted = [
            a for a in POLICY_WRITE_ACTIONS if statement.allows and statement.covers_action(a)
        ]
        if granted and statement.principals:
            principals = sorted({p for ids in statement.principals.values() for p in ids})
            delegating.append(
                f"{', '.join(principals)}: {', '.join(a.split(':')[1] for a in granted)}"
            )
    evidence.record("Policy management delegated to", "\n".join(delegating) or "nobody")
    expect_no_violations(
        []
        if delegating
        else [
            f"{delegation_policy.arn}: no Allow statement grants any principal"
            f" {', '.join(POLICY_WRITE_ACTIONS)}; policy management stays with the"
            " management account"
        ]
    )
