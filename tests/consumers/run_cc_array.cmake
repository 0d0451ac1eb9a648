# SPDX-License-Identifier: Apache-2.0
# Consumer test (5), a build without CMake: `circlet cc-array` writes the
# model as a header, plain compiler commands build tests/consumers/cc_array
# against include/ and libcirclet.a, and the program runs it.
#
#   cmake -DCIRCLET=<circlet CLI> -DMODEL_DIR=<dir of own_fc_int8>
#         -DBINARY=<work dir> -DSOURCE=<tests/consumers/cc_array>
#         -DCC=<c compiler> -DCXX=<c++ compiler> -DINCLUDE=<include/>
#         -DLIBRARY=<libcirclet.a> [-DMODE=reject] -P run_cc_array.cmake
#
# Three builds: the header compiled as C++ (alignas), as C11 (_Alignas) and
# as C99 (__attribute__((aligned))); each program checks the array's
# alignment, length and bytes against the file and runs the model.
# MODE=reject: cc-array on a truncated model must fail with a message and
# write nothing.
cmake_minimum_required(VERSION 3.25)
set(model ${MODEL_DIR}/model.tflite)
file(REMOVE_RECURSE "${BINARY}")
file(MAKE_DIRECTORY "${BINARY}")

if(MODE STREQUAL "reject")
  execute_process(COMMAND head -c 200 ${model} OUTPUT_FILE ${BINARY}/truncated.tflite
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cannot write ${BINARY}/truncated.tflite")
  endif()
  execute_process(COMMAND ${CIRCLET} cc-array ${BINARY}/truncated.tflite -o ${BINARY}/bad.h
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message("${out}${err}")
  if(NOT rc EQUAL 1 OR NOT err MATCHES "^circlet: .*truncated.tflite: .*no array written\\)\n$")
    message(FATAL_ERROR "cc-array on a truncated model: expected exit 1 and one error line, "
                        "got ${rc}")
  endif()
  if(EXISTS ${BINARY}/bad.h)
    message(FATAL_ERROR "cc-array wrote ${BINARY}/bad.h for a bad model")
  endif()
  return()
endif()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message("${out}")
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${cmd}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run(${CIRCLET} cc-array ${model} -o ${BINARY}/consumer_model.h --name consumer_model)
set(warn -Wall -Wextra -Werror)
foreach(variant cxx c11 c99)
  set(def "")
  set(cstd -std=c11)
  if(NOT variant STREQUAL "cxx")
    set(def -DHEADER_IN_C)
    set(cstd -std=${variant})
  endif()
  message(STATUS "cc-array header compiled as ${variant}")
  set(o ${BINARY}/${variant})
  run(${CC} ${cstd} ${warn} -pedantic ${def} -I${BINARY} -c ${SOURCE}/check_c.c -o ${o}_c.o)
  run(${CXX} -std=c++17 ${warn} ${def} -I${INCLUDE} -I${BINARY} -c ${SOURCE}/main.cc
      -o ${o}_main.o)
  run(${CXX} ${o}_main.o ${o}_c.o ${LIBRARY} -o ${o}_cc_array)
  run(${o}_cc_array ${model} ${MODEL_DIR}/input0.bin ${MODEL_DIR}/output0.bin)
  if(NOT out MATCHES "RESULT PASS")
    message(FATAL_ERROR "${variant}: no RESULT PASS")
  endif()
endforeach()
