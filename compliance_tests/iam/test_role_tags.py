"""Every IAM role carries at least one tag."""

from fixtures.analysis.iam_model import IamInventory
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

ROLE_TAGS = Control(
    id="iam/role-tags",
    title="IAM Role Has Tags",
    category="IAM",
    severity="low",
    description="Ensures every IAM role that is not service-linked has at least one tag.",
    more_info=(
        "Tags tell who owns a role, what it is for and what may be deleted; they also drive"
        " attribute-based access control and cost reports. An untagged role is the one"
        " nobody dares remove in a clean-up and nobody answers for in an incident."
        " Service-linked roles are created and managed by AWS services and are left out."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags_roles.html",
    recommended_action=(
        "Tag every role, at least with its owner and purpose, and make the templates that"
        " create roles add those tags."
    ),
    remediation_steps=(
        "Open the IAM console and choose Roles; open each role the evidence names.",
        "On the Tags tab choose Add new tag, enter a key and a value (for example owner and"
        " the team's name) and choose Save changes.",
        "With the CLI: aws iam tag-role --role-name ROLE --tags Key=owner,Value=TEAM.",
        "Add the tags to the CloudFormation, Terraform or other templates that create roles,"
        " then run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/iamRoleHasTags",)},
)


@ROLE_TAGS
def test_role_tags(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """Each non-service-linked role has a tag."""
    roles = [role for role in iam_inventory.roles if not role.service_linked]
    untagged = [role for role in roles if not role.tags]
    evidence.record("Roles checked (not service-linked)", len(roles))
    evidence.record("Roles without tags", len(untagged))
    expect_no_violations([f"{role.arn}: no tags" for role in untagged])
