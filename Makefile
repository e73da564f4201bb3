# Two commands a new user needs: `make demo` and `make test`. Each creates (or reuses)
# .venv from requirements.txt, so nothing has to be installed by hand.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint bench clean

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

# The project's own tests, plus ruff and mypy. CI runs exactly this.
test: lint
	$(BIN)/pytest -n auto tests

bench: $(VENV)/.installed
	$(BIN)/python -m bench.demo_run
	$(BIN)/python -m bench.accounts_scale
	$(BIN)/python -m bench.regions

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache reports/*.html reports/*.xml
