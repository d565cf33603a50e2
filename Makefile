# One entry point per task; every target installs what it needs first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

APT_PACKAGES := pkg-config libzmq3-dev libprotobuf-c-dev protobuf-c-compiler protobuf-compiler libprotoc-dev \
	libsqlite3-dev libssl-dev libmicrohttpd-dev libpsl-dev publicsuffix python3-venv \
	wrk libgrpc++-dev protobuf-compiler-grpc
VENV := .venv
PYTHON_REQUIREMENTS := Tests/requirements.txt
SWIFT_BUILD_FLAGS ?=
# SwiftPM re-runs the proto plugin, and so recompiles every module built on its output, whenever a build's environment
# differs from the last one's (make's own variables, the shell's `_`, a terminal multiplexer's). Builds started here get
# one fixed environment, so a second `make run` starts in seconds; tests run with the caller's environment (CI=true).
SWIFT_BUILD := env -i HOME="$$HOME" PATH="$$PATH" swift build

.PHONY: help setup build test bench run clean

help:
	@echo "make setup   install the Debian and Python packages the project needs (only what is missing)"
	@echo "make test    build (debug) and run every test"
	@echo "make bench   build (release) and print every benchmark as 'bench: <name> key=value ...'"
	@echo "make run     build (release) and run the whole system with the demo (stripe-sim, a demo workspace); Ctrl-C stops it"

setup:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@$(MAKE) --no-print-directory $(VENV)/.installed

# The Python side (Stripe's SDK driving stripe-sim, localstripe, schemathesis) lives in its own venv.
$(VENV)/.installed: $(PYTHON_REQUIREMENTS)
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r $(PYTHON_REQUIREMENTS)
	touch $@

build: setup
	$(SWIFT_BUILD) $(SWIFT_BUILD_FLAGS)

test: setup
	$(SWIFT_BUILD) --build-tests $(SWIFT_BUILD_FLAGS)
	swift test --skip-build --no-parallel

bench: setup
	$(SWIFT_BUILD) -c release $(SWIFT_BUILD_FLAGS)
	.build/release/veles-bench

# `veles up` runs every process, restarts crashed ones and stops them all on Ctrl-C. The demo puts stripe-sim with the
# demo dataset in Stripe's place; `make run RUN_FLAGS=` talks to Stripe itself (set VELES_STRIPE_API_URL to change).
RUN_FLAGS ?= --demo
run: setup
	$(SWIFT_BUILD) -c release $(SWIFT_BUILD_FLAGS)
	exec .build/release/veles up $(RUN_FLAGS)

clean:
	rm -rf .build
