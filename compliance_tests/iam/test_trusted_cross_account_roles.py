"""Roles may be assumed from trusted accounts only."""

import re

from fixtures.analysis.iam_model import IamInventory
from fixtures.analysis.iam_trust import (
    account_ids,
    outside_principals,
    principal_account,
    statement_label,
)
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting, regular_expression
from fixtures.run.targets import ResolvedAccount

TRUSTED_CROSS_ACCOUNT_ROLES = Control(
    id="iam/trusted-cross-account-roles",
    title="Trusted Cross-Account Roles",
    category="IAM",
    severity="medium",
    description=(
        "Ensures every other AWS account a role's trust policy lets assume the role is on the"
        " list of trusted accounts, and that no role trusts everyone (Principal *)."
    ),
    more_info=(
        "Whoever administers a trusted account decides which of its users and roles may act"
        " in this one. An account nobody recognises in a trust policy is a door left by a"
        " former vendor, a test, or an attacker who wanted to come back. Listing the accounts"
        " the organization actually trusts turns every other entry into a finding. A trust of"
        " Principal * is never acceptable here: conditions can narrow it, but a mistake in"
        " them opens the role to every AWS account."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_aws-accounts.html",
    recommended_action=(
        "Remove untrusted accounts from role trust policies, or, when an account is trusted,"
        " add it to the trusted_account_ids setting."
    ),
    remediation_steps=(
        "For each account the evidence names, find out who owns it and why the role trusts"
        " it (AWS Organizations lists the organization's own accounts).",
        "If the account is trusted, add its id to trusted_account_ids in settings.toml"
        " (or a pattern to trusted_account_ids_regex).",
        "Otherwise open the IAM console, choose Roles, open the role and choose Trust"
        " relationships, then Edit trust policy.",
        "Remove the account (or the whole statement) and choose Update policy. With the CLI:"
        " aws iam update-assume-role-policy --role-name ROLE --policy-document"
        " file://trust.json.",
        "Delete the role instead if nothing needs it any more, then run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/trustedCrossAccountRoles",)},
    settings={
        "trusted_account_ids": Setting(
            (),
            "other AWS accounts roles may trust: 12-digit ids or arn:aws:iam::ID:root",
            check=account_ids,
        ),
        "trusted_account_ids_regex": Setting(
            "",
            "a regular expression account ids that are trusted match in full"
            " (empty: the list alone decides)",
            check=regular_expression,
        ),
    },
)


def _trusted_ids(settings: ControlSettings) -> frozenset[str]:
    # the setting's check has refused entries that name no account before any control ran
    entries = settings.texts("trusted_account_ids")
    return frozenset(filter(None, map(principal_account, entries)))


def _trusted_pattern(settings: ControlSettings) -> re.Pattern[str] | None:
    text = settings.text("trusted_account_ids_regex")
    return re.compile(text) if text else None  # checked to compile before any control ran


@TRUSTED_CROSS_ACCOUNT_ROLES
def test_trusted_cross_account_roles(
    iam_inventory: IamInventory,
    account: ResolvedAccount,
    settings: ControlSettings,
    evidence: Evidence,
) -> None:
    """Each account outside this one that a trust statement lets call sts:AssumeRole is
    trusted by the settings; Principal * always fails."""
    trusted = _trusted_ids(settings)
    pattern = _trusted_pattern(settings)
    violations = []
    seen: set[str] = set()
    for role in iam_inventory.roles:
        for number, statement in enumerate(role.trust_statements, start=1):
            where = f"{role.arn}: trust {statement_label(statement, number)}"
            for principal in outside_principals(statement, account.account_id):
                account_id = principal.account_id
                if principal.anyone:
                    violations.append(
                        f"{where} lets anyone (Principal {principal.value!r}) assume the role"
                    )
                elif account_id is None:
                    violations.append(
                        f"{where} names {principal.value!r}, which names no account this"
                        " control can check"
                    )
                else:
                    seen.add(account_id)
                    if account_id in trusted or (pattern and pattern.fullmatch(account_id)):
                        continue
                    violations.append(
                        f"{where} lets account {account_id} ({principal.value}) assume the"
                        " role; that account is not trusted"
                    )
    evidence.record("Other accounts trusted by roles", ", ".join(sorted(seen)) or "none")
    expect_no_violations(violations)
