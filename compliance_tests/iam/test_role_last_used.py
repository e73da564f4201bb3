"""IAM roles nobody uses any more are removed."""

from datetime import timedelta

from fixtures.analysis.iam_model import IamInventory
from fixtures.aws.iam_credentials import describe_age
from fixtures.results.controls import Control
from fixtures.results.errors import MissingField
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run import clock
from fixtures.run.settings import ControlSettings, Setting

ROLE_LAST_USED = Control(
    id="iam/role-last-used",
    title="IAM Role Last Used",
    category="IAM",
    severity="low",
    description=(
        "Ensures every IAM role was used within the last {iam_role_last_used_days} days;"
        " a role never used counts from the day it was created."
    ),
    more_info=(
        "A role nobody uses still carries its permissions and its trust policy: a way in that"
        " no one watches, and a grant that outlives the project it was made for. CloudSploit"
        " warns about a role unused for 90 days and fails it at 180; with no separate warning"
        " level here, this control fails after {iam_role_last_used_days} days (by default"
        " CloudSploit's earlier mark) so the role is looked at while someone still remembers"
        " it. AWS reports role use for the trailing 400 days only, so"
        " an older role without a last use may have been used before that window; either way"
        " it has not been used within the limit. Service-linked roles belong to AWS services,"
        " which use them when they need to, and are skipped by default."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_delete.html",
    recommended_action=(
        "Delete roles that are no longer needed; for a role kept for rare use (break-glass,"
        " disaster recovery), document it and raise the setting or tag and review it."
    ),
    remediation_steps=(
        "Open the IAM console and choose Roles; sort by Last activity and open each role the"
        " evidence names.",
        "Check what the role was for (its tags, description and trust policy) and ask its"
        " owner whether anything still needs it; CloudTrail shows sts:AssumeRole calls for it.",
        "Choose Delete, type the role name and confirm. With the CLI: detach its managed"
        " policies (aws iam detach-role-policy), delete its inline policies (aws iam"
        " delete-role-policy), remove it from instance profiles, then aws iam delete-role"
        " --role-name ROLE.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/iamRoleLastUsed",)},
    settings={
        "iam_role_last_used_days": Setting(
            90, "days a role may go unused (counted from its creation when never used)"
        ),
        "skip_aws_service_roles": Setting(
            True, "leave out service-linked roles (path /aws-service-role/)"
        ),
    },
)


@ROLE_LAST_USED
def test_role_last_used(
    iam_inventory: IamInventory, settings: ControlSettings, evidence: Evidence
) -> None:
    """Each role (service-linked ones skipped by default) was used, or created, within the
    limit."""
    limit = settings.integer("iam_role_last_used_days")
    skip_service = settings.flag("skip_aws_service_roles")
    now = clock.now()
    roles = [role for role in iam_inventory.roles if not (skip_service and role.service_linked)]
    violations = []
    for role in roles:
        if role.last_used is not None:
            if now - role.last_used > timedelta(days=limit):
                # the age to the hour, as compared: "90 days ago" would read as within 90
                age = describe_age(now - role.last_used)
                violations.append(
                    f"{role.arn}: last used {role.last_used:%Y-%m-%d} ({age} ago);"
                    f" roles must be used within {limit} days"
                )
            continue
        if role.created is None:
            raise MissingField(
                f"iam:GetAccountAuthorizationDetails returned role {role.arn} with neither"
                " RoleLastUsed nor CreateDate"
            )
        if now - role.created > timedelta(days=limit):
            violations.append(
                f"{role.arn}: never used since it was created on {role.created:%Y-%m-%d}"
                f" ({describe_age(now - role.created)} ago); roles must be used within"
                f" {limit} days"
            )
    evidence.record("Roles checked", len(roles))
    evidence.record("Roles unused within the limit", len(violations))
    expect_no_violations(violations)
