# heroin: the commands a newcomer runs. `make demo` shows the main job on the
# bundled examples; `make test` is everything CI runs.

CARGO ?= cargo
HEROIN := target/debug/heroin
RELEASE := target/release/heroin
EXAMPLES := fixtures/examples
# Demo values for the variables the examples read from the environment.
DEMO_VARS := IRC_PASSWORD=demo-irc-password PAYMENTS_API_KEY=demo-payments-key \
	SECRET_KEY_BASE=demo-secret-key-base LOGS_API_KEY=demo-logs-key SESSION_SECRET=demo-session

.PHONY: all build test demo bench bench-validate

all: build

build:
	$(CARGO) build --locked

test:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) test --workspace --locked

demo: build
	@echo '$$ heroin validate fixtures/examples/*/heroin.*'
	@$(HEROIN) validate $(EXAMPLES)/*/heroin.*
	@echo
	@echo '$$ heroin -C fixtures/examples/rack-app envs'
	@$(HEROIN) -C $(EXAMPLES)/rack-app envs
	@echo
	@echo '$$ PAYMENTS_API_KEY=... heroin -C fixtures/examples/rack-app show prod'
	@env $(DEMO_VARS) $(HEROIN) -C $(EXAMPLES)/rack-app show prod

bench: bench-validate

# `heroin validate` timed as a whole process, as a pre-commit hook runs it,
# next to `heroin --version` (the cost of starting the process at all).
# Uses hyperfine when it is installed, else a plain loop of 200 runs.
bench-validate:
	$(CARGO) build --release --locked
	@if command -v hyperfine >/dev/null 2>&1; then \
		hyperfine -N --warmup 10 --runs 300 \
			-n 'heroin --version (process start)' \
			-n 'heroin validate, one directory (2 environments)' \
			-n 'heroin validate, all examples (8 environments, 12 files)' \
			'$(RELEASE) --version' \
			'$(RELEASE) -C $(EXAMPLES)/two-app-product validate' \
			'$(RELEASE) validate $(wildcard $(EXAMPLES)/*/heroin.*)'; \
	else \
		for cmd in '$(RELEASE) --version' \
			'$(RELEASE) -C $(EXAMPLES)/two-app-product validate' \
			'$(RELEASE) validate $(wildcard $(EXAMPLES)/*/heroin.*)'; do \
			start=$$(date +%s%N); \
			for i in $$(seq 200); do $$cmd >/dev/null || exit 1; done; \
			end=$$(date +%s%N); \
			echo "$$cmd: mean $$(( (end - start) / 200000 )) µs over 200 runs"; \
		done; \
	fi
