"""No policy that allows "*:*" is attached to a user, group or role."""

import json

from fixtures.controls import Control
from fixtures.evidence import Evidence
from fixtures.iam_model import IamInventory, Principal
from fixtures.iam_permissions import allows_everything, kind
from fixtures.policy_documents import Statement
from fixtures.verdict import expect_no_violations

NO_FULL_ADMIN_POLICIES = Control(
    id="iam/no-full-admin-policies",
    title="No Full Administrator Policies Attached",
    category="IAM",
    severity="high",
    description=(
        'Ensures no policy that allows every action on every resource ("*:*") is attached to'
        " an IAM user, group or role, whether AWS-managed, customer-managed or inline."
    ),
    more_info=(
        "A policy that allows every action on every resource gives its holder the whole"
        " account, including the power to rewrite IAM, erase logs and delete backups. Least"
        " privilege starts by granting what a job needs instead. Conditions on such a"
        " statement (MFA, a source network) make it harder to use but not narrower, so the"
        " control reports them without exempting the policy. Service-linked roles are"
        " checked like any other role: AWS defines their policies and none allows *:*, so a"
        " finding there would deserve attention."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    recommended_action=(
        "Detach each *:* policy (AdministratorAccess included) and grant the specific"
        " actions and resources the job needs; keep break-glass administration in a"
        " separate, monitored role."
    ),
    remediation_steps=(
        "Read the failure message: it names each policy, the statement that allows *:* and"
        " every user, group and role holding it.",
        "Decide with the owners what each holder needs; IAM Access Analyzer can generate a"
        " policy from a role's CloudTrail activity.",
        "Create a customer-managed policy with those actions and resources and attach it.",
        "Open the IAM console, choose Policies, open the *:* policy and, on Entities"
        " attached, choose Detach for each holder. With the CLI: aws iam"
        " detach-user-policy / detach-group-policy / detach-role-policy --policy-arn ARN.",
        "For an inline policy, edit it to the needed actions or delete it: aws iam"
        " delete-user-policy / delete-group-policy / delete-role-policy --policy-name NAME.",
        "Run this control again.",
    ),
    frameworks={"cis-aws-7.0": ("2.14",)},
)


def _conditions(statement: Statement) -> str:
    return json.dumps(statement.conditions, sort_keys=True, default=str)


@NO_FULL_ADMIN_POLICIES
def test_no_full_admin_policies(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """No inline or attached managed policy of any user, group or role allows *:*."""
    principals: tuple[Principal, ...] = (
        *iam_inventory.users,
        *iam_inventory.groups,
        *iam_inventory.roles,
    )
    violations = []
    conditions = []
    holding_arns: set[str] = set()
    # Managed policies: one line per policy, naming every holder.
    holders: dict[str, list[Principal]] = {}
    for principal in principals:
        for arn in principal.attached_policy_arns:
            if any(map(allows_everything, iam_inventory.policies[arn].statements)):
                holders.setdefault(arn, []).append(principal)
                holding_arns.add(principal.arn)
    for arn, holding in holders.items():
        full = [s for s in iam_inventory.policies[arn].statements if allows_everything(s)]
        attached = ", ".join(f"{kind(p)} {p.arn}" for p in holding)
        violations.append(
            f"managed policy {arn} allows *:* ({'; '.join(s.describe() for s in full)})"
            f" and is attached to {attached}"
        )
        conditions += [f"managed policy {arn}: {_conditions(s)}" for s in full if s.conditions]
    # Inline policies belong to one principal each.
    for principal in principals:
        for name, statements in principal.inline_policies.items():
            for statement in filter(allows_everything, statements):
                holding_arns.add(principal.arn)
                violations.append(
                    f"{principal.arn}: inline policy {name!r} of the {kind(principal)}"
                    f" allows *:* ({statement.describe()})"
                )
                if statement.conditions:
                    conditions.append(
                        f"inline policy {name!r} of {principal.arn}: {_conditions(statement)}"
                    )
    evidence.record("Attached managed policies allowing *:*", len(holders))
    evidence.record("Users, groups and roles holding *:*", len(holding_arns))
    evidence.record("Conditions on *:* statements", "\n".join(conditions) or "none")
    expect_no_violations(violations)
