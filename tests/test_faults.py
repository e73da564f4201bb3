"""Faults met through the real suite (pytester), behind a fault-injecting proxy in front of
moto: an answer that cannot be read is "could not assess" in one line, asked once; the
run ends with its summary, HTML and JUnit XML when controls ran, and an account that
cannot be resolved is "could not assess" for each of its controls, with one line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fixtures.demo.moto.iam import RootAccount, set_root_account
from tests.conftest import ACCOUNT_ID, REPO, Suite, SuiteRun, assert_unresolved
from tests.example_controls import REGIONAL_CONTROL
from tests.fault_proxy import Answer, FaultProxy, body

CREATED = datetime(2019, 4, 2, 9, 30, tzinfo=UTC)
PUBLIC_POLICIES = "iam/test_resource_policies_not_public.py"
CASE = "test_resource_policies_not_public[prod-us-east-1]"
# A body cut off mid-element: what a dropped connection leaves.
CUT_XML = b'<?xml version="1.0"?><GetAccountAuthorizationDetailsResponse xmlns="https://iam.am'


@pytest.fixture
def proxy(moto_url: str) -> Iterator[FaultProxy]:
    with FaultProxy(moto_url).running() as running:
        yield running


def through(suite: Suite, proxy: FaultProxy, **entry: object) -> None:
    """Point the account ``prod`` at the proxy."""
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "endpoint_url": proxy.url, **entry}})


def assert_one_line_and_reports(run: SuiteRun) -> None:
    """No traceback, the summary printed, HTML and JUnit written."""
    assert "Traceback" not in run.output
    assert "INTERNALERROR" not in run.output
    assert "AWS compliance" in run.output  # the summary section
    assert run.html_path.exists()
    assert run.xml_path.exists()


def lines_with(output: str, text: str) -> list[str]:
    """The lines of ``output`` holding ``text``, leaving out pytest's short test summary
    (``ERROR path - message``), whose message is cut to the terminal or whole on CI."""
    return [
        line
        for line in output.splitlines()
        if text in line and not line.startswith(("ERROR ", "FAILED "))
    ]


def test_a_public_queue_behind_an_empty_list_is_an_error_not_a_pass(
    suite: Suite, proxy: FaultProxy
) -> None:
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}
        ],
    }
    suite.client("sqs").create_queue(
        QueueName="orders", Attributes={"Policy": json.dumps(document)}
    )
    through(suite, proxy)
    proxy.faults["ListQueues"] = body(b"")

    run = suite.run(control=PUBLIC_POLICIES)

    assert run.result.ret == 1
    record = run.evidence()[CASE]
    assert record["verdict"] == "could not assess"
    assert (
        "sqs:ListQueues in us-east-1 answered with something that cannot be read: HTTP 200 with"
        " an empty body, where AWS answers a JSON object" in run.output
    )
    assert proxy.requests["ListQueues"] == 1
    assert_one_line_and_reports(run)


@pytest.mark.parametrize("fault", [b"", b'{"ARN": "arn:aws:secretsmanager:us-east-1:1'])
def test_a_public_secret_behind_an_unreadable_policy_is_an_error_not_a_pass(
    suite: Suite, proxy: FaultProxy, fault: bytes
) -> None:
    secrets = suite.client("secretsmanager")
    arn = secrets.create_secret(Name="db", SecretString="s3cr3t")["ARN"]
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            }
        ],
    }
    secrets.put_resource_policy(SecretId=arn, ResourcePolicy=json.dumps(document))
    through(suite, proxy)
    proxy.faults["GetResourcePolicy"] = body(fault)

    run = suite.run(control=PUBLIC_POLICIES)

    assert run.evidence()[CASE]["verdict"] == "could not assess"
    assert (
        "secretsmanager:GetResourcePolicy in us-east-1 answered with something that cannot be"
        " read: HTTP 200 with " in run.output
    )
    assert proxy.requests["GetResourcePolicy"] == 1
    assert_one_line_and_reports(run)
    proxy.faults.clear()
    assert suite.run(control=PUBLIC_POLICIES).evidence()[CASE]["verdict"] == "violation"


def test_the_same_queue_is_found_when_the_list_is_read(suite: Suite, proxy: FaultProxy) -> None:
    # The test above can fail: without the fault, the queue is a violation.
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}
        ],
    }
    suite.client("sqs").create_queue(
        QueueName="orders", Attributes={"Policy": json.dumps(document)}
    )
    through(suite, proxy)

    run = suite.run(control=PUBLIC_POLICIES)

    assert run.evidence()[CASE]["verdict"] == "violation"


def test_unparseable_xml_in_the_heaviest_call_is_one_line_asked_once(
    suite: Suite, proxy: FaultProxy
) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    through(suite, proxy)
    proxy.faults["GetAccountAuthorizationDetails"] = body(CUT_XML)

    run = suite.run(control=REPO / "compliance_tests" / "iam")

    assert run.result.ret == 1
    cause = (
        "iam:GetAccountAuthorizationDetails in us-east-1 answered with something that cannot"
        " be read: HTTP 200 with XML that does not parse"
    )
    errors = [name for name, verdict in run.verdicts().items() if verdict == "could not assess"]
    assert len(errors) >= 10, errors  # every control that reads the IAM inventory
    for name in errors:
        assert cause in run.evidence()[name]["reason"], name
    assert len(lines_with(run.output, cause)) >= len(errors)
    for line in lines_with(run.output, cause):
        assert len(line) < 600, line  # the cause, not the raw body
    assert proxy.requests["GetAccountAuthorizationDetails"] == 1  # not once per control
    assert run.result.parseoutcomes().get("passed", 0) > 0  # the other controls ran
    assert_one_line_and_reports(run)


@pytest.mark.parametrize(
    "fault", [b"", CUT_XML, b"<html>Service Unavailable</html>"], ids=["empty", "cut", "html"]
)
def test_an_unreadable_caller_identity_is_one_line_per_control(
    suite: Suite, proxy: FaultProxy, fault: bytes
) -> None:
    through(suite, proxy)
    proxy.faults["GetCallerIdentity"] = body(fault)

    run = suite.run()

    reason = (
        "account 'prod' (the ambient environment): sts:GetCallerIdentity in us-east-1"
        " failed: UnreadableBody: HTTP 200 with "
    )
    assert_unresolved(run, "prod", reason)
    errors = [line for line in run.output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, run.output  # pytest's summary line of the one control
    assert len(lines_with(run.output, "could not be assessed: " + reason)) == 1
    assert proxy.requests["GetCallerIdentity"] == 1


def test_an_unreadable_assume_role_is_one_line_per_control(suite: Suite, proxy: FaultProxy) -> None:
    role = f"arn:aws:iam::{ACCOUNT_ID}:role/Audit"
    through(suite, proxy, role_arn=role)
    proxy.faults["AssumeRole"] = body(b"<AssumeRoleResponse><AssumeRoleResult><Credentials>")

    run = suite.run()

    reason = (
        f"account 'prod': sts:AssumeRole of {role} failed: UnreadableBody: HTTP 200 with"
        " XML that does not parse"
    )
    assert_unresolved(run, "prod", reason)
    assert len(lines_with(run.output, "could not be assessed: " + reason)) == 1
    assert proxy.requests["AssumeRole"] == 1


def test_an_unreadable_region_list_warns_once_and_the_listed_regions_run(
    suite: Suite, proxy: FaultProxy
) -> None:
    through(suite, proxy, regions=["us-east-1", "eu-west-1"])
    proxy.faults["DescribeRegions"] = body(b"<DescribeRegionsResponse><regionInfo><item>")
    control = suite.pytester.makepyfile(test_regional=REGIONAL_CONTROL)

    run = suite.run(control=control)

    assert run.result.ret == 0
    run.result.assert_outcomes(passed=2)
    warnings = lines_with(run.output, "cannot tell whether its listed regions are enabled")
    assert len(warnings) == 1, run.output
    assert (
        "ec2:DescribeRegions in us-east-1 answered with something that cannot be read: HTTP 200"
        " with XML that does not parse" in warnings[0]
    )
    assert proxy.requests["DescribeRegions"] == 1
    assert_one_line_and_reports(run)


def test_an_unreadable_region_list_with_enabled_regions_is_one_line_per_control(
    suite: Suite, proxy: FaultProxy
) -> None:
    through(suite, proxy, regions="enabled")
    proxy.faults["DescribeRegions"] = body(b"")

    run = suite.run()

    assert_unresolved(
        run,
        "prod",
        "cannot list its enabled regions",
        "ec2:DescribeRegions in us-east-1 answered with something that cannot be read",
    )
    assert proxy.requests["DescribeRegions"] == 1


@pytest.mark.parametrize("workers", ["0", "16"], ids=["lazy", "prefetched"])
def test_a_role_whose_refresh_is_refused_mid_run_is_one_line_per_control(
    suite: Suite, proxy: FaultProxy, workers: str
) -> None:
    """The role's credentials expire within botocore's mandatory refresh window, so every
    call refreshes them; once the account is resolved, AWS refuses the role."""
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    role = f"arn:aws:iam::{ACCOUNT_ID}:role/Audit"
    through(suite, proxy, role_arn=role)
    resolved = {"done": False}

    def describe_regions(answer: Answer) -> Answer:
        resolved["done"] = True
        return answer

    def assume_role(answer: Answer) -> Answer:
        if resolved["done"]:
            refusal = (
                b"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                b"<Message>not now</Message></Error><RequestId>r</RequestId></ErrorResponse>"
            )
            return Answer(403, answer.headers, refusal)
        soon = (datetime.now(UTC) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
        text = re.sub(
            rb"<Expiration>[^<]+</Expiration>",
            f"<Expiration>{soon}</Expiration>".encode(),
            answer.body,
        )
        return Answer(answer.status, answer.headers, text)

    proxy.faults["DescribeRegions"] = describe_regions
    proxy.faults["AssumeRole"] = assume_role
    controls = [
        REPO / "compliance_tests" / "iam" / name
        for name in ("test_root_access_keys.py", "test_password_policy_exists.py")
    ]

    run = suite.run("-o", f"prefetch_workers={workers}", str(controls[1]), control=controls[0])

    assert run.result.ret == 1
    assert set(run.verdicts().values()) == {"could not assess"}
    refused = (
        "could not be made in us-east-1: the credentials could not be refreshed: account"
        f" 'prod': cannot assume {role} (AccessDenied)"
    )
    for name, record in run.evidence().items():
        assert refused in record["reason"], name
    assert "Traceback" not in run.output
    # Resolution (the role assumed at its first call, sts:GetCallerIdentity, then again
    # before ec2:DescribeRegions), then one refusal that is remembered: the other calls
    # do not ask again.
    assert proxy.requests["AssumeRole"] == 3
    assert_one_line_and_reports(run)


# --- AWS_PROFILE and the demo ---------------------------------------------------------


def run_demo(suite: Suite, tmp_path: Path) -> pytest.RunResult:
    return suite.pytester.runpytest(
        "-p",
        "no:cacheprovider",
        str(REPO / "compliance_tests" / "iam" / "test_root_access_keys.py"),
        f"--accounts-file={REPO / 'accounts.toml'}",
        "--account",
        "demo",
        f"--html={tmp_path / 'demo.html'}",
        f"--junitxml={tmp_path / 'demo.xml'}",
    )


def test_the_demo_reads_none_of_the_users_aws_configuration(
    suite: Suite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "broken-config"
    broken.write_text("[profile x\nthis is not ini\n", encoding="utf-8")
    for name, value in {
        "AWS_PROFILE": "nosuch",
        "AWS_DEFAULT_PROFILE": "nosuch",
        "AWS_CONFIG_FILE": str(broken),
        "AWS_SHARED_CREDENTIALS_FILE": str(broken),
        "AWS_DEFAULT_REGION": "zz-nowhere-1",
        "AWS_REGION": "zz-nowhere-1",
        "AWS_ACCESS_KEY_ID": "AKIA-NOT-FOR-THE-DEMO",
        "AWS_MAX_ATTEMPTS": "not-a-number",
        "AWS_RETRY_MODE": "nonsense",
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        # not AWS configuration, but no proxy can reach the demo's loopback server
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "http_proxy": "http://127.0.0.1:9",
    }.items():
        monkeypatch.setenv(name, value)

    result = run_demo(suite, tmp_path)

    output = result.stdout.str() + result.stderr.str()
    assert result.ret == 1, output  # the demo's root key, as without those variables
    # Account runs list each failed control once, under FAILURES (not again under -ra).
    result.stdout.fnmatch_lines(["_* test_root_access_keys[[]demo[]] _*"])
    assert "Traceback" not in output
    assert "INTERNALERROR" not in output
    # every control is assessed, as without those variables (moto answered errors with a 500)
    assert "could not be assessed" not in output
    assert (tmp_path / "demo.html").exists()
    assert os.environ["AWS_PROFILE"] == "nosuch"  # set aside during start-up, then restored


def test_the_demo_in_its_own_process_is_assessed_whatever_aws_profile_says(
    tmp_path: Path,
) -> None:
    # In a fresh process nothing has warmed moto's caches before AWS_PROFILE is read: moto
    # answered a missing login profile with a 500, since naming the error's service built
    # a botocore Session that read the profile. In this process those caches are warm.
    env = {**os.environ, "AWS_PROFILE": "nosuch"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--account",
            "demo",
            "-p",
            "no:cacheprovider",
            "-k",
            "users_mfa or access_key_rotation",
            f"--html={tmp_path / 'demo.html'}",
            f"--junitxml={tmp_path / 'demo.xml'}",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 1, output  # the demo's violations, nothing else
    assert "could not be assessed" not in output
    assert "2 failed" in output


def test_a_profile_that_does_not_exist_in_the_environment_is_one_line_per_control(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "nosuch")

    run = suite.run()

    assert_unresolved(run, "prod", "account 'prod'", "(nosuch) could not be found")
