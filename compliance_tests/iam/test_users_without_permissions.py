"""Every IAM user has a policy, its own or through a group."""

from fixtures.analysis.iam_model import IamInventory, User
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

USERS_WITHOUT_PERMISSIONS = Control(
    id="iam/users-without-permissions",
    title="IAM User Without Permissions",
    category="IAM",
    severity="medium",
    description=(
        "Ensures every IAM user has at least one policy, attached or inline, to itself or"
        " to a group it belongs to."
    ),
    more_info=(
        "A user that no policy reaches can do nothing in the account, so nobody is using"
        " it for work; it is most likely left over. Its password or access keys still"
        " exist, and the moment someone attaches a policy or adds it to a group they become"
        " useful to whoever holds them. Remove such users."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_remove.html",
    recommended_action=(
        "Delete users that no policy reaches, or add them to the group their job needs."
    ),
    remediation_steps=(
        "Read the failure message: it names every user without a policy and its groups.",
        "Check with the owner whether the user is still needed; the credential report"
        " shows when its password and keys were last used.",
        "If needed, add it to the right group: aws iam add-user-to-group --group-name GROUP"
        " --user-name NAME.",
        "Otherwise open the IAM console, choose Users, select the user and choose Delete"
        " (the console removes its keys, password and memberships first).",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/iamUserWithoutPermissions",)},
)


def _why(user: User) -> str:
    if not user.groups:
        return "no policy of its own and no group"
    groups = ", ".join(repr(name) for name in user.groups)
    return f"no policy of its own, and its group(s) {groups} have none"


@USERS_WITHOUT_PERMISSIONS
def test_users_without_permissions(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """Each user is reached by at least one inline or managed policy (own or group's)."""
    violations = [
        f"{user.arn}: {_why(user)}"
        for user in iam_inventory.users
        if not iam_inventory.grants(user)
    ]
    evidence.record("IAM users", len(iam_inventory.users))
    evidence.record("Users without any policy", len(violations))
    expect_no_violations(violations)
