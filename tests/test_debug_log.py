"""A DEBUG log stays bounded: botocore names every event handler it calls, by its repr,
once per request. A handler whose repr holds what the run has gathered (the recorded
answers) made each line grow with the run: a 20-account DEBUG run wrote gigabytes."""

from __future__ import annotations

import logging

import pytest

from fixtures.aws.data import AccountData
from fixtures.run.accounts import AccountConfig
from fixtures.run.sessions import AwsSession
from tests.conftest import ACCOUNT_ID, Suite

REGION = "us-east-1"
# A handler line is the event name and a bound method's repr: a few hundred characters.
LONGEST_HANDLER_LINE = 400


def test_handlers_are_named_briefly_however_many_answers_are_kept(
    suite: Suite, caplog: pytest.LogCaptureFixture
) -> None:
    for number in range(20):
        suite.client("iam").create_user(UserName=f"user-{number:02}", Path=f"/team{number:02}/")
    config = AccountConfig(
        name="prod", account_id=ACCOUNT_ID, regions=(REGION,), home_region=REGION
    )
    data = AccountData(AwsSession(config, suite.moto_url), f"arn:aws:iam::{ACCOUNT_ID}:user/a", 1)
    caplog.set_level(logging.DEBUG, logger="botocore.hooks")

    for number in range(20):  # each kept answer holds a user: what the repr used to print
        data.call("iam", "ListUsers", region=REGION, PathPrefix=f"/team{number:02}/")

    handler_lines = [r.getMessage() for r in caplog.records if "calling handler" in r.getMessage()]
    assert any("Recording(" in line for line in handler_lines), "no handler line to measure"
    longest = max(handler_lines, key=len)
    assert len(longest) <= LONGEST_HANDLER_LINE, longest[:300]
