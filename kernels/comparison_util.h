// SPDX-License-Identifier: Apache-2.0
// What the six comparisons (EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS,
// LESS_EQUAL) and the two binary logical operators (LOGICAL_AND, LOGICAL_OR)
// share: out[o] = pred(in1[i], in2[j]) with numpy-style broadcasting up to
// rank 6 (kernels/broadcast_util.h), a bool output.
//
// int8 inputs are compared on a common scale as TFLite Micro's
// ComparisonsPrepare / reference ComparisonWithScaling do:
//   M_k = s_k quantized with QuantizeMultiplierSmallerThanOneExp (s_k < 1)
//   v_k = MultiplyByQuantizedMultiplierSmallerThanOneExp((q_k - zp_k) * 2^8, M_k)
//   out = pred(v_1, v_2)
// so two values equal in real terms compare equal up to the rounding of the
// multipliers, exactly as TFLite decides it. float32 compares with C++'s
// operators: any comparison with NaN is false, except NOT_EQUAL (true).
// int32, int64 and bool compare directly (bool only for EQUAL/NOT_EQUAL,
// which the operator table enforces).
//
// int16 follows the reference that has it. TFLite Micro has one int16
// comparison, GREATER, and rescales it exactly as int8 (its prepare computes
// the same parameters for int16): Int16::kScaled. TFLite's own kernels have
// EQUAL, GREATER_EQUAL and LESS for int16 and compare the raw int16 values,
// ignoring the quantization: Int16::kRaw. NOT_EQUAL and LESS_EQUAL take no
// int16 in either, and the operator table refuses it.
#ifndef CIRCLET_KERNELS_COMPARISON_UTIL_H_
#define CIRCLET_KERNELS_COMPARISON_UTIL_H_

#include <cstdint>

#include "kernels/broadcast_util.h"
#include "kernels/predicate_util.h"

namespace circlet {
namespace kernels {

struct ComparisonData {
  Broadcast bc;
  int32_t in1_offset, in2_offset;
  int32_t in1_multiplier, in2_multiplier;
  int32_t in1_shift, in2_shift;
};

// How an operator treats int16 inputs (see the header comment).
enum class Int16 { kNone, kRaw, kScaled };

// TFLite's left shift of both int8 (and rescaled int16) inputs.
constexpr int kComparisonLeftShift = 8;

// The multiplier of an int8 or int16 input's scale (must be in (0, 1), as TFLite's
// QuantizeMultiplierSmallerThanOneExp checks).
CIRCLET_COLD inline Status ComparisonMultiplier(const OpContext& ctx, const TensorView& t,
                                                const char* role, int32_t* multiplier,
                                                int32_t* shift) {
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, t, role));
  const float s = t.quant.scale();
  int e = 0;
  quant::QuantizeMultiplierSmallerThanOneExp(static_cast<double>(s), multiplier, &e);
  if (!(s > 0.0f && s < 1.0f) || e > 0) {
    return ctx.Error(StatusCode::kUnsupported,
                     "%s (tensor %d): %s comparison needs a scale in (0, 1)", role, t.index,
                     DTypeName(t.type));
  }
  *shift = e;
  return Status::Ok();
}

// Two inputs of one type (input 1's type admitted by the operator table), a
// bool output of the broadcast shape; for int8 (and int16 when kMode is
// Int16::kScaled) the offsets and multipliers.
template <Int16 kMode = Int16::kNone>
CIRCLET_COLD Status PrepareComparison(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(in2, in1.type, "input 2"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kBool, "output"));
  auto* d = ctx.AllocateOpData<ComparisonData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  int32_t dims[kMaxRank];
  int rank = 0;
  CIRCLET_RETURN_IF_ERROR(PrepareBroadcast(ctx, in1, in2, &d->bc, dims, &rank));
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  if (in1.type != DType::kInt8 && !(kMode == Int16::kScaled && in1.type == DType::kInt16)) {
    return Status::Ok();
  }
  CIRCLET_RETURN_IF_ERROR(
      ComparisonMultiplier(ctx, in1, "input 1", &d->in1_multiplier, &d->in1_shift));
  CIRCLET_RETURN_IF_ERROR(
      ComparisonMultiplier(ctx, in2, "input 2", &d->in2_multiplier, &d->in2_shift));
  d->in1_offset = -in1.quant.zero_point();
  d->in2_offset = -in2.quant.zero_point();
  return Status::Ok();
}

// out[o] = pred(a[i], b[j]) over the broadcast.
template <typename T, typename Pred>
inline void CompareBroadcast(const Broadcast& bc, const T* a, const T* b, bool* y, Pred pred) {
  ForEachBroadcast(bc, [&](int32_t i, int32_t j, int32_t o) { y[o] = pred(a[i], b[j]); });
}

// An int8 or int16 value on the common comparison scale. The add and shift wrap
// (two's complement, as TFLite's int32 arithmetic on hardware) so that an
// absurd zero point cannot cause undefined behaviour.
inline int32_t ComparisonScaled(int32_t q, int32_t offset, int32_t multiplier, int32_t shift) {
  const uint32_t x = static_cast<uint32_t>(quant::WrapAdd(q, offset)) << kComparisonLeftShift;
  return quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(static_cast<int32_t>(x), multiplier,
                                                               shift);
}

// Both inputs rescaled to the common scale, then compared.
template <typename T, typename Pred>
inline void CompareScaled(const ComparisonData& d, const T* a, const T* b, bool* y) {
  const Pred pred;
  ForEachBroadcast(d.bc, [&](int32_t i, int32_t j, int32_t o) {
    y[o] = pred(ComparisonScaled(a[i], d.in1_offset, d.in1_multiplier, d.in1_shift),
                ComparisonScaled(b[j], d.in2_offset, d.in2_multiplier, d.in2_shift));
  });
}

// The eval of a comparison: Pred has a template operator()(T, T) -> bool.
// kBool: the operator takes bool inputs (EQUAL, NOT_EQUAL); kMode: its int16.
template <typename Pred, bool kBool, Int16 kMode = Int16::kNone>
inline Status EvalComparison(OpContext& ctx) {
  const ComparisonData& d = *ctx.op_data<ComparisonData>();
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1);
  bool* y = ctx.output(0).as<bool>();
  switch (in1.type) {
    case DType::kFloat32:
      CompareBroadcast(d.bc, in1.as<const float>(), in2.as<const float>(), y, Pred());
      break;
    case DType::kInt32:
      CompareBroadcast(d.bc, in1.as<const int32_t>(), in2.as<const int32_t>(), y, Pred());
      break;
    case DType::kInt64:
      CompareBroadcast(d.bc, in1.as<const int64_t>(), in2.as<const int64_t>(), y, Pred());
      break;
    case DType::kInt8:
      CompareScaled<int8_t, Pred>(d, in1.as<const int8_t>(), in2.as<const int8_t>(), y);
      break;
    case DType::kInt16:
      if (kMode == Int16::kScaled) {
        CompareScaled<int16_t, Pred>(d, in1.as<const int16_t>(), in2.as<const int16_t>(), y);
      } else if (kMode == Int16::kRaw) {
        CompareBroadcast(d.bc, in1.as<const int16_t>(), in2.as<const int16_t>(), y, Pred());
      }
      break;
    default:
      if (kBool) {
        CompareBroadcast(d.bc, in1.as<const uint8_t>(), in2.as<const uint8_t>(), y, Pred());
      }
      break;
  }
  return Status::Ok();
}

// The eval of LOGICAL_AND / LOGICAL_OR: out = f(in1, in2) on bool bytes
// (f decides what a byte other than 0 reads as).
template <typename F>
inline Status EvalLogical(OpContext& ctx, F f) {
  const ComparisonData& d = *ctx.op_data<ComparisonData>();
  CompareBroadcast(d.bc, ctx.input(0).as<const uint8_t>(), ctx.input(1).as<const uint8_t>(),
                   ctx.output(0).as<bool>(), f);
  return Status::Ok();
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_COMPARISON_UTIL_H_
