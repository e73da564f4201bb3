"""Roles other accounts may assume demand MFA or an external id."""

from fixtures.analysis.iam_model import IamInventory
from fixtures.analysis.iam_trust import (
    outside_principals,
    requires_external_id,
    requires_mfa,
    statement_label,
)
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.targets import ResolvedAccount

CROSS_ACCOUNT_ROLES_REQUIRE_MFA_OR_EXTERNAL_ID = Control(
    id="iam/cross-account-roles-require-mfa-or-external-id",
    title="Cross-Account Roles Require MFA Or External ID",
    category="IAM",
    severity="medium",
    description=(
        "Ensures every role whose trust policy lets principals of another AWS account assume"
        " it requires MFA (aws:MultiFactorAuthPresent) or an external id (sts:ExternalId)."
    ),
    more_info=(
        "A trust policy naming another account hands the decision of who may act in this"
        " account to that account's administrators. Requiring MFA makes a stolen access key"
        " there useless on its own; requiring an external id stops a third-party service from"
        " being tricked into using its access on behalf of one of its other customers (the"
        " confused deputy problem). Roles trusted only by this account or by AWS services are"
        " out of scope."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html",
    recommended_action=(
        "Add a condition to each cross-account trust statement: Bool aws:MultiFactorAuthPresent"
        " true for people, or StringEquals sts:ExternalId for a third-party service."
    ),
    remediation_steps=(
        "Open the IAM console, choose Roles and open each role the evidence names.",
        "On the Trust relationships tab choose Edit trust policy.",
        "For people in another account, add to the statement that names their account:"
        ' "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}.',
        "For a third-party service, agree an external id with the provider and add:"
        ' "Condition": {"StringEquals": {"sts:ExternalId": "<the agreed id>"}}; give the'
        " provider the same id.",
        "Choose Update policy. With the CLI: aws iam update-assume-role-policy --role-name"
        " ROLE --policy-document file://trust.json.",
        "Check the other account can still assume the role, then run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/crossAccountMfaExtIdAccess",)},
)


@CROSS_ACCOUNT_ROLES_REQUIRE_MFA_OR_EXTERNAL_ID
def test_cross_account_roles_require_mfa_or_external_id(
    iam_inventory: IamInventory, account: ResolvedAccount, evidence: Evidence
) -> None:
    """Every trust statement that lets another account's principals (or anyone) call
    sts:AssumeRole also requires MFA or an external id."""
    violations = []
    cross_account = []
    for role in iam_inventory.roles:
        outside = False
        for number, statement in enumerate(role.trust_statements, start=1):
            principals = outside_principals(statement, account.account_id)
            if not principals:
                continue
            outside = True
            if requires_mfa(statement) or requires_external_id(statement):
                continue
            names = ", ".join(p.value for p in principals)
            violations.append(
                f"{role.arn}: trust {statement_label(statement, number)} lets {names} assume"
                " the role without requiring MFA (aws:MultiFactorAuthPresent) or an"
                " sts:ExternalId"
            )
        if outside:
            cross_account.append(role.name)
    evidence.record("Cross-account roles", ", ".join(cross_account) or "none")
    expect_no_violations(violations)
