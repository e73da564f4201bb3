"""IAM user names follow the organization's naming convention."""

import re

from fixtures.aws.iam_credentials import UserCredentials
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import Setting, regular_expression

USER_NAME_PATTERN = Control(
    id="iam/user-name-pattern",
    title="IAM Username Matches Regex",
    category="IAM",
    severity="medium",
    description=(
        "Ensures every IAM user name matches the naming convention given as a regular"
        " expression (a setting; by default any name is accepted)."
    ),
    more_info=(
        "A naming convention tells at a glance whom or what a user belongs to (a person's"
        " corporate id, a svc- prefix for machines), which makes reviews, offboarding and"
        " incident response faster. A user whose name breaks the convention was often"
        " created by hand, outside the usual process, and deserves a look. The default"
        " pattern accepts every name: set iam_username_regex to your convention."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_manage.html",
    recommended_action=(
        "Rename users whose names break the convention (or remove them if nobody owns them),"
        " and fix the process that created them."
    ),
    remediation_steps=(
        "Find out who owns each user the evidence names and why it was created outside the"
        " convention.",
        "If it is no longer needed, remove its credentials and delete it.",
        "Otherwise rename it with the CLI (the console cannot rename users): aws iam"
        " update-user --user-name OLD --new-user-name NEW. Policies that name the user's ARN"
        " must be updated by hand; IAM updates the user's own policies and groups.",
        "Tell the owners: their sign-in name changes.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/iamUserNameRegex",)},
    settings={
        "iam_username_regex": Setting(
            "^.*$",
            "regular expression (Python syntax) every IAM user name must match in full;"
            " the default accepts any name",
            check=regular_expression,
        ),
    },
)


@USER_NAME_PATTERN
def test_user_name_pattern(
    iam_user_credentials: tuple[UserCredentials, ...],
    iam_username_pattern: re.Pattern[str],
    evidence: Evidence,
) -> None:
    """Every IAM user's name matches the ``iam_username_regex`` setting in full."""
    offenders = [
        user for user in iam_user_credentials if not iam_username_pattern.fullmatch(user.name)
    ]
    evidence.record("Users whose names break the pattern", len(offenders))
    expect_no_violations(
        [
            f"{user.arn}: user name {user.name!r} does not match {iam_username_pattern.pattern!r}"
            for user in offenders
        ]
    )
