"""The number of IAM users with administrative access stays within a set range."""

import pytest

from fixtures.analysis.iam_model import IamInventory, User
from fixtures.analysis.iam_permissions import AdminAccess, admin_access, statements
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

ADMIN_USER_COUNT = Control(
    id="iam/admin-user-count",
    title="IAM User Admins",
    category="IAM",
    severity="high",
    description=(
        "Ensures the number of IAM users with administrative access is at least"
        " {iam_admin_count_minimum} and at most {iam_admin_count_maximum}."
    ),
    more_info=(
        "Every administrator is a person whose credentials can hand over the whole account, so"
        " there should be as few as possible; but a single administrator is a single point of"
        " failure when that person is away or locked out. A few, never just one, is the usual"
        " balance. Here an administrator is an IAM user whose own or groups' policies allow every"
        ' action ("*" or "*:*") on every resource, with or without conditions, or as good as that:'
        " every action with NotResource, or every action but those NotAction names when IAM"
        " writes are still among the rest (the user can grant itself the others; PowerUserAccess,"
        " which leaves out IAM, does not count). A Deny without conditions on every resource takes"
        " the status away only if it denies every action, or every action but a few that include"
        " no IAM write and not sts:AssumeRole, as a quarantine policy does. Any other Deny does"
        " not: such a user can still make itself a full administrator again and is counted, with"
        " the Deny noted. Roles are not counted, and an account without IAM users (access through"
        " roles or identity federation only) passes. The count is one finding for the account,"
        " listing every administrator."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    recommended_action=(
        "Keep at least {iam_admin_count_minimum} and at most {iam_admin_count_maximum}"
        " administrator users and give every other user only the permissions its job needs."
    ),
    remediation_steps=(
        "Read the failure message: it lists every administrator user and the policy that"
        " makes it one.",
        "If there are more than {iam_admin_count_maximum}, agree with the account owner which"
        " users stay administrators.",
        "For each other user, remove it from the administrators' groups (aws iam"
        " remove-user-from-group) and detach or delete its own *:* policies (aws iam"
        " detach-user-policy / delete-user-policy), then grant what its job needs.",
        "If there are fewer than {iam_admin_count_minimum}, add another trusted person's"
        " user to the administrators' group: aws iam add-user-to-group --group-name GROUP"
        " --user-name NAME.",
        "If your organization wants another range, set iam_admin_count_minimum and"
        " iam_admin_count_maximum in settings.toml.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/iamUserAdmins",)},
    settings={
        "iam_admin_count_minimum": Setting(2, "fewest IAM users with administrative access"),
        "iam_admin_count_maximum": Setting(2, "most IAM users with administrative access"),
    },
)


def _how(access: AdminAccess) -> str:
    text = "; ".join(grant.describe() for grant in access.granted_by)
    if access.narrowed_by:
        text += "; narrowed by " + "; ".join(grant.describe() for grant in access.narrowed_by)
    return text


@ADMIN_USER_COUNT
def test_admin_user_count(
    iam_inventory: IamInventory, settings: ControlSettings, evidence: Evidence
) -> None:
    """Between the minimum and maximum IAM users are administrators (no users: pass)."""
    minimum = settings.integer("iam_admin_count_minimum")
    maximum = settings.integer("iam_admin_count_maximum")
    if minimum > maximum:
        raise pytest.UsageError(
            f"iam_admin_count_minimum ({minimum}) is above iam_admin_count_maximum"
            f" ({maximum}): no account could pass"
        )
    admins: list[tuple[User, AdminAccess]] = []
    withdrawn: list[str] = []
    for user in iam_inventory.users:
        access = admin_access(statements(iam_inventory.grants(user)))
        if access.is_admin:
            admins.append((user, access))
        elif access.granted_by:
            withdrawn.append(f"{user.arn} (withdrawn by {access.withdrawn_by[0].describe()})")
    evidence.record("IAM users", len(iam_inventory.users))
    evidence.record(
        "Administrator users",
        f"{len(admins)}: {', '.join(u.name for u, _ in admins)}" if admins else "0",
    )
    if withdrawn:
        evidence.record("Users with *:* denied wholesale (not counted)", "\n".join(withdrawn))
    if not iam_inventory.users:
        evidence.record("Applies", "no: the account has no IAM users")
        return
    # One violation about the account's count (no single user is at fault), listing every
    # administrator on its own line.
    listing = "".join(f"\n  {user.arn}: {_how(access)}" for user, access in admins)
    if len(admins) < minimum:
        expect_no_violations(
            [
                f"{len(admins)} IAM user(s) have administrative access, fewer than the"
                f" minimum {minimum}{':' if admins else ''}{listing}"
            ]
        )
    if len(admins) > maximum:
        expect_no_violations(
            [
                f"{len(admins)} IAM users have administrative access, more than the"
                f" maximum {maximum}:{listing}"
            ]
        )
