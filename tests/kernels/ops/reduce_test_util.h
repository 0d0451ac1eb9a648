// SPDX-License-Identifier: Apache-2.0
// Test-side scaffolding of the reductions (MEAN, SUM, REDUCE_MAX,
// REDUCE_MIN, REDUCE_PROD, REDUCE_ALL, REDUCE_ANY): their ReducerOptions.
#ifndef CIRCLET_TESTS_KERNELS_OPS_REDUCE_TEST_UTIL_H_
#define CIRCLET_TESTS_KERNELS_OPS_REDUCE_TEST_UTIL_H_

#include "tests/kernels/op_test.h"

namespace circlet {
namespace test {

// ReducerOptions with keep_dims.
inline writer::Options Reducer(bool keep_dims) {
  return Opt(fb::BuiltinOptions_ReducerOptions,
             [keep_dims](auto& b) { return fb::CreateReducerOptions(b, keep_dims).Union(); });
}

}  // namespace test
}  // namespace circlet

#endif  // CIRCLET_TESTS_KERNELS_OPS_REDUCE_TEST_UTIL_H_
