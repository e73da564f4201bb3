"""The CI matrix path end to end: docs/ci/github-actions-fleet.yml's shard and merge steps,
run as the recipe writes them, give one report, one JUnit file and one record of the fleet.

The recipe's shell runs for real (bash, its loops, globs and manifest checks) with
``pytest`` a shell function that prints the arguments it was given; those arguments then
drive the real suite against the test moto server. The artifacts move between the jobs as
actions/download-artifact lays them out: one folder per artifact under ``shards/``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from fixtures.demo.moto.iam import RootAccessKey, RootAccount, set_root_account
from fixtures.results.run_record import load_record
from tests.conftest import ACCOUNT_ID, REPO, Suite

FLEET = REPO / "docs" / "ci" / "github-actions-fleet.yml"
CREATED = datetime(2020, 1, 1, tzinfo=UTC)
# The recipe's four account names; moto serves each account id a role in it is assumed into.
ACCOUNTS = {
    "prod-eu": ACCOUNT_ID,
    "prod-us": "111111111111",
    "staging": "222222222222",
    "sandbox": "333333333333",
}
# Each account's root-access-keys verdict: prod-eu's root user has an active key.
EXPECTED = {
    "prod-eu": "violation",
    "prod-us": "compliant",
    "staging": "compliant",
    "sandbox": "compliant",
}
CAPTURE = 'pytest() { printf "%s\\0" "$@"; printf "\\n"; }\n'


def workflow() -> dict[str, Any]:
    loaded: dict[str, Any] = YAML(typ="safe").load(FLEET.read_text(encoding="utf-8"))
    return loaded


def step(job: str, name_starts: str) -> str:
    """The ``run`` script of the job's step whose name starts with ``name_starts``."""
    (script,) = [
        s["run"]
        for s in workflow()["jobs"][job]["steps"]
        if s.get("name", "").startswith(name_starts)
    ]
    return str(script)


def bash(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``script`` run by bash in ``cwd``, each ``pytest`` command printing its arguments
    (NUL-separated, one command per line) instead of running."""
    shell = shutil.which("bash")
    assert shell is not None
    return subprocess.run(
        [shell, "-c", CAPTURE + script],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def pytest_calls(script: str, cwd: Path) -> list[list[str]]:
    """The arguments of each ``pytest`` command ``script`` runs in bash in ``cwd``."""
    done = bash(script, cwd)
    assert done.returncode == 0, done.stderr
    return [call.strip("\0").split("\0") for call in done.stdout.split("\0\n") if call.strip("\0")]


def with_matrix(script: str, entry: dict[str, str]) -> str:
    """``script`` with GitHub's ``${{ matrix.X }}`` expressions put in, as the runner does."""
    return re.sub(r"\$\{\{\s*matrix\.(\w+)\s*\}\}", lambda m: entry[m.group(1)], script)


@pytest.fixture
def fleet(suite: Suite) -> Suite:
    """The recipe's accounts in moto: prod-eu with ambient credentials, the others reached
    by assuming a role in their own account (moto scopes assumed credentials to it)."""
    suite.write_accounts(
        {
            name: {"account_id": account_id}
            if account_id == ACCOUNT_ID
            else {"account_id": account_id, "role_arn": f"arn:aws:iam::{account_id}:role/audit"}
            for name, account_id in ACCOUNTS.items()
        }
    )
    for name, account_id in ACCOUNTS.items():
        key = RootAccessKey(active=True, last_rotated=CREATED)
        violating = EXPECTED[name] == "violation"
        set_root_account(account_id, RootAccount(created=CREATED, key_1=key if violating else None))
    return suite


def run_shards(fleet: Suite) -> Path:
    """Run each matrix shard's check step, then lay its reports/ out as the merge job's
    download step does; returns the merge job's working folder."""
    merge_job = fleet.pytester.path / "merge-job"
    for entry in workflow()["jobs"]["shard"]["strategy"]["matrix"]["include"]:
        job = fleet.pytester.path / f"job-{entry['shard']}"
        job.mkdir()
        (args,) = pytest_calls(with_matrix(step("shard", "Check"), entry), job)
        with fleet.monkeypatch.context() as patch:
            patch.chdir(job)  # the recipe's relative reports/ paths
            run = fleet.run(*args, accounts=())
        assert "Traceback" not in run.output
        record = load_record(job / "reports" / f"{entry['shard']}.json")
        shard_verdicts = {case["account"]: case["verdict"] for case in record["results"]}
        assert shard_verdicts == {
            name: EXPECTED[name] for name in entry["accounts"].split() if name in EXPECTED
        }
        artifact = merge_job / "shards" / f"compliance-shard-{entry['shard']}"
        shutil.copytree(job / "reports", artifact)
    return merge_job


def test_two_shards_merge_into_one_report_junit_file_and_record(fleet: Suite) -> None:
    merge_job = run_shards(fleet)

    calls = pytest_calls(step("merge", "Merge"), merge_job)

    (args,) = calls
    assert sorted(a for a in args if a.startswith("--merge=")) == [
        "--merge=shards/compliance-shard-production/production.json",
        "--merge=shards/compliance-shard-staging/staging.json",
    ]
    with fleet.monkeypatch.context() as patch:
        patch.chdir(merge_job)
        result = fleet.pytester.runpytest("-p", "no:cacheprovider", *args)
    output = result.stdout.str()
    assert result.ret == 1, output  # prod-eu's root key: critical, above the high gate
    assert "Traceback" not in output
    merged = load_record(merge_job / "merged" / "fleet.json")
    assert len(merged["parts"]) == 2
    assert {r["account"]: r["verdict"] for r in merged["results"]} == EXPECTED
    assert {r["account_id"] for r in merged["results"]} == set(ACCOUNTS.values())
    cases = list(ET.parse(merge_job / "merged" / "fleet.xml").getroot().iter("testcase"))
    assert sorted(case.attrib["name"] for case in cases) == sorted(
        f"test_root_access_keys[{name}]" for name in ACCOUNTS
    )
    assert [c.attrib["name"] for c in cases if c.find("failure") is not None] == [
        "test_root_access_keys[prod-eu]"
    ]
    html = (merge_job / "merged" / "fleet.html").read_text(encoding="utf-8")
    assert all(name in html for name in ACCOUNTS)


def test_a_shard_record_changed_after_its_run_stops_the_merge(fleet: Suite) -> None:
    merge_job = run_shards(fleet)
    record = merge_job / "shards" / "compliance-shard-staging" / "staging.json"
    record.write_text(
        record.read_text(encoding="utf-8").replace('"compliant"', '"violation"'), encoding="utf-8"
    )

    done = bash(step("merge", "Merge"), merge_job)

    assert done.returncode != 0
    assert "staging.json: FAILED" in done.stdout + done.stderr
    assert "--merge" not in done.stdout  # no pytest command was reached


# What a scanning host's checkout needs: the controls, the plugins and the configuration.
CHECKOUT_IGNORES = shutil.ignore_patterns(
    ".*", "*.egg-info", "__pycache__", "build", "docs", "reports", "tests", "bench"
)


def test_execnet_gateways_given_with_tx_check_each_account_in_one_worker(fleet: Suite) -> None:
    """The README's ``-d --tx ssh=HOST//python=...//chdir=CHECKOUT``, with two local
    processes standing for the hosts, each in a checkout of its own (xdist treats a gateway
    with ``chdir`` as remote): each account's controls run in one worker, as under ``-n``."""
    hosts = [fleet.pytester.path / name for name in ("scan-1", "scan-2")]
    for host in hosts:
        shutil.copytree(REPO, host, ignore=CHECKOUT_IGNORES)
    gateways = [
        arg for host in hosts for arg in ("--tx", f"popen//python={sys.executable}//chdir={host}")
    ]

    run = fleet.run(
        "-d", *gateways, "-v", "-k", "test_root_access_keys", control=None, accounts=tuple(ACCOUNTS)
    )

    assert "Traceback" not in run.output
    assert {case["account"]: case["verdict"] for case in run.record()["results"]} == EXPECTED
    placed = re.findall(r"\[(gw\d+)\] \[ *\d+%\] (?:PASSED|FAILED) \S+\[([\w-]+)\]", run.output)
    assert sorted(account for _, account in placed) == sorted(ACCOUNTS)
    assert {worker for worker, _ in placed} == {"gw0", "gw1"}
