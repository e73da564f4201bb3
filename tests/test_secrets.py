"""No secret reaches any output, whatever the flags (fixtures/run/secrets.py).

Secrets are planted where a real run meets them: ambient credentials with a session
token, an assumed role's credentials (issued by moto's sts:AssumeRole), an accounts file's
external id, a password in both accounts' ``endpoint_url``, a CI variable holding a URL
with a token (``GIT_URL``) and a ``--metadata`` token. A plugin makes one control error
with a traceback through botocore's frames (its locals hold the credentials and the signed
request) and another "could not assess" with a message quoting the endpoint URL
(tests/leaky_plugin.py). The suite
then runs with every verbosity, traceback, capture and logging option, and every output
is searched: terminal, HTML, JUnit XML, the run record, a DEBUG log file, and the CSV,
OCSF and ASFF files made from the record. Each output must also show the redaction
marker where a secret was, so the test cannot pass by an output saying nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
import xdist.workermanage
from botocore.exceptions import ConnectionClosedError, EndpointConnectionError
from moto.sts.models import sts_backends

from fixtures.aws import data
from fixtures.outputs.__main__ import main as outputs_main
from fixtures.run import secrets
from fixtures.run.accounts import AccountConfig
from fixtures.run.role_chains import one_line as session_one_line
from fixtures.run.secrets import REDACTED, redact
from tests.conftest import ACCOUNT_ID, CONTROLS, REPO, Suite, SuiteRun

OTHER_ACCOUNT = "111111111111"
PASSWORD_POLICY = CONTROLS / "iam" / "test_password_policy_exists.py"
AMBIENT_SECRET_KEY = "PlantedAmbientSecretKey0123456789abcdefgh"
AMBIENT_TOKEN = "PlantedAmbientSessionToken" + "Zm9vYmFy" * 12
ENDPOINT_PASSWORD = "PlantedEndpointPassw0rd"
EXTERNAL_ID = "PlantedExternalId4242"
GIT_TOKEN = "PlantedGitToken7777"
METADATA_TOKEN = "PlantedMetadataToken5555"
PLANTED = (
    AMBIENT_SECRET_KEY,
    AMBIENT_TOKEN,
    ENDPOINT_PASSWORD,
    EXTERNAL_ID,
    GIT_TOKEN,
    METADATA_TOKEN,
)

# Every option the issue names, each run on its own: verbosity, tracebacks, summaries,
# capture, logging, and xdist.
OPTIONS = [
    (),
    ("-v",),
    ("-vv",),
    ("-l",),
    ("--tb=long",),
    ("--tb=native",),
    ("--tb=short",),
    ("-l", "--tb=long", "-vv"),
    ("-rA",),
    ("--showlocals", "--full-trace"),
    ("--log-level=DEBUG",),
    ("--log-cli-level=DEBUG",),
    ("-s",),
    ("-n", "2", "-l", "--tb=long", "-vv", "--log-level=DEBUG"),
]


def _issued_credentials() -> set[str]:
    """Every secret key and session token moto's sts:AssumeRole has issued."""
    issued: set[str] = set()
    for regions in sts_backends.values():
        for backend in regions.values():
            for role in backend.assumed_roles:
                issued.update((role.secret_access_key, role.session_token))
    return issued


def _planted_run(suite: Suite, monkeypatch: pytest.MonkeyPatch, *options: str) -> SuiteRun:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", AMBIENT_SECRET_KEY)
    monkeypatch.setenv("AWS_SESSION_TOKEN", AMBIENT_TOKEN)
    monkeypatch.setenv("GIT_URL", f"https://ci-user:{GIT_TOKEN}@git.example.com/suite.git")
    # xdist's workers start with the sys.path xdist froze at its import, before pytest put
    # this repository on it: add it, so they import tests.leaky_plugin too.
    frozen = xdist.workermanage._sys_path
    monkeypatch.setattr(xdist.workermanage, "_sys_path", [str(REPO), *frozen])
    endpoint = suite.moto_url.replace("http://", f"http://auditor:{ENDPOINT_PASSWORD}@")
    suite.write_accounts(
        {
            "prod": {"account_id": ACCOUNT_ID, "endpoint_url": endpoint},
            "staging": {
                "account_id": OTHER_ACCOUNT,
                "role_arn": f"arn:aws:iam::{OTHER_ACCOUNT}:role/ComplianceAudit",
                "external_id": EXTERNAL_ID,
                "endpoint_url": endpoint,
            },
        }
    )
    log_file = suite.pytester.path / "debug.log"
    return suite.run(
        "-p",
        "tests.leaky_plugin",
        "--metadata",
        "DEPLOY_TOKEN",
        METADATA_TOKEN,
        f"--log-file={log_file}",
        "--log-file-level=DEBUG",
        *options,
        str(PASSWORD_POLICY),
        accounts=("prod", "staging"),
    )


def _outputs(run: SuiteRun, folder: Path) -> dict[str, str]:
    """Every output of ``run`` by name: terminal, HTML, JUnit, record, log, CSV/OCSF/ASFF."""
    made = {name: folder / f"findings.{name}" for name in ("csv", "ocsf", "asff")}
    arguments = [str(run.record_path)]
    for name, path in made.items():
        arguments += [f"--{name}", str(path)]
    assert outputs_main(arguments) == 0
    texts = {
        "terminal": run.output,
        "html": run.html_path.read_text(encoding="utf-8"),
        "junit": run.xml_path.read_text(encoding="utf-8"),
        "record": run.record_path.read_text(encoding="utf-8"),
        "log file": (folder / "debug.log").read_text(encoding="utf-8"),
    }
    texts.update({name: path.read_text(encoding="utf-8") for name, path in made.items()})
    return texts


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: " ".join(o) or "default")
def test_no_planted_secret_reaches_any_output(
    suite: Suite, monkeypatch: pytest.MonkeyPatch, options: tuple[str, ...]
) -> None:
    before = _issued_credentials()

    run = _planted_run(suite, monkeypatch, *options)

    issued = _issued_credentials() - before
    assert len(issued) >= 2, "moto issued no assumed-role credentials: the plant failed"
    outputs = _outputs(run, suite.pytester.path)
    for name, text in outputs.items():
        for secret in (*PLANTED, *issued):
            assert secret not in text, f"a planted secret ({secret[:12]}...) is in the {name}"
    # The outputs still say what happened, with the marker where each secret was.
    assert "RuntimeError: injected at http://***@127.0.0.1:" in outputs["terminal"]
    could_not_assess = "iam:GenerateCredentialReport failed in us-east-1: RuntimeError: injected at"
    for name in ("record", "junit", "csv", "ocsf", "asff"):
        assert f"{could_not_assess} http://***@127.0.0.1:" in outputs[name].replace("\\", ""), name
    assert "https://***@git.example.com/suite.git" in outputs["html"]
    assert f"http://***@127.0.0.1:{suite.moto_url.rsplit(':', 1)[1]}" in outputs["html"]
    assert "X-Amz-Security-Token': b'***'" in outputs["log file"]
    assert REDACTED in outputs["junit"]
    if "-v" in options:  # pytest-metadata's header
        assert "'GIT_URL': 'https://***@git.example.com/suite.git'" in outputs["terminal"]
        assert f"'DEPLOY_TOKEN': '{REDACTED}'" in outputs["terminal"]
    if "-l" in options or "--showlocals" in options:  # locals shown, their secrets redacted
        assert "endpoint_url = 'http://***@127.0.0.1:" in outputs["terminal"]
    if "-vv" in options and "-l" in options:  # in full: our reprs
        assert "AccountConfig(name='prod', account_id='123456789012'" in outputs["terminal"]
        for account in ("prod", "staging"):
            session = f"AwsSession(account='{account}', endpoint_url='http://***@127.0.0.1:"
            assert session in outputs["terminal"]
        assert "external_id='***'" in outputs["terminal"]
    if any(option.startswith("--log-cli-level") for option in options):
        assert "X-Amz-Security-Token': b'***'" in outputs["terminal"]


# ---- the pieces, one by one ---------------------------------------------------------------


def test_a_url_keeps_its_host_and_loses_its_user_info() -> None:
    assert redact("see http://bob:pw@host:9/x and https://tok@h/") == (
        "see http://***@host:9/x and https://***@h/"
    )
    assert secrets.redact_url("http://host:9/x") == "http://host:9/x"


def test_signed_headers_and_credential_fields_are_redacted_whatever_the_value() -> None:
    headers = (
        "{'X-Amz-Date': b'20240101T000000Z', 'X-Amz-Security-Token': b'unknowntoken',"
        " 'Authorization': b'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/us-east-1/sts"
        "/aws4_request, SignedHeaders=host, Signature=0a1b'}"
    )
    assert redact(headers) == (
        "{'X-Amz-Date': b'20240101T000000Z', 'X-Amz-Security-Token': b'***',"
        " 'Authorization': b'***'}"
    )
    canonical = "host:sts.amazonaws.com\nx-amz-security-token:unknowntoken\n"
    assert redact(canonical) == "host:sts.amazonaws.com\nx-amz-security-token:***\n"
    assert redact("Authorization: AWS4-HMAC-SHA256 Credential=A/x, Signature=0a") == (
        "Authorization: ***"
    )
    answer = "<SecretAccessKey>k</SecretAccessKey><SessionToken>t</SessionToken>"
    assert (
        redact(answer) == "<SecretAccessKey>***</SecretAccessKey><SessionToken>***</SessionToken>"
    )
    parsed = "{'AccessKeyId': 'ASIAEXAMPLE', 'SecretAccessKey': 'k', 'SessionToken': 't'}"
    assert (
        redact(parsed)
        == "{'AccessKeyId': 'ASIAEXAMPLE', 'SecretAccessKey': '***', 'SessionToken': '***'}"
    )
    query = "/?X-Amz-Security-Token=t&X-Amz-Signature=s&X-Amz-Credential=AKIAEXAMPLE"
    assert (
        redact(query)
        == "/?X-Amz-Security-Token=***&X-Amz-Signature=***&X-Amz-Credential=AKIAEXAMPLE"
    )


def test_words_that_only_look_like_fields_are_kept() -> None:
    text = "minimum password length: 14; 'NextToken': 'abc'; 'PasswordLastUsed': 'never'"
    assert redact(text) == text


def test_a_known_secret_is_redacted_anywhere_even_cut_at_an_ellipsis() -> None:
    token = "KnownTokenForTheCutTest" + "QUJD" * 20
    secrets.register(token)
    assert redact(f"x={token}!") == "x=***!"
    # pytest's saferepr: the start of a long repr, "...", its end
    assert redact(f"{{'t': '{token[:30]}...{token[-20:]}'}}") == "{'t': '***...***'}"
    assert redact("short...pieces stay") == "short...pieces stay"


def test_short_values_are_not_searched_for_in_free_text() -> None:
    secrets.register("prod")
    assert redact("prod account") == "prod account"


def test_environment_secrets_are_known_by_their_names_and_urls() -> None:
    secrets.register_environment(
        {
            "CI_JOB_TOKEN": "EnvironmentToken111",
            "DB_PASSWORD": "EnvironmentPassword222",
            "AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT333",
            "REPO": "https://user:EnvironmentUrlPass444@git.example.com",
        }
    )
    text = "EnvironmentToken111 EnvironmentPassword222 AKIAENVIRONMENT333 EnvironmentUrlPass444"
    assert redact(text) == "*** *** AKIAENVIRONMENT333 ***"  # a key id is no secret


def test_metadata_values_named_as_secrets_or_holding_user_info_are_redacted() -> None:
    table: dict[str, Any] = {
        "GIT_URL": "https://u:x@git.example.com/r.git",
        "API_KEY": "k",
        "Packages": {"pytest": "8", "SOME_TOKEN": "t"},
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "BUILD_URL": "https://ci.example.com/1",
    }
    secrets.redact_mapping(table)
    assert table == {
        "GIT_URL": "https://***@git.example.com/r.git",
        "API_KEY": REDACTED,
        "Packages": {"pytest": "8", "SOME_TOKEN": REDACTED},
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "BUILD_URL": "https://ci.example.com/1",
    }


def test_an_account_configuration_shows_no_external_id_or_endpoint_password() -> None:
    config = AccountConfig(
        name="staging",
        account_id=OTHER_ACCOUNT,
        regions=("us-east-1",),
        home_region="us-east-1",
        role_arn=f"arn:aws:iam::{OTHER_ACCOUNT}:role/Audit",
        external_id="ex",  # short: known by its field, not searched for
        endpoint_url="http://u:ReprPassword99@127.0.0.1:5000",
    )
    shown = repr(config)
    assert "ex'" not in shown
    assert "ReprPassword99" not in shown
    assert "external_id='***'" in shown
    assert "endpoint_url='http://***@127.0.0.1:5000'" in shown
    assert "role_arn='arn:aws:iam::111111111111:role/Audit'" in shown
    assert "ReprPassword99" in secrets.known()  # and known, for the net


@pytest.mark.parametrize(
    "error",
    [
        EndpointConnectionError(endpoint_url="http://u:MessagePass11@10.0.0.1/"),
        ConnectionClosedError(endpoint_url="http://u:MessagePass11@10.0.0.1/"),
    ],
)
def test_one_line_messages_quote_endpoints_without_user_info(error: Exception) -> None:
    for line in (data._one_line(error), session_one_line(error)):
        assert "MessagePass11" not in line
        assert "http://***@10.0.0.1/" in line


def test_a_secret_is_redacted_before_a_long_message_is_cut() -> None:
    token = "CutMessageToken" + "A" * 40
    secrets.register(token)
    error = RuntimeError("x" * 290 + token + "y" * 20)
    line = data._one_line(error)
    assert "CutMes" not in line
    assert line == "x" * 290 + "***yyyy..."


def test_log_records_are_redacted_as_they_are_made(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="botocore.endpoint")
    secrets.register("LoggedSecret12345")
    try:
        raise ValueError("failed at http://u:LoggedUrlPass@h/")
    except ValueError:
        logging.getLogger("botocore.endpoint").debug(
            "Sending %s", {"Authorization": "AWS4 LoggedSecret12345"}, exc_info=True
        )
    text = caplog.text
    assert "LoggedSecret12345" not in text
    assert "LoggedUrlPass" not in text
    assert "'Authorization': '***'" in text
    assert "http://***@h/" in text


def test_a_nested_run_stopped_before_redaction_leaves_the_outer_runs_redaction(
    pytester: pytest.Pytester, caplog: pytest.LogCaptureFixture
) -> None:
    # A run whose configure stops in another plugin before ours still unconfigures: it
    # must not put back a factory it never replaced (pytester's runs share this process).
    pytester.makeconftest(
        """
        import pytest

        @pytest.hookimpl(tryfirst=True)
        def pytest_configure(config):
            raise pytest.UsageError("stopped before the redaction plugin")
        """
    )
    result = pytester.runpytest_inprocess("-p", "fixtures.run.redaction")
    assert "stopped before the redaction plugin" in result.stderr.str()

    caplog.set_level(logging.DEBUG, logger="botocore.endpoint")
    secrets.register("NestedRunSecret123")
    logging.getLogger("botocore.endpoint").debug("Sending %s", "NestedRunSecret123")
    assert "NestedRunSecret123" not in caplog.text
