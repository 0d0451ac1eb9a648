# SPDX-License-Identifier: Apache-2.0
# CMake toolchain file: bare-metal Cortex-M with Debian's gcc-arm-none-eabi 12
# and newlib (newlib-nano). The CPU is chosen by cache variables, set by the
# m7 / m4 presets in CMakePresets.json:
#
#   CIRCLET_MCU_CPU    cortex-m7 | cortex-m4
#   CIRCLET_MCU_FPU    fpv5-d16  | fpv4-sp-d16
#   CIRCLET_MCU_TARGET the QEMU board the tests run on (targets/<name>/)
#
# Flags: -O2 by default (Release; Debug is -Og -g), -fno-exceptions -fno-rtti
# for C++, every function and object in its own section and --gc-sections at
# link, so only what a firmware references ends up in flash.
#
# The flatbuffers headers come from a directory holding only a link to
# /usr/include/flatbuffers (made here, in the build directory), never from
# /usr/include itself: the host C library headers must not leak in.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-ar)
set(CMAKE_RANLIB arm-none-eabi-ranlib)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "objcopy")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "size")
set(CMAKE_NM arm-none-eabi-nm CACHE FILEPATH "nm")

# try_compile cannot link without a linker script.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Programs (flatc, python3, qemu) come from the host; libraries and headers
# never do.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

set(CIRCLET_MCU_CPU "cortex-m7" CACHE STRING "-mcpu of the target")
set(CIRCLET_MCU_FPU "fpv5-d16" CACHE STRING "-mfpu of the target")
set(CIRCLET_MCU_TARGET "qemu-mps2-an500" CACHE STRING "QEMU board (targets/<name>) for tests")

set(_circlet_cpu_flags
    "-mcpu=${CIRCLET_MCU_CPU} -mthumb -mfpu=${CIRCLET_MCU_FPU} -mfloat-abi=hard")
set(_circlet_common "${_circlet_cpu_flags} -ffunction-sections -fdata-sections")
set(CMAKE_C_FLAGS_INIT "${_circlet_common}")
set(CMAKE_CXX_FLAGS_INIT
    "${_circlet_common} -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
set(CMAKE_ASM_FLAGS_INIT "${_circlet_cpu_flags}")
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "${_circlet_cpu_flags} --specs=nano.specs -nostartfiles -Wl,--gc-sections")

set(CMAKE_C_FLAGS_RELEASE_INIT "-O2 -DNDEBUG")
set(CMAKE_CXX_FLAGS_RELEASE_INIT "-O2 -DNDEBUG")
set(CMAKE_C_FLAGS_DEBUG_INIT "-Og -g")
set(CMAKE_CXX_FLAGS_DEBUG_INIT "-Og -g")
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()

# flatbuffers/ alone, linked into the build directory.
if(NOT CIRCLET_FLATBUFFERS_INCLUDE AND NOT CMAKE_IN_TRY_COMPILE)
  set(_fb_dir "${CMAKE_BINARY_DIR}/flatbuffers-include")
  if(NOT EXISTS "${_fb_dir}/flatbuffers")
    file(MAKE_DIRECTORY "${_fb_dir}")
    file(CREATE_LINK /usr/include/flatbuffers "${_fb_dir}/flatbuffers" SYMBOLIC)
  endif()
  set(CIRCLET_FLATBUFFERS_INCLUDE "${_fb_dir}" CACHE PATH "directory holding only flatbuffers/")
endif()
