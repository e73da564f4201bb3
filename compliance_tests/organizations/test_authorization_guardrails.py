"""Every member account sits under an authorization guardrail (an SCP or an RCP)."""

from fixtures.aws.organizations import (
    GUARDRAIL_TYPES,
    NOT_IN_ORGANIZATION,
    Organization,
    OrganizationPolicies,
    OrganizationTree,
)
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

SHORT = {"SERVICE_CONTROL_POLICY": "SCP", "RESOURCE_CONTROL_POLICY": "RCP"}
STRUCTURE = frozenset({"ROOT", "ORGANIZATIONAL_UNIT"})

AUTHORIZATION_GUARDRAILS = Control(
    id="organizations/authorization-guardrails",
    title="Authorization Guardrails For All Accounts",
    category="Organizations",
    severity="high",
    description=(
        "Ensures service or resource control policies are enabled on the organization root,"
        " that a customer-managed one that restricts something is attached to the root or to"
        " an organizational unit, and that every member account falls under at least one"
        " (attached to the account, to one of its organizational units or to the root). A"
        " policy restricts when it has a Deny statement, or, for an SCP, when it is an"
        " allow-list attached where FullAWSAccess has been detached."
    ),
    more_info=(
        "Service control policies cap what any principal in a member account can do, and"
        " resource control policies cap what any resource there can allow, whatever the"
        " account's own IAM and resource policies say. They are how an organization keeps"
        " every account from switching off logging, leaving approved Regions or opening data"
        " to the world. AWS attaches FullAWSAccess (and RCPFullAWSAccess) by default; those"
        " restrict nothing, and neither does a customer-managed copy of them, so the"
        " content of each attached policy is read: only a Deny statement, or an SCP"
        " allow-list that replaces FullAWSAccess on its target (AWS allows an action at a"
        " level only if an SCP attached there allows it), counts as a guardrail. The"
        " management account is never restricted by these policies and is not counted."
    ),
    aws_link="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_authorization_policies.html",
    recommended_action=(
        "Enable SCPs (and RCPs) on the root and attach baseline guardrail policies to the"
        " root or to every organizational unit that holds accounts."
    ),
    remediation_steps=(
        "Sign in to the management account (or the delegated administrator for"
        " Organizations policies) and open the AWS Organizations console.",
        "Choose Policies, then Service control policies (and Resource control policies), and"
        " enable the policy type if it is disabled.",
        "Create a baseline policy that denies what no account may do (for example leaving"
        " the organization, disabling CloudTrail or GuardDuty, or using unapproved Regions);"
        " test it on a sandbox OU first.",
        "Attach it to the root, or to each OU; the evidence lists every account no such"
        " policy reaches. With the CLI: aws organizations attach-policy --policy-id"
        " p-EXAMPLE --target-id r-EXAMPLE.",
        "If you restrict with an SCP allow-list instead, detach FullAWSAccess from each"
        " target the allow-list is attached to; next to FullAWSAccess it restricts nothing.",
        "Run this control again against the management account.",
    ),
    frameworks={"cis-aws-7.0": ("2.1.2",)},
)


@AUTHORIZATION_GUARDRAILS
def test_authorization_guardrails(
    organization: Organization,
    organization_tree: OrganizationTree | None,
    guardrail_policies: dict[str, OrganizationPolicies] | None,
    evidence: Evidence,
) -> None:
    """At least one guardrail type is enabled on the root, and a customer-managed policy of
    an enabled type that restricts something (a Deny statement, or an SCP allow-list where
    FullAWSAccess is detached) applies to each member account through its lineage.

    An account outside any organization has no organization policies to apply: the
    recommendation does not apply, and the evidence says so.
    """
    if organization_tree is None or guardrail_policies is None:
        evidence.record("Applies", NOT_IN_ORGANIZATION)
        return
    violations = []
    enabled_types: list[str] = []
    for root in organization_tree.roots:
        enabled = [t for t in GUARDRAIL_TYPES if root.enabled(t)]
        evidence.record(
            f"Policy types on {root.id}",
            ", ".join(f"{t}={s}" for t, s in sorted(root.policy_types.items())) or "none",
        )
        if not enabled:
            violations.append(
                f"{root.arn}: neither service control policies nor resource control policies"
                " are enabled"
            )
        enabled_types.extend(t for t in enabled if t not in enabled_types)

    # Where each customer-managed policy of an enabled type restricts something: a policy
    # that only copies FullAWSAccess is customer-managed too, and guards nothing.
    reaches: dict[str, list[str]] = {}
    on_structure = False  # attached to the root or an OU, so new accounts inherit it
    ignored: list[str] = []
    for kind in enabled_types:
        for guardrail in guardrail_policies[kind].guardrails():
            name = f"{SHORT[kind]} {guardrail.policy.name}"
            if guardrail.how == "allow-list":
                name += " (allow-list; FullAWSAccess is not attached here)"
            reaches.setdefault(guardrail.target.id, []).append(name)
            on_structure = on_structure or guardrail.target.type in STRUCTURE
        ignored += [f"{SHORT[kind]} {why}" for why in guardrail_policies[kind].ignored()]
    evidence.record(
        "Guardrails attached",
        "\n".join(f"{target}: {', '.join(names)}" for target, names in sorted(reaches.items()))
        or "none that restricts anything",
    )
    if ignored:
        evidence.record("Attached policies that restrict nothing", "\n".join(ignored))

    members = [a for a in organization_tree.accounts if a.id != organization.management_account_id]
    uncovered = [
        account
        for account in members
        if not any(node in reaches for node in organization_tree.lineage(account.id))
    ]
    evidence.record("Member accounts", len(members))
    evidence.record("Member accounts without a guardrail", len(uncovered))
    if enabled_types:
        kinds = " or ".join(SHORT[t] for t in enabled_types)
        if not on_structure:
            violations.append(
                f"organization {organization.id}: no customer-managed {kinds} that restricts"
                " anything is attached to the root or to any organizational unit"
            )
        violations += [
            f"{account.arn} ({account.name}): no customer-managed {kinds} that restricts"
            " anything is attached to the account, its organizational units or the root"
            for account in uncovered
        ]
    expect_no_violations(violations)
