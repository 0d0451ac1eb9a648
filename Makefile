# SPDX-License-Identifier: Apache-2.0
# circlet — the two commands:
#   make demo   build and run the demo (examples/hello_world)
#   make test   build both host presets and run every test suite
#   make dist   the library folder for Arduino / PlatformIO / IDEs (build/dist/circlet)
# Each installs missing Debian packages first (scripts/install-deps.sh).

SHELL := /bin/bash
JOBS ?= 2
CTEST_ARGS ?= --output-on-failure -j $(JOBS)

.PHONY: all deps host host-asan demo test test-host test-asan test-fuzz format clean fuzz fuzz-build fuzz-seeds \
        m7 m4 test-mcu bench-mcu dist

# Fuzzing: `make fuzz` runs libFuzzer for FUZZ_SECONDS (default 600);
# `make test` runs a short session (FUZZ_SMOKE_SECONDS).
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 60
# A fixed seed and run count make the session repeatable: what passes here
# passes in CI (a time limit can only cut it short).
FUZZ_SMOKE_RUNS ?= 100000
FUZZ_DIR := build/fuzz

all: host

deps:
	@scripts/install-deps.sh all

host: deps
	@cmake --preset host >/dev/null
	@cmake --build --preset host -j $(JOBS)

host-asan: deps
	@cmake --preset host-asan >/dev/null
	@cmake --build --preset host-asan -j $(JOBS)

# The host demo, then the int8 model on the emulated Cortex-M7 next to the
# host's outputs (examples/hello_world/m7_demo.py; skipped, with a note,
# when the arm toolchain or QEMU is missing).
demo: host
	@build/host/examples/hello_world/hello_world
	@if command -v arm-none-eabi-gcc >/dev/null && command -v qemu-system-arm >/dev/null; then \
	  cmake --preset m7 >/dev/null && python3 examples/hello_world/m7_demo.py --demo \
	    --m7-build build/m7 --host-build build/host; \
	else \
	  echo "demo: Cortex-M7 run skipped: arm-none-eabi-gcc or qemu-system-arm not installed (scripts/install-deps.sh all)"; \
	fi

test-host: host
	ctest --test-dir build/host $(CTEST_ARGS)

test-asan: host-asan
	ctest --test-dir build/host-asan $(CTEST_ARGS)
	@echo "== robustness counts (host-asan) =="
	@grep -h -E "^\[ (corrupt|corpus) " build/host-asan/Testing/Temporary/LastTest.log || true

fuzz-build: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)

# Seeds: the project's own writer-made models, the small shared models and
# the operator zoo (one model per operator and type).
fuzz-seeds: host
	@mkdir -p $(FUZZ_DIR)/seeds $(FUZZ_DIR)/work
	@build/host/tests/make_fuzz_seeds $(FUZZ_DIR)/seeds
	@for m in hello_world_float hello_world_int8 simple_add_model micro_speech_quantized kws_ref_model; do \
	  [ -f ../shared/models/$$m/model.tflite ] && cp ../shared/models/$$m/model.tflite $(FUZZ_DIR)/seeds/shared_$$m.tflite || true; \
	done
	@# One model per operator and type (the operator zoo), when ../shared is there.
	@for d in ../shared/models/ops/*/; do \
	  [ -f $$d/model.tflite ] && cp $$d/model.tflite $(FUZZ_DIR)/seeds/zoo_$$(basename $$d).tflite || true; \
	done

fuzz: fuzz-build fuzz-seeds
	$(FUZZ_DIR)/model_fuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=20 \
	  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=tests/fuzz/corpus/crash- \
	  $(FUZZ_DIR)/work tests/fuzz/corpus $(FUZZ_DIR)/seeds

test-fuzz: fuzz-build fuzz-seeds
	@echo "== fuzz: committed regression corpus =="
	$(FUZZ_DIR)/model_fuzzer -runs=0 tests/fuzz/corpus
	@echo "== fuzz: short session (seed 1, $(FUZZ_SMOKE_RUNS) runs or $(FUZZ_SMOKE_SECONDS) s) =="
	@rm -rf $(FUZZ_DIR)/work && mkdir -p $(FUZZ_DIR)/work
	$(FUZZ_DIR)/model_fuzzer -seed=1 -runs=$(FUZZ_SMOKE_RUNS) -max_total_time=$(FUZZ_SMOKE_SECONDS) \
	  -max_len=65536 -timeout=20 \
	  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/crash- \
	  $(FUZZ_DIR)/work tests/fuzz/corpus $(FUZZ_DIR)/seeds 2>&1 | grep -E "^#[0-9]+ *DONE|stat::|ERROR|SUMMARY|Done" ; \
	  test $${PIPESTATUS[0]} -eq 0

# Cortex-M7 / M4: cross build (presets m7, m4), every model under QEMU
# (docs/mcu.md); bench-mcu writes build/bench/mcu.json and docs/benchmarks.md.
m7 m4: deps
	@cmake --preset $@ >/dev/null
	@cmake --build --preset $@ -j $(JOBS)

test-mcu: m7 m4
	ctest --test-dir build/m7 $(CTEST_ARGS)
	ctest --test-dir build/m4 $(CTEST_ARGS)

# The recurrent models also from a reference-kernels firmware (build/m7-ref).
BENCH_REF_TARGETS := circlet_qemu_plugin mcu_m7_trained_lstm mcu_m7_dtln

bench-mcu: m7 m4
	@cmake --preset m7 -B build/m7-ref -DCIRCLET_REF_KERNELS=ON >/dev/null
	@cmake --build build/m7-ref -j $(JOBS) --target $(BENCH_REF_TARGETS)
	@python3 scripts/bench_mcu.py build/m7 build/m4 --ref build/m7-ref --out build/bench/mcu.json
	@ctest --test-dir build/m7 -R op_zoo >/dev/null || true
	@python3 scripts/gen_benchmarks.py build/bench/mcu.json ../shared/models/models.json \
	  --zoo build/m7/op_zoo.json --out docs/benchmarks.md

test: test-host test-asan test-fuzz test-mcu

# The library folder for the Arduino IDE / arduino-cli and PlatformIO (and
# any IDE: compile every .cpp under src/ with -std=c++17 -I src), with
# library.properties, library.json, the flatc-generated schema header and
# the flatbuffers headers (docs/integration.md).
DIST_DIR ?= build/dist/circlet
dist:
	@python3 scripts/make_dist.py --out $(DIST_DIR)

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf build
