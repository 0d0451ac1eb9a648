# SPDX-License-Identifier: Apache-2.0
# hello_world on the emulated Cortex-M7 (m7 preset only; included by
# targets/CMakeLists.txt). The int8 sine model is made by the host build
# (make_sine_models), so the firmware reads it from CIRCLET_HOST_BUILD and is
# built on demand (EXCLUDE_FROM_ALL): `make demo` and the test below build it
# after the host build, through examples/hello_world/m7_demo.py.
#
#   hello_world_m7.elf            the firmware (sine_m7.cc + the model in .model)
#   test hello_world_m7_matches_host
#                                 every int8 input's output byte on the M7 equals
#                                 the host's (hello_world --int8-sweep)
#   hello_world_c_m7.elf          the same firmware written in C against the C API
#                                 (sine_m7_c.c, C99)
#   test hello_world_c_m7_matches_host
#                                 its 256 outputs equal the host's too
if(NOT CIRCLET_MCU_CPU STREQUAL "cortex-m7" OR NOT "qemu-mps2-an500" IN_LIST CIRCLET_TARGETS)
  return()
endif()
set(CIRCLET_HOST_BUILD ${PROJECT_SOURCE_DIR}/build/host CACHE PATH
    "Host build holding the hello_world demo and its generated sine models")
set(_hw_model ${CIRCLET_HOST_BUILD}/examples/hello_world/sine_int8.tflite)
add_executable(hello_world_m7 EXCLUDE_FROM_ALL ${PROJECT_SOURCE_DIR}/examples/hello_world/sine_m7.cc
               $<TARGET_OBJECTS:circlet_startup_qemu-mps2-an500>)
# The model in section .model (flash), as sine_model / sine_model_len.
circlet_embed_model(hello_world_m7 sine_model ${_hw_model} SECTION .model)
target_include_directories(hello_world_m7 PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_options(hello_world_m7 PRIVATE ${CIRCLET_WARNINGS})
target_link_libraries(hello_world_m7 PRIVATE circlet circlet_port_qemu_mps2)
target_link_options(hello_world_m7 PRIVATE -T${PROJECT_SOURCE_DIR}/targets/qemu-mps2-an500/target.ld
                    -L${PROJECT_SOURCE_DIR}/targets/common
                    -Wl,-Map=${CMAKE_CURRENT_BINARY_DIR}/hello_world_m7.map)
set_target_properties(hello_world_m7 PROPERTIES SUFFIX ".elf")

# The C firmware: the same model blob, the C API.
add_executable(hello_world_c_m7 EXCLUDE_FROM_ALL
               ${PROJECT_SOURCE_DIR}/examples/hello_world/sine_m7_c.c
               $<TARGET_OBJECTS:circlet_startup_qemu-mps2-an500>)
circlet_embed_model(hello_world_c_m7 sine_model ${_hw_model} SECTION .model)
set_target_properties(hello_world_c_m7 PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON
                      C_EXTENSIONS OFF SUFFIX ".elf" LINKER_LANGUAGE CXX)
target_include_directories(hello_world_c_m7 PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_options(hello_world_c_m7 PRIVATE ${CIRCLET_WARNINGS} -pedantic)
target_link_libraries(hello_world_c_m7 PRIVATE circlet circlet_port_qemu_mps2)
target_link_options(hello_world_c_m7 PRIVATE
                    -T${PROJECT_SOURCE_DIR}/targets/qemu-mps2-an500/target.ld
                    -L${PROJECT_SOURCE_DIR}/targets/common
                    -Wl,-Map=${CMAKE_CURRENT_BINARY_DIR}/hello_world_c_m7.map)

add_test(NAME hello_world_m7_matches_host
  COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/examples/hello_world/m7_demo.py --check
          --m7-build ${PROJECT_BINARY_DIR} --host-build ${CIRCLET_HOST_BUILD}
          --qemu ${CIRCLET_QEMU} --size ${CMAKE_SIZE})
set_tests_properties(hello_world_m7_matches_host PROPERTIES
  SKIP_RETURN_CODE 77 RESOURCE_LOCK cmake_build TIMEOUT 300 LABELS mcu)
add_test(NAME hello_world_c_m7_matches_host
  COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/examples/hello_world/m7_demo.py --check
          --firmware hello_world_c_m7 --m7-build ${PROJECT_BINARY_DIR}
          --host-build ${CIRCLET_HOST_BUILD} --qemu ${CIRCLET_QEMU} --size ${CMAKE_SIZE})
set_tests_properties(hello_world_c_m7_matches_host PROPERTIES
  SKIP_RETURN_CODE 77 RESOURCE_LOCK cmake_build TIMEOUT 300 LABELS mcu)
