// SPDX-License-Identifier: Apache-2.0
// Where circlet's code goes: prepare-time code is compiled for size, the
// invoke path for speed.
//
// Code that runs once, before Invoke() (model verification, kernel
// resolution, lifetimes and the arena plan, op prepare, error formatting)
// costs flash, not time: it is optimized for size. Code that runs in every
// Invoke() keeps the build's optimization level (-O2) where its time goes:
// on the microcontroller that is the optimized routines that carry the MACs
// (CIRCLET_SPEED_SOURCES in CMakeLists.txt: conv, depthwise, fully connected,
// add); everything else there (the op loop, accessors, each op's per-invoke
// set-up, the reference kernels, softmax and pooling) is compiled -Os, which
// costs well under 1% of the instructions of an inference (docs/performance.md).
// Two mechanisms, one rule:
//
//   - whole files get -Os from CMakeLists.txt: prepare-time files everywhere
//     (CIRCLET_PREPARE_SOURCES), all but CIRCLET_SPEED_SOURCES on the
//     microcontroller;
//   - a prepare-time function in a file whose other functions run at
//     invoke (a kernel's Prepare beside its Eval, OpContext's prepare
//     helpers, a routine's scratch size) is marked CIRCLET_COLD: GCC and
//     clang optimize it for size even in an -O2 file (the host's kernels,
//     the microcontroller's CIRCLET_SPEED_SOURCES), place it in
//     .text.unlikely and treat paths that call it as unlikely. It is never
//     inlined: the check helpers every prepare calls (kernels/kernel_util.h)
//     exist once, not once per operator.
//
// CIRCLET_FALLBACK marks a reference loop that an op runs only when its
// optimized routine (kernels/arm/) does not apply to the op's parameters:
// cold on builds without the run-time kernel switch (firmware, see
// kernels/optimized.h), where it almost never runs; a normal function where
// `circlet bench --ref` times it against the optimized kernels.
#ifndef CIRCLET_BASE_CODE_SIZE_H_
#define CIRCLET_BASE_CODE_SIZE_H_

// CIRCLET_ONE_COPY: a header helper that runs once per op, out of line and
// (GCC) not cloned per file (IPA-SRA clones are local), so every kernel
// shares one copy.
#if defined(__clang__)
#define CIRCLET_COLD __attribute__((cold, noinline))
#define CIRCLET_ONE_COPY __attribute__((noinline))
#elif defined(__GNUC__)
#define CIRCLET_COLD __attribute__((cold, noinline, noclone))
#define CIRCLET_ONE_COPY __attribute__((noinline, noclone))
#else
#define CIRCLET_COLD
#define CIRCLET_ONE_COPY
#endif

// CIRCLET_SPEED: the loops of a kernel that has no optimized routine for the
// types it runs (float32 everywhere; int16; MUL, CONCATENATION, QUANTIZE,
// ...) sit in kernels/ref/, which the microcontroller compiles -Os: these
// functions keep -O2 there (GCC's optimize attribute, only in files compiled
// for size; elsewhere the file's level already applies).
#if defined(__GNUC__) && !defined(__clang__) && defined(__OPTIMIZE_SIZE__)
#define CIRCLET_SPEED __attribute__((optimize("O2")))
#else
#define CIRCLET_SPEED
#endif

// CIRCLET_INLINE: a helper of a few instructions that the loops call per
// row or per pixel (kernels/conv_util.h's tap ranges, RowRing::Row):
// always inlined. GCC's inliner, working with the -Os budgets of the file
// around a CIRCLET_SPEED loop, may otherwise keep it out of line, and
// whether it does changes with unrelated code in the same file (measured:
// the float convolutions of magic_wand took 1.5x the instructions with
// these calls out of line).
#if defined(__GNUC__) || defined(__clang__)
#define CIRCLET_INLINE __attribute__((always_inline)) inline
#else
#define CIRCLET_INLINE inline
#endif

#if CIRCLET_KERNEL_SWITCH || !(defined(__GNUC__) || defined(__clang__))
#define CIRCLET_FALLBACK
#else
#define CIRCLET_FALLBACK __attribute__((cold, noinline))
#endif

#endif  // CIRCLET_BASE_CODE_SIZE_H_
