// SPDX-License-Identifier: Apache-2.0
// Test scaffolding shared by the spatial operators' tests: the options of
// the two resize operators and a one-row resize run.
#ifndef CIRCLET_TESTS_KERNELS_OPS_SPATIAL_TEST_UTIL_H_
#define CIRCLET_TESTS_KERNELS_OPS_SPATIAL_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace test {

// The options of RESIZE_BILINEAR or RESIZE_NEAREST_NEIGHBOR: `type` and its
// table builder `Builder`, both tables holding align_corners and
// half_pixel_centers.
template <typename Builder>
writer::Options ResizeOptions(fb::BuiltinOptions type, bool align_corners,
                              bool half_pixel_centers) {
  return Opt(type, [=](auto& b) {
    Builder o(b);
    o.add_align_corners(align_corners);
    o.add_half_pixel_centers(half_pixel_centers);
    return o.Finish().Union();
  });
}

// One row of `in` resized by the resize operator `code` to width `out_w`
// (height 1 stays 1), input and output with quantization `quant`. Returns
// the output row, empty on an error (in *error, "" on success).
template <typename T>
std::vector<T> RunResizeRow(int32_t code, writer::Options options, const std::vector<T>& in,
                            int32_t out_w, std::string* error,
                            const writer::Quant& quant = writer::Quant()) {
  OpTest t(code, std::move(options));
  t.Input<T>({1, 1, static_cast<int32_t>(in.size()), 1}, in, quant);
  t.Const<int32_t>({2}, {1, out_w});
  t.Output<T>({1, 1, out_w, 1}, quant);
  *error = t.Run();
  return error->empty() ? t.Out<T>(0) : std::vector<T>{};
}

}  // namespace test
}  // namespace circlet

#endif  // CIRCLET_TESTS_KERNELS_OPS_SPATIAL_TEST_UTIL_H_
