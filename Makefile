# One entry point for people and CI. `make run` and `make test` install what they need from nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SAM_VENV := .venv-sam
SAM := $(SAM_VENV)/bin/sam
LOAD_VENV := .venv-load
IAC_VENV := .venv-iac
# The client generators and what the generated clients need (make clients, and the clients' tests).
CLIENTS_VENV := .venv-clients
TS_CLIENT := clients/typescript
CLIENT_TOOLS := $(CLIENTS_VENV)/.installed $(TS_CLIENT)/node_modules/.installed
# What ruff checks and formats (rules in pyproject.toml); mypy's files are in pyproject.toml too.
LINTED := layers functions crmctl local tests benchmarks load clients/examples
# mypy checks pyproject.toml's files, then each function once more with its siblings: a function's folder is its
# own root (app.py imports `models`, as the runtime does), so the siblings of two functions never clash.
FUNCTION_DIRS := $(patsubst %/app.py,%,$(wildcard functions/*/app.py))
# sam build needs the template's runtime (python3.13) on PATH; pyenv provides it beside 3.11.
SAM_PYENV ?= 3.13.0:3.11.7
# make run's port; the operators' commands find it through LOCAL_RUNTIME_FILE, which make run writes while it serves.
PORT ?= 3000
LOCAL_RUNTIME_FILE := .local-runtime.json
# Operators' commands act on the running `make run`; STACK=<name> makes them act on that deployed stack.
WHERE = $(if $(STACK),--stack "$(STACK)",)
ADMIN = $(PY) -m crmctl.admin
export SAM_CLI_TELEMETRY := 0

.PHONY: help run test lint validate build deploy invoke apikey passcodes identifier entity wifisecret testrecipient \
	admin backoffice bench fuzz openapi clients load clean

help:
	@echo "make run [PORT=3000]   start the local API on http://127.0.0.1:3000/self-service/v1 (no Docker)"
	@echo "make test     run the whole test suite"
	@echo "make lint     sam validate --lint, cfn-lint's serverless rules, checkov, ruff check and format --check, mypy"
	@echo "make build    sam build (arm64, python3.13)"
	@echo "make deploy   sam deploy (after make build)"
	@echo "make invoke FUNCTION=<logical id> EVENT=events/<file>.json   run one function on one event"
	@echo "Operators' commands act on the running make run (any PORT); add STACK=<name> for a deployed stack:"
	@echo "make apikey NAME='Acme Ltd' [TYPE=BUSINESS] [PARENT=<id>]   create an organisation and print its API keys"
	@echo "make passcodes ORG=<organisation id> MODE=live COUNT=100   print new single-use registration pass codes"
	@echo "make identifier ORG=<id> MODE=test CONTACT=<id> KIND=CARD VALUE=<v> [ARGS=--shared]   attach a card, loyalty id or gift pass (ARGS='--email a@b.c' for a gift pass; the pin is prompted for)"
	@echo "make entity ORG=<id> MODE=test CONTACT=<id> TYPE=INVOICE ID=<id> DOCUMENT=<file.json>   store a printable entity"
	@echo "make wifisecret ORG=<id> MODE=test   print a new WiFi integration secret"
	@echo "make testrecipient ORG=<id> RECIPIENT=ann@example.com|'*@acme.test'|+35799123456|all [REMOVE=1]   let test mode deliver there"
	@echo "make admin ARGS='revoke-key --organisation <id> --prefix pk_live_abcd'   any python -m crmctl.admin command"
	@echo "make backoffice ARGS='communication --api-key <key> --contact <id> --channel INAPP --title Hi'   put a back-office event on the bus"
	@echo "make bench    measure cold start, overhead, AWS calls, memory, local runtime (benchmarks/results/)"
	@echo "make fuzz     the long fuzz run: tests/fuzz with 100x the examples of make test (FUZZ_SCALE=N to change)"
	@echo "make preview-mail   every message kind in every language as HTML files in mail-preview/"
	@echo "make openapi  write openapi.json from the code (a test fails while it differs)"
	@echo "make clients  generate clients/python and clients/typescript from openapi.json (a test fails while they differ)"
	@echo "make load [RATE=200] [DURATION=60] [USERS=100] [URL=http://127.0.0.1:3000 API_KEY=<test key>]   locust on the local runtime; fails on any 5xx or lost write"

$(VENV)/.installed: requirements-dev.txt layers/common/requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The SAM CLI pins its own boto3, so it lives in a venv of its own.
$(SAM_VENV)/.installed: requirements-sam.txt
	test -x $(SAM_VENV)/bin/python || $(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet -r requirements-sam.txt
	touch $@

# checkov and cfn-lint's serverless rules (requirements-iac.txt) check the template; checkov pins its own boto3.
$(IAC_VENV)/.installed: requirements-iac.txt
	test -x $(IAC_VENV)/bin/python || $(PYTHON) -m venv $(IAC_VENV)
	$(IAC_VENV)/bin/python -m pip install --quiet -r requirements-iac.txt
	touch $@

# openapi-python-client pins its own pydantic and typer, so it lives in a venv of its own.
$(CLIENTS_VENV)/.installed: requirements-clients.txt
	test -x $(CLIENTS_VENV)/bin/python || $(PYTHON) -m venv $(CLIENTS_VENV)
	$(CLIENTS_VENV)/bin/python -m pip install --quiet -r requirements-clients.txt
	touch $@

# openapi-typescript, openapi-fetch and tsc, as package-lock.json pins them.
$(TS_CLIENT)/node_modules/.installed: $(TS_CLIENT)/package.json $(TS_CLIENT)/package-lock.json
	cd $(TS_CLIENT) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: $(VENV)/.installed
	$(PY) -m local --port "$(PORT)" --runtime-file $(LOCAL_RUNTIME_FILE)

test: $(VENV)/.installed $(SAM_VENV)/.installed $(CLIENT_TOOLS)
	PATH="$(CURDIR)/$(SAM_VENV)/bin:$$PATH" $(PY) -m pytest

# Skip lists, each entry with its reason: .cfnlint-serverless.yaml and .checkov.yaml.
lint validate: $(VENV)/.installed $(SAM_VENV)/.installed $(IAC_VENV)/.installed
	$(SAM) validate --lint
	$(IAC_VENV)/bin/cfn-lint --config-file .cfnlint-serverless.yaml
	$(IAC_VENV)/bin/checkov --config-file .checkov.yaml
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy
	@for dir in $(FUNCTION_DIRS); do \
		siblings=$$(cd $$dir && ls *.py | sed -n 's/^\(.*\)\.py$$/-m \1/p' | grep -vx -- '-m app'); \
		MYPYPATH=$$dir $(VENV)/bin/mypy --no-error-summary -m functions.$$(basename $$dir).app $$siblings || exit 1; \
	done

build: $(SAM_VENV)/.installed
	PYENV_VERSION=$(SAM_PYENV) $(SAM) build

deploy: build
	$(SAM) deploy $(if $(CONFIG_ENV),--config-env $(CONFIG_ENV),)

invoke: $(VENV)/.installed
	@test -n "$(FUNCTION)" -a -n "$(EVENT)" || (echo "usage: make invoke FUNCTION=ContactsFunction EVENT=events/contacts_get.json" && exit 2)
	$(PY) -m local.invoke $(FUNCTION) $(EVENT)

apikey: $(VENV)/.installed
	@test -n "$(NAME)" || (echo "usage: make apikey NAME='Acme Ltd' [TYPE=BUSINESS] [PARENT=<id>]" && exit 2)
	$(ADMIN) create-organisation --name "$(NAME)" --type "$(or $(TYPE),BUSINESS)" $(if $(PARENT),--parent "$(PARENT)",) $(WHERE)

passcodes: $(VENV)/.installed
	@test -n "$(ORG)" -a -n "$(MODE)" || (echo "usage: make passcodes ORG=<organisation id> MODE=test|live [COUNT=10]" && exit 2)
	$(ADMIN) create-pass-codes --organisation "$(ORG)" --mode "$(MODE)" --count "$(or $(COUNT),10)" $(WHERE)

identifier: $(VENV)/.installed
	@test -n "$(ORG)" -a -n "$(MODE)" -a -n "$(CONTACT)" -a -n "$(KIND)" -a -n "$(VALUE)" || (echo "usage: make identifier ORG=<organisation id> MODE=test|live CONTACT=<contact id> KIND=CARD|LOYALTY_IDENTIFIER|GIFT_PASS VALUE=<value> [ARGS='--email a@b.c --shared']" && exit 2)
	$(ADMIN) attach-identifier --organisation "$(ORG)" --mode "$(MODE)" --contact "$(CONTACT)" --kind "$(KIND)" --value "$(VALUE)" $(ARGS) $(WHERE)

entity: $(VENV)/.installed
	@test -n "$(ORG)" -a -n "$(MODE)" -a -n "$(CONTACT)" -a -n "$(TYPE)" -a -n "$(ID)" -a -n "$(DOCUMENT)" || (echo "usage: make entity ORG=<organisation id> MODE=test|live CONTACT=<contact id> TYPE=INVOICE ID=<entity id> DOCUMENT=<file.json>" && exit 2)
	$(ADMIN) put-entity --organisation "$(ORG)" --mode "$(MODE)" --contact "$(CONTACT)" --type "$(TYPE)" --id "$(ID)" --document "$(DOCUMENT)" $(WHERE)

wifisecret: $(VENV)/.installed
	@test -n "$(ORG)" -a -n "$(MODE)" || (echo "usage: make wifisecret ORG=<organisation id> MODE=test|live" && exit 2)
	$(ADMIN) create-wifi-secret --organisation "$(ORG)" --mode "$(MODE)" $(WHERE)

# RECIPIENT: an e-mail address, *@domain, an international phone number (+357...), or "all".
testrecipient: $(VENV)/.installed
	@test -n "$(ORG)" -a -n "$(RECIPIENT)" || (echo "usage: make testrecipient ORG=<organisation id> RECIPIENT=ann@example.com|'*@acme.test'|+35799123456|all [REMOVE=1]" && exit 2)
	$(ADMIN) allow-test-recipient --organisation "$(ORG)" $(if $(filter all,$(RECIPIENT)),--all,$(if $(findstring @,$(RECIPIENT)),--address "$(RECIPIENT)",--phone "$(RECIPIENT)")) $(if $(REMOVE),--remove,) $(WHERE)

admin: $(VENV)/.installed
	@test -n "$(ARGS)" || ($(ADMIN) --help && exit 2)
	$(ADMIN) $(ARGS) $(WHERE)

backoffice: $(VENV)/.installed
	@test -n "$(ARGS)" || ($(PY) -m crmctl.backoffice --help && exit 2)
	$(PY) -m crmctl.backoffice $(ARGS) $(WHERE)

# locust pins its own Flask and gevent, so it lives in a venv of its own.
$(LOAD_VENV)/.installed: requirements-load.txt
	test -x $(LOAD_VENV)/bin/python || $(PYTHON) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/python -m pip install --quiet -r requirements-load.txt
	touch $@

# A minute of mixed load on loopback (load/__main__.py); not part of `make test`.
load: $(VENV)/.installed $(LOAD_VENV)/.installed
	$(LOAD_VENV)/bin/python -m load --runtime-python $(PY) $(if $(RATE),--rate $(RATE),) \
		$(if $(DURATION),--duration $(DURATION),) $(if $(USERS),--users $(USERS),) \
		$(if $(INSTANCES),--instances $(INSTANCES),) \
		$(if $(URL),--url $(URL) --api-key "$(API_KEY)",)

# Reports, never fails on a time; a few minutes on 2 cores. Not part of `make test`.
bench: $(VENV)/.installed
	$(PY) -m benchmarks

# The fuzz tests run briefly (and the same way every time) inside `make test`; this runs them long, with new
# inputs each time. A failure's input is kept in .hypothesis/ and tried first next time. Not part of `make test`.
fuzz: $(VENV)/.installed
	FUZZ_PROFILE=long $(PY) -m pytest tests/fuzz

# Every message kind in every language, as the demo organisation sends it: HTML files in mail-preview/.
.PHONY: preview-mail
preview-mail: $(VENV)/.installed
	$(PY) -m local.preview_mail mail-preview

# The API's OpenAPI document, from the functions' resolvers, template.yaml and crm/access.py.
openapi: $(VENV)/.installed
	$(PY) -m local.openapi

# The generated clients of openapi.json (after `make openapi`): clients/python and clients/typescript/src/schema.d.ts.
clients: $(VENV)/.installed $(CLIENT_TOOLS)
	$(PY) -m local.clients

clean:
	rm -rf $(VENV) $(SAM_VENV) $(LOAD_VENV) $(IAC_VENV) $(CLIENTS_VENV) $(TS_CLIENT)/node_modules .aws-sam .pytest_cache
