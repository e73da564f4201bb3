"""Organizational units group accounts by environment and sensitivity."""

from fixtures.aws.organizations import NOT_IN_ORGANIZATION, Organization, OrganizationTree
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.inputs import AttestationCheck

OU_STRUCTURE = Control(
    id="organizations/ou-structure",
    title="Organizational Units By Environment And Sensitivity",
    category="Organizations",
    severity="low",
    description=(
        "Ensures the organization's accounts are grouped into organizational units that"
        " follow environment and data sensitivity; a person attests it, with the whole OU"
        " tree as evidence."
    ),
    more_info=(
        "Organizational units are where guardrails, delegated administration and automation"
        " attach. When production, development, sandbox and security accounts sit in units of"
        " their own, each group gets the policies it needs and a change meant for a sandbox"
        " cannot reach production. An organization with no units at all applies one set of"
        " rules to everything, or none. Whether a given structure matches the business is a"
        " judgement, so this control shows the tree and asks for an attestation."
    ),
    aws_link="https://docs.aws.amazon.com/whitepapers/latest/organizing-your-aws-environment/recommended-ous-and-accounts.html",
    recommended_action=(
        "Create organizational units for security, infrastructure, workloads by environment"
        " (production, non-production) and sandboxes, move every account into the right one,"
        " then record an attestation in attestations.toml."
    ),
    remediation_steps=(
        "Sign in to the management account and open the AWS Organizations console.",
        "Under AWS accounts, choose the root, then Actions, Create new, and create units such"
        " as Security, Infrastructure, Workloads (with Prod and NonProd below it) and Sandbox.",
        "Select each account, choose Actions, Move, and move it into the unit that matches"
        " its environment and the sensitivity of its data; the evidence lists every unit and"
        " the accounts directly in it.",
        "Attach the guardrail policies each unit needs (see organizations/authorization-"
        "guardrails).",
        "Have the organization's owner add an [[attestation]] for this control and the"
        " management account to attestations.toml, with an expiry date for the next review.",
    ),
    frameworks={"cis-aws-7.0": ("2.1.4",)},
)


@OU_STRUCTURE
def test_ou_structure(
    organization: Organization,
    organization_tree: OrganizationTree | None,
    attestation: AttestationCheck,
    evidence: Evidence,
) -> None:
    """An organization without any OU fails; otherwise a person judges the tree.

    An account outside any organization has no units to structure: the recommendation
    does not apply, and the evidence says so.
    """
    if organization_tree is None:
        evidence.record("Applies", NOT_IN_ORGANIZATION)
        return
    evidence.record("OU tree", organization_tree.describe())
    at_root = [
        f"{account.id} {account.name}"
        for root in organization_tree.roots
        for account in organization_tree.accounts_in(root.id)
        if account.id != organization.management_account_id
    ]
    evidence.record("Member accounts directly under a root", ", ".join(at_root) or "none")
    if not organization_tree.units:
        expect_no_violations(
            [
                f"organization {organization.id}: has no organizational units; all"
                f" {len(organization_tree.accounts)} account(s) sit directly under the root"
            ]
        )
    attestation.require()
