"""The CI recipes in docs/ci/ are valid workflows by the platforms' published schemas, and
do what docs/ci/README.md says: OIDC instead of stored keys, the gates, the evidence kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import REPO

CI = REPO / "docs" / "ci"
GITHUB = CI / "github-actions.yml"
GITLAB = CI / "gitlab-ci.yml"
FLEET = CI / "github-actions-fleet.yml"  # shards and a merge; run end to end in test_shards.py
# check-jsonschema's vendored copies of the schemas that GitHub's and GitLab's editors use
# (SchemaStore); the package follows them release by release.
SCHEMAS = {
    GITHUB: "vendor.github-workflows",
    GITLAB: "vendor.gitlab-ci",
    FLEET: "vendor.github-workflows",
}
GATED_RUN = "pytest --account prod --fail-on-severity high"


def check(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Validate ``path`` with check-jsonschema against its vendored schema, offline: every
    proxy points at a closed port and the cache is an empty folder, so any download would
    fail, and --no-cache leaves nothing to read from a cache either."""
    closed = "http://127.0.0.1:9"
    env = {
        **os.environ,
        "HTTP_PROXY": closed,
        "HTTPS_PROXY": closed,
        "http_proxy": closed,
        "https_proxy": closed,
        "NO_PROXY": "",
        "no_proxy": "",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--no-cache",
            "--builtin-schema",
            SCHEMAS[path],
            str(path),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def load(path: Path) -> Any:
    """The recipe as the CI reads it (YAML 1.2, ruamel.yaml: check-jsonschema's parser)."""
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("recipe", [GITHUB, GITLAB, FLEET], ids=["github", "gitlab", "fleet"])
def test_recipe_is_valid_by_the_published_schema(recipe: Path, tmp_path: Path) -> None:
    result = check(recipe, tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "validation done" in result.stdout
    assert not (tmp_path / "cache").exists()  # nothing was downloaded


def broken(path: Path, tmp_path: Path, old: str, new: str) -> Path:
    """A copy of ``path`` with ``old`` replaced by ``new`` (which must occur once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    copy = tmp_path / path.name
    copy.write_text(text.replace(old, new), encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    ("recipe", "old", "new"),
    [
        (GITHUB, "  id-token: write", "  id-token: writable"),  # not a permission level
        (GITHUB, "    runs-on: ubuntu-latest\n", ""),  # a job must say where it runs
        (GITLAB, "    when: always", "    when: sometimes"),  # not an artifacts:when
        (GITLAB, "      aud: https://gitlab.com", "      audience: https://gitlab.com"),
    ],
    ids=["github-permission", "github-runs-on", "gitlab-when", "gitlab-aud"],
)
def test_the_validator_rejects_a_broken_copy(
    recipe: Path, old: str, new: str, tmp_path: Path
) -> None:
    copy = broken(recipe, tmp_path, old, new)
    schema = SCHEMAS[recipe]

    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(copy)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Schema validation errors were encountered" in result.stdout + result.stderr


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    (job,) = workflow["jobs"].values()
    found: list[dict[str, Any]] = job["steps"]
    return found


def test_github_assumes_a_role_with_oidc_and_stores_no_key() -> None:
    workflow = load(GITHUB)
    text = GITHUB.read_text(encoding="utf-8")

    assert workflow["permissions"] == {"id-token": "write", "contents": "read"}
    (assume,) = [s for s in steps(workflow) if "configure-aws-credentials" in s.get("uses", "")]
    assert assume["uses"].startswith("aws-actions/configure-aws-credentials@")
    assert assume["with"]["role-to-assume"] == "${{ vars.AUDIT_ROLE_ARN }}"
    for stored in ("aws-access-key-id", "aws-secret-access-key", "AWS_SECRET_ACCESS_KEY"):
        assert stored not in text


def test_github_runs_the_gates_and_always_keeps_the_reports() -> None:
    workflow = load(GITHUB)
    names = [s.get("uses", s.get("run", "")) for s in steps(workflow)]
    (run,) = [s["run"] for s in steps(workflow) if GATED_RUN in s.get("run", "")]
    (upload,) = [s for s in steps(workflow) if "upload-artifact" in s.get("uses", "")]

    assert f'{GATED_RUN} --baseline "$BASELINE"' in run
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["if"] == "always()"
    assert upload["with"]["path"] == "reports/"
    # the credentials are there before the run, the upload comes after it
    assert names.index(upload["uses"]) > names.index(run)


def test_the_fleet_keeps_every_shards_evidence_and_merges_after_a_failed_shard() -> None:
    workflow = load(FLEET)
    shard, merge = workflow["jobs"]["shard"], workflow["jobs"]["merge"]
    text = FLEET.read_text(encoding="utf-8")

    assert workflow["permissions"] == {"id-token": "write", "contents": "read"}
    for stored in ("aws-access-key-id", "aws-secret-access-key", "AWS_SECRET_ACCESS_KEY"):
        assert stored not in text
    assert shard["strategy"]["fail-fast"] is False
    assert len(shard["strategy"]["matrix"]["include"]) >= 2
    (upload,) = [s for s in shard["steps"] if "upload-artifact" in s.get("uses", "")]
    assert upload["if"] == "always()"
    assert upload["with"]["path"] == "reports/"
    assert merge["needs"] == "shard"
    assert merge["if"] == "${{ !cancelled() }}"  # also when a shard failed
    (download,) = [s for s in merge["steps"] if "download-artifact" in s.get("uses", "")]
    assert download["with"]["pattern"] == upload["with"]["name"].replace("${{ matrix.shard }}", "*")
    (gate,) = [s["run"] for s in merge["steps"] if "--merge" in s.get("run", "")]
    assert "--fail-on-severity high" in gate
    assert "sha256sum --check" in gate


def test_gitlab_assumes_a_role_with_its_id_token_and_keeps_the_reports() -> None:
    job = load(GITLAB)["aws-compliance"]
    before = "\n".join(job["before_script"])
    script = "\n".join(job["script"])

    (token,) = job["id_tokens"]
    assert job["id_tokens"][token]["aud"]
    assert "aws sts assume-role-with-web-identity" in before
    assert f'--web-identity-token "${token}"' in before
    assert "AWS_SECRET_ACCESS_KEY" not in str(job.get("variables", {}))
    assert GATED_RUN in script
    assert f'{GATED_RUN} --baseline "$BASELINE"' in script
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["paths"] == ["reports/"]
    assert job["artifacts"]["reports"]["junit"] == "reports/*.xml"


# The options on each recipe's lines that start with "pytest" (the fleet's shard command
# is folded over several lines; test_shards.py runs it and its merge for real).
RECIPE_OPTIONS = {
    GITHUB: {"--account", "--fail-on-severity", "--baseline"},
    GITLAB: {"--account", "--fail-on-severity", "--baseline"},
    FLEET: {"--fail-on-severity", "--html", "--junit-xml"},
}


@pytest.mark.parametrize("recipe", [GITHUB, GITLAB, FLEET], ids=["github", "gitlab", "fleet"])
def test_the_recipes_options_exist(recipe: Path) -> None:
    """Each option the recipe gives pytest is one that ``pytest --help`` lists here."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    commands = [
        line.split("pytest ", 1)[1]
        for line in recipe.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("pytest ")
    ]
    options = {word for command in commands for word in command.split() if word.startswith("--")}

    assert result.returncode == 0, result.stderr
    assert options == RECIPE_OPTIONS[recipe]
    listed = {w.split("=")[0].rstrip(",") for w in result.stdout.split() if w.startswith("--")}
    assert options <= listed
