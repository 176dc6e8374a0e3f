# heroin: the commands a newcomer runs. `make demo` shows the main job on the
# bundled examples; `make test` is everything CI runs.

CARGO ?= cargo
HEROIN := target/debug/heroin
RELEASE := target/release/heroin
EXAMPLES := fixtures/examples
# Demo values for the variables the examples read from the environment.
DEMO_VARS := IRC_PASSWORD=demo-irc-password PAYMENTS_API_KEY=demo-payments-key \
	SECRET_KEY_BASE=demo-secret-key-base LOGS_API_KEY=demo-logs-key SESSION_SECRET=demo-session

.PHONY: all build test man chaos race demo bench bench-validate bench-diff bench-scale bench-sim conformance fuzz

all: build

build:
	$(CARGO) build --locked

test:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) test --workspace --locked

# Man pages, one per command (heroin.1, heroin-diff.1, ...), into target/man:
# `man -l target/man/heroin-diff.1`, or copy them to a man1 directory.
man:
	$(CARGO) run --locked --example man -- target/man

# Every example applied to heroku-sim under faults (20% of requests fail, a
# small rate-limit bucket, slow provisioning, pages of two) with 20 seeds,
# each first apply interrupted at a random moment (SIGINT, SIGTERM or
# SIGKILL), then applied again: the plan must then be empty and nothing may
# exist twice. Prints a table; exits 1 otherwise. `make test` runs a short
# version (tests/chaos.rs). Figures in docs/reliability.md.
CHAOS_SEEDS ?= 20
chaos:
	$(CARGO) build --locked
	$(CARGO) run --locked --example chaos -- $(CHAOS_SEEDS)

# Two `heroin apply` processes of one environment at once against one
# heroku-sim, RACE_ROUNDS rounds: how often each found the other (before its
# first write, between steps) or both applied; every round must end with
# Heroku matching the files. `make test` runs 30 rounds. Figures in
# docs/reliability.md.
RACE_ROUNDS ?= 200
race:
	HEROIN_RACE_ROUNDS=$(RACE_ROUNDS) $(CARGO) test --locked --test concurrent_applies -- --nocapture two_applies_at_once

# The whole story on a bundled example, with no network and no account:
# heroku-sim with a temporary state, the rack app in a temporary git
# repository, diff, apply, a deploy (`heroku-sim deploy`: what the first
# `git push heroku` does, a release with process types), apply again (the
# formation is scaled), diff again (no changes), a committed edit, apply
# again, and the history of what was applied.
SIM_DEBUG := target/debug/heroku-sim
demo:
	@echo "# building heroin and heroku-sim (the first build takes a minute or two)"
	@$(CARGO) build --locked
	@set -e; \
	heroin=$$(pwd)/$(HEROIN); sim_bin=$$(pwd)/$(SIM_DEBUG); tmp=$$(mktemp -d); \
	$(SIM_DEBUG) --state $$tmp/heroku.json > $$tmp/sim.out & sim=$$!; \
	trap 'kill $$sim 2>/dev/null; wait $$sim 2>/dev/null; rm -rf $$tmp' EXIT; \
	for i in $$(seq 50); do grep -q listening $$tmp/sim.out && break; sleep 0.1; done; \
	export HEROKU_HOST=$$(sed -n 's/^listening on //p' $$tmp/sim.out) HEROKU_API_KEY=sim-token; \
	export PAYMENTS_API_KEY=demo-payments-key NO_COLOR=1; \
	cp -r $(EXAMPLES)/rack-app $$tmp/repo; cd $$tmp/repo; \
	git init -q; git config user.name Demo; git config user.email demo@example.com; \
	git add .; git commit -qm "rack app"; \
	echo "# heroku-sim is listening on $$HEROKU_HOST; the files are in a fresh git repository"; \
	echo; echo '$$ heroin validate'; $$heroin validate; \
	echo; echo '$$ heroin diff staging'; $$heroin diff staging; \
	echo; echo '$$ heroin apply staging --yes'; $$heroin apply staging --yes; \
	echo; echo '$$ heroku-sim deploy rackshop-staging web="bundle exec puma -C config/puma.rb" worker="bundle exec sidekiq"   # as the first git push'; \
	$$sim_bin deploy rackshop-staging web="bundle exec puma -C config/puma.rb" worker="bundle exec sidekiq"; \
	echo; echo '$$ heroin apply staging --yes'; $$heroin apply staging --yes; \
	echo; echo '$$ heroin diff staging'; $$heroin diff staging; \
	printf 'WEB_CONCURRENCY = 3\n' >> heroin.staging.toml; \
	git commit -qam "staging: three web workers"; \
	echo; echo '$$ git commit -am "staging: three web workers"   # WEB_CONCURRENCY = 3'; \
	echo; echo '$$ heroin apply staging --yes'; $$heroin apply staging --yes; \
	echo; echo '$$ heroin history staging'; $$heroin history staging

bench: bench-validate bench-diff bench-scale bench-sim

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

# `heroin diff` for 50 apps against heroku-sim with 50 ms latency: wall time
# and API requests, next to their targets.
bench-diff:
	$(CARGO) build --release --locked
	$(CARGO) run --release --locked --example bench_diff -- 50 50

# How diff and apply scale with the account: diff and a no-change apply for
# 1 to 1,000 apps, apply from nothing for 10 to 200, against heroku-sim with
# 50 ms of latency; requests, writes, wall, CPU and peak memory, each wall
# time beside its ideal. Then CPU only: 1,000 apps x 200 config vars, and
# 40,000 apps on an empty account. `BENCH_SCALE=--quick` for small sizes.
# Needs GNU time (`/usr/bin/time`, Debian's package `time`) for CPU and memory.
bench-scale:
	$(CARGO) build --release --locked --bin heroin --example bench_scale
	target/release/examples/bench_scale $(BENCH_SCALE)

# The simulator's throughput on loopback: GET /apps/{app}/config-vars with wrk
# (Debian's package) for 10 s on 2 threads and 16 connections, against the
# release build, with the rate limit out of the way. Then its memory with
# 1,000 apps seeded over HTTP, and what a change costs at the start and at
# the end of the seeding, without a state file and with `--state`
# (sim/examples/memory.rs).
SIM := target/release/heroku-sim
BENCH_SIM_APPS ?= 1000
bench-sim:
	$(CARGO) build --release --locked -p heroku-sim --bins --example memory
	@command -v wrk >/dev/null 2>&1 || { echo "bench-sim needs wrk (apt-get install wrk)"; exit 1; }
	@set -e; \
	out=$$(mktemp); \
	$(SIM) --rate-limit 1000000000 > $$out & pid=$$!; \
	trap 'kill $$pid 2>/dev/null' EXIT; \
	for i in $$(seq 50); do grep -q listening $$out && break; sleep 0.1; done; \
	url=$$(sed -n 's/^listening on //p' $$out); \
	curl -sf -X POST $$url/apps -H 'Accept: application/vnd.heroku+json; version=3' \
		-H 'Authorization: Bearer sim-token' -H 'Content-Type: application/json' \
		-d '{"name":"bench-app"}' >/dev/null; \
	curl -sf -X PATCH $$url/apps/bench-app/config-vars -H 'Accept: application/vnd.heroku+json; version=3' \
		-H 'Authorization: Bearer sim-token' -H 'Content-Type: application/json' \
		-d '{"RAILS_ENV":"production","WEB_CONCURRENCY":"4","SECRET_KEY_BASE":"x"}' >/dev/null; \
	wrk -t2 -c16 -d10s --latency -H 'Accept: application/vnd.heroku+json; version=3' \
		-H 'Authorization: Bearer sim-token' $$url/apps/bench-app/config-vars
	target/release/examples/memory $(BENCH_SIM_APPS)
	target/release/examples/memory $(BENCH_SIM_APPS) --state

# The official Heroku CLI (from npm) and the Python client heroku3 (from
# PyPI), cached in target/conformance, against a fresh heroku-sim; needs node,
# npm and python3 (with venv). Not part of `make test`.
conformance:
	sim/conformance/run.sh

# Coverage-guided fuzzing (libFuzzer through cargo-fuzz): loading TOML and YAML
# layers, interpolation, and decoding Heroku's responses. Needs a nightly
# toolchain (`rustup toolchain install nightly`) and cargo-fuzz (`cargo
# install cargo-fuzz`). Each target runs FUZZ_SECONDS (default 600) from the
# seeds in fuzz/corpus/<target>; new inputs go to fuzz/work/<target>, and a
# crash is saved under fuzz/artifacts/<target>. Not part of `make test`.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := load_layers interpolate api_responses
fuzz:
	@command -v cargo-fuzz >/dev/null 2>&1 || { echo "fuzz needs cargo-fuzz: cargo install cargo-fuzz"; exit 1; }
	@rustup run nightly rustc --version >/dev/null 2>&1 || { echo "fuzz needs a nightly toolchain: rustup toolchain install nightly"; exit 1; }
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/work/$$t; \
		echo "# fuzzing $$t for $(FUZZ_SECONDS) s"; \
		(cd fuzz && cargo +nightly fuzz run $$t work/$$t corpus/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=2048 -timeout=10); \
	done
