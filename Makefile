# Two scanners, two environments: checkov and prowler pin different boto3 versions.
PYTHON ?= python3
VENVS  := .venvs
TOOLS  := $(VENVS)/tools
UV     := $(TOOLS)/bin/uv
CHECKOV_ENV := $(VENVS)/checkov
PROWLER_ENV := $(VENVS)/prowler
TEST_DEPS   := "pytest>=8" "pytest-xdist>=3.5" "hypothesis>=6.100" "build>=1.2"
SOURCES := pyproject.toml README.md $(shell find shared checkov_checks prowler_checks -type f \( -name '*.py' -o -name '*.json' \) -not -path '*/__pycache__/*' 2>/dev/null)
PYTEST_ARGS ?=

.PHONY: test test-checkov test-prowler demo bench envs compat clean

# The two suites run at once (each is mostly one busy core), each into its own log, printed whole when it ends.
test:
	@$(MAKE) --no-print-directory envs
	@mkdir -p reports/tests; status=0; \
	$(MAKE) --no-print-directory test-checkov > reports/tests/checkov.log 2>&1 & checkov=$$!; \
	$(MAKE) --no-print-directory test-prowler > reports/tests/prowler.log 2>&1 & prowler=$$!; \
	wait $$checkov || status=1; cat reports/tests/checkov.log; \
	wait $$prowler || status=1; cat reports/tests/prowler.log; \
	if [ $$status -ne 0 ]; then echo "make test: FAILED (see above)"; fi; exit $$status

test-checkov: $(CHECKOV_ENV)/.installed
	@echo "== tests in the checkov environment"
	AGENTCORE_TEST_SCANNER=checkov $(CHECKOV_ENV)/bin/python -m pytest $(PYTEST_ARGS)

# The parity tests run here too: they drive Checkov from its own environment. Most of this suite's time is the
# Prowler CLI starting up (20-30 s a run, each CLI file's runs made once in a module fixture), so its files are
# spread over two workers, each file whole in one (--dist loadfile: a module's fixture runs once); the Checkov suite
# shares its session-wide runs between files, so it stays in one process.
PROWLER_WORKERS ?= 2
test-prowler: $(PROWLER_ENV)/.installed $(CHECKOV_ENV)/.installed
	@echo "== tests in the prowler environment"
	AGENTCORE_TEST_SCANNER=prowler AGENTCORE_CHECKOV_ENV=$(CHECKOV_ENV) $(PROWLER_ENV)/bin/python -m pytest \
	  -n $(PROWLER_WORKERS) --dist loadfile $(PYTEST_ARGS)

envs: $(CHECKOV_ENV)/.installed $(PROWLER_ENV)/.installed

demo: envs
	$(PROWLER_ENV)/bin/python examples/demo.py --checkov-env $(CHECKOV_ENV) --prowler-env $(PROWLER_ENV)

bench: envs
	$(PROWLER_ENV)/bin/python benchmarks/run.py --checkov-env $(CHECKOV_ENV) --prowler-env $(PROWLER_ENV)

# Not part of `make test`: one fresh environment per scanner version (oldest tested, one between, newest on the
# index), the compatibility tests in each; writes docs/compatibility.md. About 10 minutes.
compat: $(UV)
	$(PYTHON) .ci/compat.py --uv $(UV) --python $(PYTHON) --test-deps $(TEST_DEPS)

$(UV):
	@echo "== bootstrapping uv into $(TOOLS)"
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv

# Each environment gets a wheel built from the current sources (in its own folder, so the two can build at
# once), installed with the scanner's extra and the test tools. Bytecode is compiled at install, as pip does:
# uv does not by default, and where PYTHONDONTWRITEBYTECODE is set every checkov run would compile its 2,300
# modules again (3 s a run) and every prowler run its own (7 s).
define install_wheel
	@echo "== building the wheel and installing it with [$(1)] into $(2)"
	rm -rf $(2)-dist
	$(UV) build --quiet --wheel --out-dir $(2)-dist
	test -x $(2)/bin/python || $(UV) venv --quiet --python $(PYTHON) $(2)
	VIRTUAL_ENV=$(2) $(UV) pip install --quiet --compile-bytecode --reinstall-package agentcore-cmk-checks \
	  "$$(ls $(2)-dist/*.whl)[$(1)]" $(3) $(TEST_DEPS)
	touch $(2)/.installed
endef

$(CHECKOV_ENV)/.installed: $(UV) $(SOURCES) Makefile
	$(call install_wheel,checkov,$(CHECKOV_ENV),)

$(PROWLER_ENV)/.installed: $(UV) $(SOURCES) Makefile
	$(call install_wheel,prowler,$(PROWLER_ENV),"moto[server]>=5.2.5")

clean:
	rm -rf $(VENVS) build reports .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
