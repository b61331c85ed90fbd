# Sluice: one command to run the flights job, one to run the tests.
#   make run        install what is missing (apt-get), build in release mode, run the flights job
#   make test       install the full package list, build with warnings as errors, lint, run the whole suite
#   make test-long  the long runs (full data through the test suite, long crash runs)

SHELL := /bin/bash
APT_PACKAGES := librdkafka-dev librocksdb-dev pkg-config zlib1g-dev kcat python3-venv python3-pip zstd unzip
PYTHON_PACKAGES := confluent-kafka==2.16.1 kafka-python==3.0.12
SWIFT_FLAGS := -Xswiftc -warnings-as-errors
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENV := .venv

.PHONY: run test test-long build release lint format deps deps-missing python-env promtool bench clean
PROMTOOL := .build/promtool/root/usr/bin/promtool

## Installs only the packages that are missing (fast when everything is there).
deps-missing:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## Always installs the full list, so a missing install step cannot hide behind a machine that already had it.
deps:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES)

python-env:
	@[ -x $(VENV)/bin/python ] || python3 -m venv $(VENV)
	@$(VENV)/bin/python -c "import confluent_kafka, kafka" 2>/dev/null || \
		$(VENV)/bin/pip install --quiet --disable-pip-version-check $(PYTHON_PACKAGES)

## promtool checks the /metrics output; taken out of Debian's prometheus package, not installed.
promtool:
	@[ -x $(PROMTOOL) ] || ( mkdir -p .build/promtool && cd .build/promtool && \
		apt-get download prometheus >/dev/null 2>&1 && dpkg -x prometheus_*.deb root )

release:
	swift build -c release --product sluice

run: deps-missing release
	.build/release/sluice run flights

build:
	swift build --build-tests $(SWIFT_FLAGS)

lint:
	swift format lint --strict --recursive Package.swift Sources Tests Examples Benchmarks

format:
	swift format format --in-place --recursive Package.swift Sources Tests Examples Benchmarks

TEST_ENV = SLUICE_PYTHON=$(CURDIR)/$(VENV)/bin/python SLUICE_PROMTOOL=$(CURDIR)/$(PROMTOOL)

test: deps python-env promtool build lint
	$(TEST_ENV) swift test --skip-build --no-parallel $(SWIFT_FLAGS)

test-long: deps python-env promtool build release
	SLUICE_LONG_TESTS=1 $(TEST_ENV) swift test --skip-build --no-parallel $(SWIFT_FLAGS)
	.build/release/sluice chaos --records 1000000 --workers 2 --kills 20 --seed 11 \
		--feed-duration 150s --timeout 900s
	Tests/Fuzz/run-frame-fuzzer.sh 1000000

## Benchmarks (Docs/Benchmarks.md): about 15 minutes here; BENCH_ARGS=--quick for about 2, --memory, --restore.
## The harness installs its Python peers (confluent-kafka, Quix Streams) into Benchmarks/Peers/.venv itself.
bench: deps-missing
	swift run -c release sluice-bench $(BENCH_ARGS)

clean:
	rm -rf .build $(VENV)
