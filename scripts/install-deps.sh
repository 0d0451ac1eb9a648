#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages circlet's build, tests and demo need.
# Idempotent and quiet when everything is present. Usage: install-deps.sh [host|all]
set -euo pipefail

host_pkgs=(cmake make g++ python3 flatbuffers-compiler libflatbuffers-dev
           libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev valgrind
           libfftw3-dev libstb-dev espeak-ng sox python3-skimage libsndfile1-dev
           nlohmann-json3-dev doxygen)
mcu_pkgs=(gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib
          qemu-system-arm)

want=("${host_pkgs[@]}")
if [ "${1:-all}" = "all" ]; then want+=("${mcu_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
