// SPDX-License-Identifier: Apache-2.0
// FULLY_CONNECTED int8 with per-channel weight scales (one per unit): the
// multipliers are recomputed at every eval, nothing per unit is kept in
// persistent memory. Expected values: the real-valued result rounded to
// nearest (cases asserted away from rounding ties), batches > 1 so a unit's
// multiplier serves several rows.
#include <gtest/gtest.h>

#include "tests/kernels/conv_test_util.h"

namespace circlet {
namespace {

struct FcCase {
  int batches, depth, units;
  int act;
  float in_scale;
  int in_zp;
  std::vector<float> w_scales;
  float out_scale;
  int out_zp;
  uint32_t seed;
};

// Persistent op data allowed: one small struct (per-channel FcChannelData:
// 12 B of FcData, the scales' pointer, two scales and the count: 32 B with
// 4-byte pointers, 40 B with 8-byte ones); with
// CIRCLET_PERSISTENT_CHANNEL_PARAMS also a pointer and 5 bytes per unit
// (rounded to the 8-byte persistent alignment).
size_t OpDataLimit(int units) {
  const size_t base = sizeof(void*) == 8 ? 40 : 32;
  if (!CIRCLET_PERSISTENT_CHANNEL_PARAMS) return base;
  return base + 8 + (static_cast<size_t>(units) * 5 + 7) / 8 * 8;
}

test::Int8Stats RunFc(const FcCase& c, size_t* op_data_bytes) {
  test::Rng rng(c.seed);
  std::vector<int8_t> x(static_cast<size_t>(c.batches) * c.depth);
  for (int8_t& v : x) v = static_cast<int8_t>(rng.Int(-128, 127));
  std::vector<int8_t> w(static_cast<size_t>(c.units) * c.depth);
  for (int8_t& v : w) v = static_cast<int8_t>(rng.Int(-127, 127));
  std::vector<double> eff(c.units);
  std::vector<int32_t> b(c.units);
  for (int o = 0; o < c.units; ++o) {
    eff[o] = static_cast<double>(c.in_scale) * c.w_scales[o] / c.out_scale;
    b[o] = static_cast<int32_t>(std::lround(rng.Int(-40, 40) / eff[o]));
  }
  writer::ModelWriter mw;
  const int xi =
      mw.AddTensor("x", DType::kInt8, {c.batches, c.depth}, writer::PerTensor(c.in_scale, c.in_zp));
  writer::Quant wq{c.w_scales, std::vector<int64_t>(c.units, 0), 0};
  const int wi = mw.AddConstant<int8_t>("w", DType::kInt8, {c.units, c.depth}, w, wq);
  const int bi = mw.AddConstant<int32_t>("b", DType::kInt32, {c.units}, b);
  const int yi = mw.AddTensor("y", DType::kInt8, {c.batches, c.units},
                              writer::PerTensor(c.out_scale, c.out_zp));
  mw.AddOperator(9, {xi, wi, bi}, {yi}, writer::FullyConnectedOptions(c.act), 4);
  mw.SetInputs({xi});
  mw.SetOutputs({yi});
  test::Int8Stats st;
  auto r = test::RunModel(mw.Finish(), {test::Bytes(x)});
  EXPECT_TRUE(r.status.ok()) << r.status.message();
  if (!r.status.ok()) return st;
  *op_data_bytes = r.report.op_data_bytes;
  auto got = test::As<int8_t>(r.outputs[0]);
  int lo, hi;
  test::Int8Range(c.act, c.out_scale, c.out_zp, &lo, &hi);
  for (int n = 0; n < c.batches; ++n) {
    for (int o = 0; o < c.units; ++o) {
      double sum = b[o];
      for (int i = 0; i < c.depth; ++i) {
        sum += (x[n * c.depth + i] - c.in_zp) * static_cast<double>(w[o * c.depth + i]);
      }
      bool saturated = false;
      const int want = test::ExpectedInt8(sum * eff[o], eff[o], c.out_zp, lo, hi, &saturated);
      if (want == lo) {
        ++st.low;
      } else if (want == hi) {
        ++st.high;
      } else {
        ++st.inside;
      }
      EXPECT_EQ(static_cast<int>(got[n * c.units + o]), want) << "batch " << n << " unit " << o;
    }
  }
  return st;
}

TEST(FullyConnectedPerChannel, Int8ScalesAcrossMagnitudesBatch3) {
  FcCase c{3, 11, 6, 0, 0.0371f, -7, {}, 0.093f, 4, 321};
  // Scales from 2^-22 to 2^-3: shifts from about -22 to -4.
  c.w_scales = {std::ldexp(1.13f, -22), std::ldexp(1.71f, -15), std::ldexp(1.07f, -10),
                std::ldexp(1.93f, -7),  std::ldexp(1.29f, -5),  std::ldexp(1.51f, -3)};
  size_t op_data = 0;
  auto st = RunFc(c, &op_data);
  EXPECT_GT(st.inside, 10);
  // Persistent op data: one small struct, nothing per unit (by default).
  EXPECT_LE(op_data, OpDataLimit(c.units));
}

TEST(FullyConnectedPerChannel, Int8Relu6ManyUnits) {
  FcCase c{2, 5, 40, 3, 0.25f, 3, {}, 0.05f, -100, 99};
  for (int o = 0; o < c.units; ++o) c.w_scales.push_back(0.0001f + 0.00005f * o);
  size_t op_data = 0;
  auto st = RunFc(c, &op_data);
  EXPECT_GT(st.low, 0);
  EXPECT_GT(st.high, 0);
  EXPECT_GT(st.inside, 10);
  EXPECT_LE(op_data, OpDataLimit(c.units));
}

}  // namespace
}  // namespace circlet
