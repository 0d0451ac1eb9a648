// SPDX-License-Identifier: Apache-2.0
// Custom operators: the "Clip" example (examples/custom_op/) registered by
// its custom code and run through Model + Interpreter, options read from a
// FlexBuffer; and the error for a CUSTOM opcode no kernel is registered for.
#include <flatbuffers/flexbuffers.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "examples/custom_op/clip_op.h"
#include "kernels/custom_options.h"
#include "runtime/op_context.h"
#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;

// A FlexBuffer map {"hi": hi, "lo": lo}, as the TFLite converter writes a
// custom op's attributes.
std::vector<uint8_t> LoHi(float lo, float hi) {
  flexbuffers::Builder fbb;
  fbb.Map([&]() {
    fbb.Float("lo", lo);
    fbb.Float("hi", hi);
  });
  fbb.Finish();
  return fbb.GetBuffer();
}

// x -> Clip -> y, one tensor of 6 elements.
std::vector<uint8_t> ClipModel(DType type, const std::vector<uint8_t>& options,
                               const writer::Quant& q = writer::Quant(),
                               const std::string& code = "Clip") {
  ModelWriter mw;
  const int x = mw.AddTensor("x", type, {1, 6}, q);
  const int y = mw.AddTensor("y", type, {1, 6}, q);
  mw.AddCustomOperator(code, {x}, {y}, options);
  mw.SetInputs({x});
  mw.SetOutputs({y});
  return mw.Finish();
}

TEST(CustomOp, ClipFloatWithOptions) {
  const std::vector<float> x = {-3.0f, -0.5f, 0.0f, 0.25f, 2.0f, 7.5f};
  const auto r = test::RunModel(ClipModel(DType::kFloat32, LoHi(-0.5f, 2.0f)), {test::Bytes(x)},
                                1 << 16, &clip_example::ClipResolver());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  // min(max(x, -0.5), 2) by hand.
  EXPECT_EQ(test::As<float>(r.outputs[0]),
            (std::vector<float>{-0.5f, -0.5f, 0.0f, 0.25f, 2.0f, 2.0f}));
}

TEST(CustomOp, ClipFloatDefaultsWithoutOptions) {
  const std::vector<float> x = {-3.0f, -1.0f, -0.5f, 0.5f, 1.0f, 4.0f};
  const auto r = test::RunModel(ClipModel(DType::kFloat32, {}), {test::Bytes(x)}, 1 << 16,
                                &clip_example::ClipResolver());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]),
            (std::vector<float>{-1.0f, -1.0f, -0.5f, 0.5f, 1.0f, 1.0f}));
}

TEST(CustomOp, ClipInt8) {
  // scale 0.5, zero point -10: lo -2 -> q -14, hi 3 -> q -4.
  writer::Quant q;
  q.scales = {0.5f};
  q.zero_points = {-10};
  const std::vector<int8_t> x = {-128, -15, -14, -9, -4, 127};
  const auto r = test::RunModel(ClipModel(DType::kInt8, LoHi(-2.0f, 3.0f), q), {test::Bytes(x)},
                                1 << 16, &clip_example::ClipResolver());
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{-14, -14, -14, -9, -4, -4}));
}

TEST(CustomOp, ClipRefusesBadOptions) {
  // lo > hi: refused by the kernel's prepare, naming the op.
  auto r =
      test::RunModel(ClipModel(DType::kFloat32, LoHi(2.0f, 1.0f)),
                     {test::Bytes(std::vector<float>(6))}, 1 << 16, &clip_example::ClipResolver());
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidModel);
  EXPECT_STREQ(r.status.message(), "op 0 CUSTOM: Clip: option lo is greater than hi");
  // Bytes that are not a FlexBuffer.
  r = test::RunModel(ClipModel(DType::kFloat32, {1, 2, 3, 4, 5}),
                     {test::Bytes(std::vector<float>(6))}, 1 << 16, &clip_example::ClipResolver());
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidModel);
  EXPECT_STREQ(r.status.message(),
               "op 0 CUSTOM: custom options (5 bytes) are not a valid FlexBuffer map");
}

TEST(CustomOp, UnknownCustomCodeNamesIt) {
  // The Clip resolver has no "TFLite_Detection_PostProcess"; nor does a
  // builtin-only one (AllOpsResolver).
  ModelWriter mw;
  const int x = mw.AddTensor("x", DType::kFloat32, {1, 6});
  const int a = mw.AddTensor("a", DType::kFloat32, {1, 6});
  const int b = mw.AddTensor("b", DType::kFloat32, {1, 6});
  mw.AddCustomOperator("Clip", {x}, {a});
  mw.AddCustomOperator("TFLite_Detection_PostProcess", {a}, {b});
  mw.SetInputs({x});
  mw.SetOutputs({b});
  const std::vector<uint8_t> model = mw.Finish();
  auto r = test::RunModel(model, {test::Bytes(std::vector<float>(6))}, 1 << 16,
                          &clip_example::ClipResolver());
  EXPECT_EQ(r.status.code(), StatusCode::kUnsupported);
  EXPECT_STREQ(r.status.message(),
               "1 operator not registered or unsupported: CUSTOM 'TFLite_Detection_PostProcess' v1 "
               "(no kernel registered: CIRCLET_CUSTOM_KERNEL)");
  // Both missing from the builtin resolver, listed together.
  r = test::RunModel(model, {test::Bytes(std::vector<float>(6))});
  EXPECT_EQ(r.status.code(), StatusCode::kUnsupported);
  // A Status message holds 159 characters: a long list is cut (the list
  // itself at 119).
  const std::string list =
      "CUSTOM 'Clip' v1 (no kernel registered: CIRCLET_CUSTOM_KERNEL), CUSTOM "
      "'TFLite_Detection_PostProcess' v1 (no kernel registered: CIRCLET_CUSTOM_KERNEL)";
  EXPECT_EQ(std::string(r.status.message()),
            ("2 operators not registered or unsupported: " + list.substr(0, 119)).substr(0, 159));
}

// Custom code is matched exactly; the last kernel listed for a code wins.
Status FailPrepare(OpContext& ctx) {
  return ctx.Error(StatusCode::kUnsupported, "the second Clip");
}
CIRCLET_CUSTOM_KERNEL(kOtherClip, "Clip", FailPrepare, nullptr)
CIRCLET_CUSTOM_KERNEL(kLowerClip, "clip", FailPrepare, nullptr)
#define NO_BUILTINS(X)
CIRCLET_DEFINE_OP_RESOLVER_WITH_CUSTOM(kTwoClips, NO_BUILTINS, &clip_example::kClip.reg,
                                       &kOtherClip.reg, &kLowerClip.reg)

TEST(CustomOp, LastKernelForACodeWins) {
  const auto r = test::RunModel(ClipModel(DType::kFloat32, {}),
                                {test::Bytes(std::vector<float>(6))}, 1 << 16, &kTwoClips);
  EXPECT_STREQ(r.status.message(), "op 0 CUSTOM: the second Clip");
  const auto r2 = test::RunModel(ClipModel(DType::kFloat32, {}, {}, "CLIP"),
                                 {test::Bytes(std::vector<float>(6))}, 1 << 16, &kTwoClips);
  EXPECT_EQ(r2.status.code(), StatusCode::kUnsupported);
}

// The options helpers on their own: ints, floats, absent keys.
Status g_seen;
int64_t g_int = 0;
double g_float = 0, g_absent = 0;
Status ReadOptions(OpContext& ctx) {
  g_int = CustomOptionInt(ctx, "n", -1);
  g_float = CustomOptionFloat(ctx, "f", -1);
  g_absent = CustomOptionFloat(ctx, "missing", 42.0);
  return ctx.Error(StatusCode::kUnsupported, "read");
}
CIRCLET_CUSTOM_KERNEL(kReader, "Reader", ReadOptions, nullptr)
CIRCLET_DEFINE_OP_RESOLVER_WITH_CUSTOM(kReaderOps, NO_BUILTINS, &kReader.reg)

TEST(CustomOp, OptionHelpers) {
  flexbuffers::Builder fbb;
  fbb.Map([&]() {
    fbb.Int("n", 1234567);
    fbb.Double("f", 0.125);
  });
  fbb.Finish();
  const auto r = test::RunModel(ClipModel(DType::kFloat32, fbb.GetBuffer(), {}, "Reader"),
                                {test::Bytes(std::vector<float>(6))}, 1 << 16, &kReaderOps);
  EXPECT_STREQ(r.status.message(), "op 0 CUSTOM: read");
  EXPECT_EQ(g_int, 1234567);
  EXPECT_EQ(g_float, 0.125);
  EXPECT_EQ(g_absent, 42.0);
}

// A kernel whose prepare chooses its eval (OpContext::SetEval): "Negate"
// registers an eval that fails; its prepare replaces it with one that
// negates (float), reading the bytes with the inline eval accessors, or,
// with option "none" set, with nothing to run.
Status FailEval(OpContext& ctx) {
  return ctx.Error(StatusCode::kBadState, "the registered eval ran");
}
Status NegateEval(OpContext& ctx) {
  const auto* x = static_cast<const float*>(ctx.eval_input_data(0));
  auto* y = static_cast<float*>(ctx.eval_output_data(0));
  EXPECT_EQ(ctx.eval_optional_input_data(1), nullptr);  // past the op's inputs
  for (int i = 0; i < 6; ++i) y[i] = -x[i];
  return Status::Ok();
}
Status ChooseEval(OpContext& ctx) {
  ctx.SetEval(CustomOptionInt(ctx, "none", 0) != 0 ? nullptr : NegateEval);
  return Status::Ok();
}
CIRCLET_CUSTOM_KERNEL(kNegate, "Negate", ChooseEval, FailEval)
CIRCLET_DEFINE_OP_RESOLVER_WITH_CUSTOM(kNegateOps, NO_BUILTINS, &kNegate.reg)

TEST(CustomOp, PrepareChoosesTheEval) {
  const std::vector<float> x = {-3.0f, -0.5f, 0.0f, 0.25f, 2.0f, 7.5f};
  const auto r = test::RunModel(ClipModel(DType::kFloat32, {}, {}, "Negate"), {test::Bytes(x)},
                                1 << 16, &kNegateOps);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]),
            (std::vector<float>{3.0f, 0.5f, -0.0f, -0.25f, -2.0f, -7.5f}));
  flexbuffers::Builder fbb;
  fbb.Map([&]() { fbb.Int("none", 1); });
  fbb.Finish();
  const auto n = test::RunModel(ClipModel(DType::kFloat32, fbb.GetBuffer(), {}, "Negate"),
                                {test::Bytes(x)}, 1 << 16, &kNegateOps);
  EXPECT_TRUE(n.status.ok()) << n.status.message();  // nothing ran, nothing failed
}

}  // namespace
}  // namespace circlet
