// SPDX-License-Identifier: Apache-2.0
// ADD and MUL in place: when input 1 dies at the op, the output is written
// over it. The bytes must equal the out-of-place run (input 1 kept alive as a
// graph output) and a plain reference computed here.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>

#include "tests/harness.h"

namespace circlet {
namespace {

struct BinaryRun {
  std::vector<uint8_t> out;
  bool in_place = false;
  size_t inplace_ops = 0;
};

BinaryRun RunBinary(int32_t code, DType type, bool keep_input_alive, const std::vector<uint8_t>& a,
                    const std::vector<uint8_t>& b) {
  writer::ModelWriter mw;
  const writer::Quant qa = writer::PerTensor(0.05f, 3), qb = writer::PerTensor(0.1f, -7),
                      qo = writer::PerTensor(0.08f, 1);
  const bool q = type != DType::kFloat32;
  int x = mw.AddTensor("a", type, {2, 3, 4, 5}, q ? qa : writer::Quant());
  int y = mw.AddTensor("b", type, {1, 1, 4, 5}, q ? qb : writer::Quant());
  int z = mw.AddTensor("c", type, {2, 3, 4, 5}, q ? qo : writer::Quant());
  mw.AddOperator(code, {x, y}, {z}, code == 0 ? writer::AddOptions(0) : writer::MulOptions(0),
                 q ? 2 : 1);
  mw.SetInputs({x, y});
  if (keep_input_alive) {
    mw.SetOutputs({z, x});
  } else {
    mw.SetOutputs({z});
  }
  auto bytes = mw.Finish();
  Model m;
  EXPECT_TRUE(Model::Create(bytes.data(), bytes.size(), &m).ok());
  std::unique_ptr<uint64_t[]> arena(new uint64_t[8192]);
  Interpreter interp(m, AllOpsResolver(), reinterpret_cast<uint8_t*>(arena.get()), 65536);
  EXPECT_TRUE(interp.Prepare().ok());
  std::memcpy(interp.input(0).data, a.data(), a.size());
  std::memcpy(interp.input(1).data, b.data(), b.size());
  BinaryRun r;
  r.in_place = interp.tensor(z).data == interp.tensor(x).data;
  r.inplace_ops = interp.report().inplace_ops;
  EXPECT_TRUE(interp.Invoke().ok());
  const auto* p = static_cast<const uint8_t*>(interp.output(0).data);
  r.out.assign(p, p + interp.output(0).bytes());
  return r;
}

TEST(ElementwiseInPlace, AddAndMulMatchOutOfPlaceAndReference) {
  std::mt19937 rng(7);
  for (int32_t code : {0, 18}) {
    for (DType type : {DType::kFloat32, DType::kInt8}) {
      const size_t es = type == DType::kFloat32 ? 4 : 1;
      std::vector<uint8_t> a(120 * es), b(20 * es);
      if (type == DType::kFloat32) {
        for (size_t i = 0; i < 120; ++i) {
          float v = static_cast<float>(static_cast<int>(rng() % 200) - 100) / 8;
          std::memcpy(&a[i * 4], &v, 4);
        }
        for (size_t i = 0; i < 20; ++i) {
          float v = static_cast<float>(static_cast<int>(rng() % 200) - 100) / 16;
          std::memcpy(&b[i * 4], &v, 4);
        }
      } else {
        for (auto& v : a) v = static_cast<uint8_t>(rng());
        for (auto& v : b) v = static_cast<uint8_t>(rng());
      }
      BinaryRun in_place = RunBinary(code, type, false, a, b);
      BinaryRun out_of_place = RunBinary(code, type, true, a, b);
      EXPECT_TRUE(in_place.in_place) << code;
      EXPECT_EQ(in_place.inplace_ops, 1u);
      EXPECT_FALSE(out_of_place.in_place);
      EXPECT_EQ(out_of_place.inplace_ops, 0u);
      EXPECT_EQ(in_place.out, out_of_place.out) << "op " << code;
      if (type == DType::kFloat32) {
        // Independent reference: exact in float for these dyadic values.
        for (size_t i = 0; i < 120; ++i) {
          float x, y, got;
          std::memcpy(&x, &a[i * 4], 4);
          std::memcpy(&y, &b[(i % 20) * 4], 4);
          std::memcpy(&got, &in_place.out[i * 4], 4);
          EXPECT_EQ(got, code == 0 ? x + y : x * y) << i;
        }
      } else {
        // Real-valued reference, rounded. MUL's multiplier here is 2^-4,
        // applied as a halving then a rounding shift by 3 (TFLite's double
        // rounding), so results within 1/16 of a tie may round either way:
        // those elements are left to the out-of-place comparison above.
        for (size_t i = 0; i < 120; ++i) {
          const double x = 0.05 * (static_cast<int8_t>(a[i]) - 3);
          const double y = 0.1 * (static_cast<int8_t>(b[i % 20]) + 7);
          const double real = (code == 0 ? x + y : x * y) / 0.08 + 1;
          const double want = std::min(127.0, std::max(-128.0, std::round(real)));
          const int got = static_cast<int8_t>(in_place.out[i]);
          if (std::fabs(real - std::floor(real) - 0.5) > 0.07) {
            EXPECT_EQ(got, static_cast<int>(want)) << "op " << code << " element " << i;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace circlet
