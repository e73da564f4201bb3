"""Arrange helpers shared by the tests of policy-reading controls."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import Suite


def document(*statements: dict[str, Any]) -> str:
    """A policy document (JSON) holding ``statements``."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def user_with_inline_policy(
    suite: Suite, user: str, *statements: dict[str, Any], policy: str = "inline"
) -> None:
    """Create IAM user ``user`` with one inline policy made of ``statements``."""
    iam = suite.client("iam")
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName=policy, PolicyDocument=document(*statements))
