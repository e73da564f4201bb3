# Two commands a new user needs: `make demo` and `make test`. Each creates (or reuses)
# .venv from requirements.txt, so nothing has to be installed by hand.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint bench clean browser-tools mutation

$(VENV)/.installed: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11+ is needed" or 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# Runs every control against the embedded demo account and writes the evidence report
# under reports/. The demo account has violations on purpose, so this exits 1.
demo: $(VENV)/.installed
	$(BIN)/pytest --account demo

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The report's browser tests (tests/test_report_browser.py) read it in headless Chromium and
# its PDF with pdftotext: Debian packages, installed once when missing (as root, as in CI).
browser-tools:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium poppler-utils >/dev/null) || \
	  echo "chromium/pdftotext not installed: the report's browser tests skip here (CI fails them)"

# The project's own tests, plus ruff and mypy. CI runs exactly this.
test: lint browser-tools
	$(BIN)/pytest -n auto tests

bench: $(VENV)/.installed
	$(BIN)/python -m bench.demo_run
	$(BIN)/python -m bench.accounts_scale
	$(BIN)/python -m bench.regions
	$(BIN)/python -m bench.fleet 1 10 100

# Mutation testing of the modules that decide verdicts (scope and tests: [tool.mutmut] in
# pyproject.toml). Minutes, not seconds: not part of `make test`. Prints the survival rate;
# `$(BIN)/mutmut show NAME` shows a survivor's change.
mutation: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-mutation.txt
	rm -rf mutants
	nice -n 15 $(BIN)/mutmut run
	@$(BIN)/mutmut results --all true | awk -F': ' '{n[$$NF]++; t++} \
	  END {for (s in n) print s": "n[s]; \
	       printf "survival rate: %.1f%% of %d mutants (survived, no tests, timeout)\n", \
	         100*(n["survived"]+n["no tests"]+n["timeout"])/t, t}'
	@$(BIN)/mutmut results

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache mutants reports/*.html reports/*.xml
