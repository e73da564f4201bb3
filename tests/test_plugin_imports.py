"""pytest rewrites the asserts of the plugins fixtures/plugin.py lists in ``pytest_plugins``
only when it imports them itself; one imported earlier (by the plugin module, or by a plugin
listed before it) is left as it is and pytest warns "Module already imported so cannot be
rewritten" in every user's run (`make demo` included). Checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

ORDER_CHECK = """
import importlib, sys
import fixtures.plugin as plugin
names = plugin.pytest_plugins
print("\\n".join(f"{n} is imported by fixtures.plugin" for n in names if n in sys.modules))
for at, name in enumerate(names):
    before = set(sys.modules)
    importlib.import_module(name)
    for later in names[at + 1 :]:
        if later in sys.modules and later not in before:
            print(f"{later} is imported by {name}, listed before it")
"""


def test_no_plugin_is_imported_before_pytest_registers_it() -> None:
    found = subprocess.run(
        [sys.executable, "-c", ORDER_CHECK],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )

    assert found.stdout.strip() == "", found.stdout
