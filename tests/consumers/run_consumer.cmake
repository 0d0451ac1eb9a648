# SPDX-License-Identifier: Apache-2.0
# Builds and runs one consumer project (tests/consumers/<name>) from scratch:
#
#   cmake -DSOURCE=<project> -DBINARY=<build dir> -DGENERATOR=<generator>
#         [-DARGS=a|b|...] [-DINSTALL_FROM=<circlet build> -DINSTALL_PREFIX=<dir>]
#         [-DRUN_PREFIX=qemu|args|...] -DPROGRAM=<file in BINARY>
#         -DNAME=<consumer name> -DGOLDEN=<output0.bin> -P run_consumer.cmake
#
# Removes BINARY (and INSTALL_PREFIX), installs INSTALL_FROM into
# INSTALL_PREFIX when given, configures SOURCE with ARGS ('|'-separated),
# builds it, runs PROGRAM (after RUN_PREFIX: an emulator) and checks that
# it exits 0, printed "RESULT PASS" and the output line with the golden
# bytes of GOLDEN (int8): "consumer NAME: output v0 v1 ...".
cmake_minimum_required(VERSION 3.25)
foreach(v SOURCE BINARY GENERATOR PROGRAM NAME GOLDEN)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run_consumer.cmake: -D${v}=... missing")
  endif()
endforeach()

function(step what)
  message(STATUS "consumer ${NAME}: ${what}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer ${NAME}: ${what} failed (${rc})")
  endif()
endfunction()

file(REMOVE_RECURSE "${BINARY}")
if(DEFINED INSTALL_FROM)
  file(REMOVE_RECURSE "${INSTALL_PREFIX}")
  step("install ${INSTALL_FROM} into ${INSTALL_PREFIX}"
       ${CMAKE_COMMAND} --install ${INSTALL_FROM} --prefix ${INSTALL_PREFIX})
endif()
string(REPLACE "|" ";" args "${ARGS}")
step("configure" ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -G ${GENERATOR} ${args})
step("build" ${CMAKE_COMMAND} --build ${BINARY} -j 2)

string(REPLACE "|" ";" prefix "${RUN_PREFIX}")
execute_process(COMMAND ${prefix} ${BINARY}/${PROGRAM} RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
set(out "${out}${err}")  # QEMU's semihosting console is its stderr
message("${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer ${NAME}: ${PROGRAM} exited with ${rc}")
endif()
if(NOT out MATCHES "RESULT PASS")
  message(FATAL_ERROR "consumer ${NAME}: no RESULT PASS line")
endif()

# The expected output line, from the golden bytes (int8).
file(READ "${GOLDEN}" hex HEX)
string(LENGTH "${hex}" n)
set(expected "consumer ${NAME}: output")
set(i 0)
while(i LESS n)
  string(SUBSTRING "${hex}" ${i} 2 byte)
  math(EXPR v "0x${byte}")
  if(v GREATER 127)
    math(EXPR v "${v} - 256")
  endif()
  string(APPEND expected " ${v}")
  math(EXPR i "${i} + 2")
endwhile()
string(FIND "${out}" "${expected}\n" at)
if(at LESS 0)
  message(FATAL_ERROR "consumer ${NAME}: expected the line '${expected}'")
endif()
message(STATUS "consumer ${NAME}: printed '${expected}' (golden ${GOLDEN})")
