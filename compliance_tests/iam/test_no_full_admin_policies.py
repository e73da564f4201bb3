"""No policy that allows "*:*" is attached to a user, group or role."""

import json

from fixtures.analysis.iam_model import IamInventory, Principal
from fixtures.analysis.iam_permissions import allows_everything, as_stated, kind
from fixtures.analysis.policy_documents import Statement
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

NO_FULL_ADMIN_POLICIES = Control(
    id="iam/no-full-admin-policies",
    title="No Full Administrator Policies Attached",
    category="IAM",
    severity="high",
    description=(
        'Ensures no policy that allows every action on every resource ("*:*") is attached to'
        " an IAM user, group or role, whether AWS-managed, customer-managed or inline."
        " Statements that allow every action with NotResource, or every action but a few"
        " with NotAction while still allowing IAM writes, count as *:* too."
    ),
    more_info=(
        "A policy that allows every action on every resource gives its holder the whole"
        " account, including the power to rewrite IAM, erase logs and delete backups. Least"
        " privilege starts by granting what a job needs instead. Conditions on such a"
        " statement (MFA, a source network) make it harder to use but not narrower, so the"
        " control reports them without exempting the policy. An Allow of every action with"
        " NotResource allows everything outside the named resources, IAM included, and an"
        " Allow of every action but those NotAction names is *:* in all but name when it"
        " still allows writing IAM, since the holder can grant itself the rest; a"
        " PowerUserAccess-style NotAction that leaves out all of IAM does not count."
        " Service-linked roles are"
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
        "Read the failure message: each line names a user, group or role, the policy it"
        " holds (managed or inline) and the statement that allows *:*.",
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


def _allows(full: list[Statement]) -> str:
    said = "allows *:*" if any(map(as_stated, full)) else "allows as good as *:*"
    return f"{said} ({'; '.join(s.describe() for s in full)})"


def _policies(
    principal: Principal, inventory: IamInventory
) -> list[tuple[str, str | None, tuple[Statement, ...]]]:
    """Each policy of ``principal``: how to name it, its ARN if managed, its statements."""
    return [
        (f"managed policy {arn} attached to", arn, inventory.policies[arn].statements)
        for arn in principal.attached_policy_arns
    ] + [
        (f"inline policy {name!r} of", None, statements)
        for name, statements in principal.inline_policies.items()
    ]


@NO_FULL_ADMIN_POLICIES
def test_no_full_admin_policies(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """No inline or attached managed policy of any user, group or role allows *:*."""
    principals: tuple[Principal, ...] = (
        *iam_inventory.users,
        *iam_inventory.groups,
        *iam_inventory.roles,
    )
    # One violation per holder and policy, led by the holder's ARN, so that a waiver for
    # one holder (a break-glass role) accepts that holder alone.
    violations = []
    conditions = []
    holding_arns: set[str] = set()
    managed: set[str] = set()
    for principal in principals:
        for policy, arn, statements in _policies(principal, iam_inventory):
            full = [s for s in statements if allows_everything(s)]
            if not full:
                continue
            holding_arns.add(principal.arn)
            managed.update([arn] if arn else [])
            violations.append(f"{principal.arn}: {policy} the {kind(principal)} {_allows(full)}")
            conditions += [
                f"{policy} {principal.arn}: {_conditions(s)}" for s in full if s.conditions
            ]
    evidence.record("Attached managed policies allowing *:*", len(managed))
    evidence.record("Users, groups and roles holding *:*", len(holding_arns))
    evidence.record("Conditions on *:* statements", "\n".join(conditions) or "none")
    expect_no_violations(violations)
