"""Every IAM user carries at least one tag."""

from fixtures.analysis.iam_model import IamInventory
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

USER_TAGS = Control(
    id="iam/user-tags",
    title="IAM User Has Tags",
    category="IAM",
    severity="low",
    description="Ensures every IAM user has at least one tag.",
    more_info=(
        "Tags say who owns a user, what it is for and when it may be removed; without them"
        " an access review cannot tell a colleague from a forgotten integration. Tags can"
        " also drive attribute-based access control and cost reports."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags_users.html",
    recommended_action=(
        "Tag every IAM user, at least with its owner and purpose, following your tagging policy."
    ),
    remediation_steps=(
        "Read the failure message: it names every user without tags.",
        "Open the IAM console, choose Users, open the user and choose the Tags tab.",
        "Choose Manage tags, add the tags your policy requires (for example owner and"
        " purpose) and save. With the CLI: aws iam tag-user --user-name NAME --tags"
        " Key=owner,Value=TEAM Key=purpose,Value=WHAT.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/iamUserHasTags",)},
)


@USER_TAGS
def test_user_tags(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """No user is without tags."""
    violations = [f"{user.arn}: no tags" for user in iam_inventory.users if not user.tags]
    evidence.record("IAM users", len(iam_inventory.users))
    evidence.record("Users without tags", len(violations))
    expect_no_violations(violations)
