"""Every role carries the policies the organization requires on all roles."""

import pytest

from fixtures.analysis.iam_model import IamInventory
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

REQUIRED_ROLE_POLICIES = Control(
    id="iam/required-role-policies",
    title="Required Role Policies",
    category="IAM",
    severity="low",
    description=(
        "Ensures every IAM role that is not service-linked has each policy named in the"
        " iam_required_policy_names setting, inline or attached as a managed policy."
    ),
    more_info=(
        "Organizations often put guardrails on every role in the same way: a policy that"
        " denies leaving the region set, disabling logging or touching the security tooling."
        " A role created by hand or by a template that forgot the guardrail escapes it"
        " silently. Service-linked roles are owned by AWS services and cannot carry extra"
        " policies, so they are left out."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-attach-detach.html",
    recommended_action="Attach each required policy to every role the evidence names.",
    remediation_steps=(
        "Open the IAM console and choose Roles; open each role the evidence names.",
        "On the Permissions tab choose Add permissions, then Attach policies; select the"
        " missing managed policy by name and choose Add permissions. With the CLI: aws iam"
        " attach-role-policy --role-name ROLE --policy-arn ARN.",
        "For a required inline policy, choose Add permissions, then Create inline policy,"
        " and save it under the required name (aws iam put-role-policy).",
        "Fix the template or pipeline that created the role, so new roles get the policy"
        " too, then run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/iamPoliciesPresent",)},
    settings={
        "iam_required_policy_names": Setting(
            (),
            "policies every non-service-linked role must have: a managed policy's ARN"
            " (matched only by that policy attached: AWS's identity of it) or a name (matched"
            " by an inline or attached managed policy of that name, whoever wrote it);"
            " empty: the control is skipped",
        ),
    },
)


@REQUIRED_ROLE_POLICIES
def test_required_role_policies(
    iam_inventory: IamInventory, settings: ControlSettings, evidence: Evidence
) -> None:
    """Each non-service-linked role has every required policy: an ARN entry attached as
    that managed policy, a name entry as an inline or managed policy of that name (names
    compared exactly, as IAM keeps them)."""
    required = settings.texts("iam_required_policy_names")
    if not required:
        pytest.skip(
            "no required policies configured: set iam_required_policy_names to enable this check"
        )
    roles = [role for role in iam_inventory.roles if not role.service_linked]
    violations = []
    for role in roles:
        names = {
            *role.inline_policies,
            # A managed policy's ARN ends with its name (policy names hold no "/").
            *(arn.rsplit("/", 1)[-1] for arn in role.attached_policy_arns),
        }
        # A name is a label anyone can give a policy (an inline policy, or a customer-managed
        # one called like AWS's); an ARN is the policy AWS attached.
        missing = [
            entry
            for entry in required
            if (
                entry not in role.attached_policy_arns
                if entry.startswith("arn:")
                else entry not in names
            )
        ]
        if missing:
            attached = (
                f"; attached: {', '.join(role.attached_policy_arns) or 'none'}"
                if any(entry.startswith("arn:") for entry in missing)
                else ""
            )
            violations.append(
                f"{role.arn}: missing required policy {', '.join(repr(n) for n in missing)}"
                f" (has {', '.join(sorted(repr(n) for n in names)) or 'no policies'}{attached})"
            )
    evidence.record("Roles checked (not service-linked)", len(roles))
    expect_no_violations(violations)
