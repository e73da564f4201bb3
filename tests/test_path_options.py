"""Every option that takes a path works in both forms (``--opt VALUE``, ``--opt=VALUE``),
whether or not the path exists, run from the repository root as users do.

pytest decides its rootdir before plugins add their options, so the value of a plugin's
``--opt VALUE`` used to count as a test path when it existed (a report of the previous run),
and the run lost pytest.ini and the accounts file (fixtures/run/rootdir.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, Suite

USAGE_ERROR = 4


@dataclass(frozen=True)
class PathOption:
    """A path-taking option, what an existing value holds, and the exit code of
    ``--list-controls`` with the value missing (None: a missing value is refused before
    pytest prints its header, by the plugin that owns the option)."""

    name: str
    file_name: str
    content: str | None  # None: a folder
    missing_exit: int | None


OPTIONS = [
    PathOption("--html", "report.html", "<html></html>", 0),
    PathOption("--junitxml", "report.xml", "<testsuites/>", 0),
    PathOption("--accounts-file", "accounts.toml", '[accounts.x]\naccount_id = "1"\n', 0),
    PathOption("--settings-file", "settings.toml", "[settings]\n", USAGE_ERROR),
    PathOption("--attestations-file", "attestations.toml", "", USAGE_ERROR),
    PathOption("--waivers-file", "waivers.toml", "", USAGE_ERROR),
    PathOption("--remediation-pages", "pages", None, 0),
    # pytest-html and pytest-metadata refuse a missing file themselves
    PathOption("--css", "extra.css", "body {}\n", None),
    PathOption("--metadata-from-json-file", "metadata.json", "{}", None),
    PathOption("--log-file", "run.log", "", 0),
    PathOption("--basetemp", "basetemp", None, 0),
]


class RootdirProbe:
    """Notes the rootdir and ini file pytest settled on, after every plugin has had its say."""

    rootpath: Path | None = None
    inipath: Path | None = None

    @pytest.hookimpl(trylast=True)
    def pytest_load_initial_conftests(self, early_config: pytest.Config) -> None:
        self.rootpath, self.inipath = early_config.rootpath, early_config.inipath


@pytest.mark.parametrize("exists", [True, False], ids=["existing", "missing"])
@pytest.mark.parametrize("form", ["separate", "equals"])
@pytest.mark.parametrize("option", OPTIONS, ids=[o.name for o in OPTIONS])
def test_path_option_keeps_the_repo_root(
    suite: Suite, monkeypatch: pytest.MonkeyPatch, option: PathOption, form: str, exists: bool
) -> None:
    # Outside the repository: taken for a test path, it would root the run there.
    path = suite.pytester.path / "elsewhere" / option.file_name
    path.parent.mkdir()
    if exists and option.content is None:
        path.mkdir()
    elif exists:
        path.write_text(option.content or "", encoding="utf-8")
    given = [option.name, str(path)] if form == "separate" else [f"{option.name}={path}"]
    probe = RootdirProbe()
    monkeypatch.chdir(REPO)

    result = suite.pytester.runpytest_inprocess(
        "-p", "no:cacheprovider", "--list-controls", *given, plugins=[probe]
    )

    assert (probe.rootpath, probe.inipath) == (REPO, REPO / "pytest.ini"), result.stdout.str()
    output = result.stdout.str() + result.stderr.str()
    if exists or option.missing_exit == 0:
        assert result.ret == 0, output
        assert f"rootdir: {REPO}" in output
        assert "control(s)" in output
    elif option.missing_exit is not None:
        assert result.ret == option.missing_exit, output
        assert str(path) in output


@pytest.mark.parametrize("form", ["separate", "equals"])
def test_demo_run_with_its_html_report_can_be_repeated(
    suite: Suite, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    html = suite.pytester.path / "reports" / "x.html"
    given = ["--html", str(html)] if form == "separate" else [f"--html={html}"]
    monkeypatch.chdir(REPO)

    for _ in range(2):  # the second run finds the first one's report in place
        result = suite.pytester.runpytest_inprocess(
            "-p",
            "no:cacheprovider",
            "--account",
            "demo",
            "-k",
            "root_access_keys",
            *given,
            f"--junitxml={suite.pytester.path / 'x.xml'}",
        )

        assert result.ret == 1, result.stdout.str() + result.stderr.str()
        result.stdout.fnmatch_lines(["_*test_root_access_keys[[]demo[]]*_"])
        assert f"rootdir: {REPO}" in result.stdout.str()
        assert html.exists()
