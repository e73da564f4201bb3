"""The Organizations management account runs no workloads."""

from fixtures.analysis.iam_model import IamInventory
from fixtures.aws.organizations import Organization
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.run.inputs import AttestationCheck

MANAGEMENT_ACCOUNT_WORKLOADS = Control(
    id="organizations/management-account-workloads",
    title="Management Account Not Used For Workloads",
    category="Organizations",
    severity="medium",
    description=(
        "Ensures the AWS Organizations management account hosts no workloads; a person attests"
        " it, with the account's IAM footprint as evidence."
    ),
    more_info=(
        "Service control policies never restrict the management account, and anyone who"
        " controls it can change every member account. Workloads there bring developers,"
        " pipelines and their credentials into the most powerful account in the organization."
        " Whether a resource is a workload is a judgement, so this control gathers evidence"
        " and asks for an attestation."
    ),
    aws_link="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_best-practices_mgmt-acct.html",
    recommended_action=(
        "Move workloads out of the management account into member accounts, then record an"
        " attestation in attestations.toml."
    ),
    remediation_steps=(
        "List what runs in the management account (the evidence counts its IAM users and"
        " roles; check compute, data stores and pipelines in every region).",
        "Move each workload to a member account in a suitable organizational unit.",
        "Remove the IAM users and roles that existed only for those workloads.",
        "Have the account owner add an [[attestation]] for this control and account to"
        " attestations.toml, with an expiry date for the next review.",
    ),
    frameworks={"cis-aws-7.0": ("2.1.3",)},
)


@MANAGEMENT_ACCOUNT_WORKLOADS
def test_management_account_workloads(
    organization: Organization,
    iam_inventory: IamInventory,
    attestation: AttestationCheck,
    evidence: Evidence,
) -> None:
    """Applies to the management account only, where a person must attest."""
    if not organization.is_management_account:
        evidence.record("Applies", "no: this account is not an organization's management account")
        return
    own_roles = [role for role in iam_inventory.roles if not role.service_linked]
    evidence.record("IAM users", ", ".join(u.name for u in iam_inventory.users) or "none")
    evidence.record(
        "IAM roles (not service-linked)", ", ".join(r.name for r in own_roles) or "none"
    )
    attestation.require()
