# circlet — the two commands:
#   make demo   build and run the demo (examples/hello_world)
#   make test   build both host presets and run every test suite
# Each installs missing Debian packages first (scripts/install-deps.sh).

JOBS ?= 2
CTEST_ARGS ?= --output-on-failure -j $(JOBS)

.PHONY: all deps host host-asan demo test test-host test-asan format clean

all: host

deps:
	@scripts/install-deps.sh all

host: deps
	@cmake --preset host >/dev/null
	@cmake --build --preset host -j $(JOBS)

host-asan: deps
	@cmake --preset host-asan >/dev/null
	@cmake --build --preset host-asan -j $(JOBS)

demo: host
	@build/host/examples/hello_world/hello_world

test-host: host
	ctest --test-dir build/host $(CTEST_ARGS)

test-asan: host-asan
	ctest --test-dir build/host-asan $(CTEST_ARGS)

test: test-host test-asan

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf build
