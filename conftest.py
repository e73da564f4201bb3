"""The suite's plugins (fixtures/) are loaded by the ``aws_compliance`` entry point, which
``pip install -e .`` (a line of requirements.txt) registers; see fixtures/plugin.py for why.
Without that install, load them from here so a plain checkout still works."""

from importlib.metadata import entry_points

_installed = any(ep.value == "fixtures.plugin" for ep in entry_points(group="pytest11"))

pytest_plugins = ["pytester"] if _installed else ["pytester", "fixtures.plugin"]
