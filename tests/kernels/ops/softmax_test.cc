// SPDX-License-Identifier: Apache-2.0
// SOFTMAX int16 (16x8, TFLite's SoftmaxInt16 with its exp and 1/(1+x)
// tables): outputs compared with a plain double computation, softmax * 32768
// rounded; the tables' interpolation keeps them within 2 LSB. (float32 and
// int8 are tested in tests/kernels/softmax_test.cc.)
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

// Softmax of q * scale * beta along rows of `depth`, times 32768, rounded.
std::vector<int> Expected(const std::vector<int16_t>& q, int depth, double scale, double beta) {
  std::vector<int> out(q.size());
  for (size_t r = 0; r < q.size(); r += depth) {
    double max = -1e300, sum = 0;
    for (int c = 0; c < depth; ++c) max = std::fmax(max, q[r + c] * scale * beta);
    for (int c = 0; c < depth; ++c) sum += std::exp(q[r + c] * scale * beta - max);
    for (int c = 0; c < depth; ++c) {
      out[r + c] =
          static_cast<int>(std::lround(std::exp(q[r + c] * scale * beta - max) / sum * 32768));
    }
  }
  return out;
}

void ExpectNear(const std::vector<int16_t>& got, const std::vector<int>& want, int tolerance) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], tolerance) << "element " << i;
  }
}

TEST(SoftmaxOp, Int16UniformRows) {
  // Equal values: 1/2 and 1/4 of 32768.
  OpTest t(opcode::SOFTMAX, writer::SoftmaxOptions(1.0f), 2);
  t.Input<int16_t>({3, 2}, {0, 0, 100, 100, -32768, -32768}, writer::PerTensor(0.001f, 0));
  t.Output<int16_t>({3, 2}, writer::PerTensor(1.0f / 32768, 0));
  ASSERT_EQ(t.Run(), "");
  ExpectNear(t.Out<int16_t>(0), {16384, 16384, 16384, 16384, 16384, 16384}, 1);

  OpTest f(opcode::SOFTMAX, writer::SoftmaxOptions(1.0f), 2);
  f.Input<int16_t>({1, 4}, {7, 7, 7, 7}, writer::PerTensor(0.001f, 0));
  f.Output<int16_t>({1, 4}, writer::PerTensor(1.0f / 32768, 0));
  ASSERT_EQ(f.Run(), "");
  ExpectNear(f.Out<int16_t>(0), {8192, 8192, 8192, 8192}, 1);
}

TEST(SoftmaxOp, Int16WithinTwoLsbOfReal) {
  // Real inputs 0, 1, 2, -3 (scale 1/1024) with beta 1 and 0.5; a row
  // spanning more than 10 (exp(-10) and below count as 0).
  const std::vector<int16_t> q = {0, 1024, 2048, -3072, 0, 512, -12000, 1500};
  for (float beta : {1.0f, 0.5f}) {
    OpTest t(opcode::SOFTMAX, writer::SoftmaxOptions(beta), 2);
    t.Input<int16_t>({2, 4}, q, writer::PerTensor(1.0f / 1024, 0));
    t.Output<int16_t>({2, 4}, writer::PerTensor(1.0f / 32768, 0));
    ASSERT_EQ(t.Run(), "");
    ExpectNear(t.Out<int16_t>(0), Expected(q, 4, 1.0 / 1024, beta), 2);
  }
}

TEST(SoftmaxOp, Int16OutputQuantizationIsFixed) {
  OpTest t(opcode::SOFTMAX, writer::SoftmaxOptions(1.0f), 2);
  t.Input<int16_t>({2}, {1, 2}, writer::PerTensor(0.01f, 0));
  t.Output<int16_t>({2}, writer::PerTensor(1.0f / 65536, 0));
  EXPECT_EQ(t.Run(),
            "op 0 SOFTMAX: int16 output (tensor 1) must have scale 1/32768 and zero point 0");
}

}  // namespace
}  // namespace circlet
