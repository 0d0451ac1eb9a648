# SPDX-License-Identifier: Apache-2.0
# A cross build of the library alone needs only the Arm toolchain and
# flatbuffers: configures the checkout with the toolchain file and
# CIRCLET_BUILD_TARGETS=OFF in a fresh directory, builds the library and the
# port libraries, and fails if the configuration looked for QEMU, Python,
# GoogleTest or Google Benchmark (their cache entries).
#
#   cmake -DSOURCE=<checkout> -DBINARY=<build dir> -DGENERATOR=<generator>
#         -DCPU=<cortex-m7> -DFPU=<fpv5-d16> [-DLAUNCHER=ccache] -P library_only.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${BINARY}")
set(launcher "")
if(LAUNCHER)
  set(launcher -DCMAKE_C_COMPILER_LAUNCHER=${LAUNCHER} -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -G ${GENERATOR}
                        -DCMAKE_TOOLCHAIN_FILE=${SOURCE}/cmake/arm-none-eabi.cmake
                        -DCIRCLET_MCU_CPU=${CPU} -DCIRCLET_MCU_FPU=${FPU}
                        -DCIRCLET_BUILD_TARGETS=OFF ${launcher}
                        # -O0: what is tested is that it configures and compiles
                        # (warnings as errors), not the code (CI time).
                        -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG=-O0
                        -DCMAKE_CXX_FLAGS_DEBUG=-O0
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure failed")
endif()
file(STRINGS ${BINARY}/CMakeCache.txt looked REGEX "^(CIRCLET_QEMU|Python3_EXECUTABLE|GTest_DIR|benchmark_DIR|CIRCLET_HOST_CC)[:=]")
if(looked)
  message(FATAL_ERROR "the library-only cross build looked for: ${looked}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY} -j 2 --target circlet
                        circlet_port_qemu_mps2 circlet_port_cortex_m
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "build failed")
endif()
message(STATUS "library-only cross build: libcirclet.a and the port libraries, "
               "without QEMU, Python or GoogleTest")
