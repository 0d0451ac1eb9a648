// SPDX-License-Identifier: Apache-2.0
// Numpy-style broadcasting of two inputs into one output (ADD, MUL, SUB,
// DIV, ...), up to rank 6, computed once in prepare.
//
// Shapes are aligned at their last dimension and padded with leading 1s to
// rank 6; in each dimension the two sizes must be equal or one of them 1, and
// the output takes the larger. An input's stride is 0 in every dimension it
// broadcasts along, so eval walks the output in order and reads
//   in1[sum_d i_d * stride1[d]],  in2[sum_d i_d * stride2[d]].
//
//   in1 [2, 1, 3]      -> [1, 1, 1, 2, 1, 3]  strides [0, 0, 0, 3, 0, 1]
//   in2    [4, 1]      -> [1, 1, 1, 1, 4, 1]  strides [0, 0, 0, 0, 1, 0]
//   out [2, 4, 3]
#ifndef CIRCLET_KERNELS_BROADCAST_UTIL_H_
#define CIRCLET_KERNELS_BROADCAST_UTIL_H_

#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {

struct Broadcast {
  int32_t out_dims[kMaxRank];  // rank-6 output shape (leading 1s)
  int32_t stride1[kMaxRank];   // element strides of input 1 (0: broadcast)
  int32_t stride2[kMaxRank];
  int32_t elements;  // output element count
  bool same_shape;   // both inputs have the output's element layout
};

// Fills `b` and the output shape (`dims`, `*rank` = max input rank), or
// returns an error naming both tensors and the first incompatible axis.
CIRCLET_COLD inline Status PrepareBroadcast(const OpContext& ctx, const TensorView& in1,
                                            const TensorView& in2, Broadcast* b, int32_t* dims,
                                            int* rank) {
  *rank = in1.rank > in2.rank ? in1.rank : in2.rank;
  int d1[kMaxRank], d2[kMaxRank];
  for (int i = 0; i < kMaxRank; ++i) {
    const int k1 = i - (kMaxRank - in1.rank), k2 = i - (kMaxRank - in2.rank);
    d1[i] = k1 >= 0 ? in1.dims[k1] : 1;
    d2[i] = k2 >= 0 ? in2.dims[k2] : 1;
  }
  int64_t elements = 1;
  bool same = true;
  for (int i = 0; i < kMaxRank; ++i) {
    if (d1[i] != d2[i] && d1[i] != 1 && d2[i] != 1) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "input shapes do not broadcast: tensor %d has %d and tensor %d has %d at "
                       "axis %d from the end",
                       in1.index, d1[i], in2.index, d2[i], kMaxRank - i);
    }
    b->out_dims[i] = d1[i] == 1 ? d2[i] : d1[i];
    if (d1[i] != d2[i]) same = false;
    elements *= b->out_dims[i];
  }
  if (elements > 0x7FFFFFFF) {
    return ctx.Error(StatusCode::kUnsupported, "output has more than 2^31 elements");
  }
  b->elements = static_cast<int32_t>(elements);
  b->same_shape = same;
  // An empty output (a dimension 0, which an input has too) runs no row;
  // its inputs' other dimensions may multiply past int32 (a model checks
  // the byte size of a tensor, which is 0): no strides are computed.
  if (elements == 0) {
    for (int i = 0; i < kMaxRank; ++i) b->stride1[i] = b->stride2[i] = 0;
    for (int i = 0; i < *rank; ++i) dims[i] = b->out_dims[kMaxRank - *rank + i];
    return Status::Ok();
  }
  // Otherwise no input has a dimension 0, and each has fewer than 2^31
  // elements (its bytes are below 2 GiB): the products fit int32.
  int32_t s1 = 1, s2 = 1;
  for (int i = kMaxRank - 1; i >= 0; --i) {
    b->stride1[i] = d1[i] == 1 ? 0 : s1;
    b->stride2[i] = d2[i] == 1 ? 0 : s2;
    s1 *= d1[i];
    s2 *= d2[i];
  }
  for (int i = 0; i < *rank; ++i) dims[i] = b->out_dims[kMaxRank - *rank + i];
  return Status::Ok();
}

// Calls f(index1, step1, index2, step2, out_index, n) for every innermost
// row of the output, in order: n outputs from out_index on, input k read
// from index_k with step_k (1, or 0 where it is broadcast). Same shapes: one
// row of every element.
template <typename F>
inline void ForEachBroadcastRow(const Broadcast& b, F&& f) {
  if (b.same_shape) {
    f(0, 1, 0, 1, 0, b.elements);
    return;
  }
  const int32_t* n = b.out_dims;
  const int32_t* s1 = b.stride1;
  const int32_t* s2 = b.stride2;
  int32_t o = 0;
  for (int32_t i0 = 0, a0 = 0, b0 = 0; i0 < n[0]; ++i0, a0 += s1[0], b0 += s2[0]) {
    for (int32_t i1 = 0, a1 = a0, b1 = b0; i1 < n[1]; ++i1, a1 += s1[1], b1 += s2[1]) {
      for (int32_t i2 = 0, a2 = a1, b2 = b1; i2 < n[2]; ++i2, a2 += s1[2], b2 += s2[2]) {
        for (int32_t i3 = 0, a3 = a2, b3 = b2; i3 < n[3]; ++i3, a3 += s1[3], b3 += s2[3]) {
          for (int32_t i4 = 0, a4 = a3, b4 = b3; i4 < n[4]; ++i4, a4 += s1[4], b4 += s2[4]) {
            f(a4, s1[5], b4, s2[5], o, n[5]);
            o += n[5];
          }
        }
      }
    }
  }
}

// Calls f(index1, index2, out_index) for every output element, in order.
template <typename F>
inline void ForEachBroadcast(const Broadcast& b, F&& f) {
  ForEachBroadcastRow(b, [&](int32_t i1, int32_t s1, int32_t i2, int32_t s2, int32_t o, int32_t n) {
    for (int32_t i = 0; i < n; ++i, i1 += s1, i2 += s2) f(i1, i2, o + i);
  });
}

// Three inputs broadcast into one output (SELECT_V2: condition, x, y): the
// same rules as two, every input aligned at its last dimension. stride[k]
// are input k's element strides (0 where it is broadcast); a kernel may also
// fill them itself for another rule (SELECT's rank-1 condition).
struct Broadcast3 {
  int32_t out_dims[kMaxRank];
  int32_t stride[3][kMaxRank];
  int32_t elements;
};

// Element strides of `t` read as a rank-6 tensor with leading 1s: 0 in every
// dimension of size 1. An input of a non-empty broadcast has at most the
// output's elements, so its strides fit int32; those of an input of an empty
// output (never read) are computed in int64 so as not to overflow.
CIRCLET_COLD inline void PaddedStrides(const TensorView& t, int32_t* stride) {
  int64_t s = 1;
  for (int i = kMaxRank - 1; i >= 0; --i) {
    const int k = i - (kMaxRank - t.rank);
    const int32_t n = k >= 0 ? t.dims[k] : 1;
    stride[i] = n == 1 ? 0 : static_cast<int32_t>(s);
    s = s * n > 0x7FFFFFFF ? 0x7FFFFFFF : s * n;
  }
}

// Fills `b` and the output shape (`dims`, `*rank` = the largest input rank)
// for inputs in[0..2], or returns an error naming the first pair of tensors
// that do not broadcast.
CIRCLET_COLD inline Status PrepareBroadcast3(const OpContext& ctx, const TensorView* const in[3],
                                             Broadcast3* b, int32_t* dims, int* rank) {
  *rank = 0;
  for (int k = 0; k < 3; ++k) *rank = in[k]->rank > *rank ? in[k]->rank : *rank;
  int64_t elements = 1;
  for (int i = 0; i < kMaxRank; ++i) {
    int n = 1;
    int from = -1;
    for (int k = 0; k < 3; ++k) {
      const int j = i - (kMaxRank - in[k]->rank);
      const int m = j >= 0 ? in[k]->dims[j] : 1;
      if (m == 1) continue;
      if (n != 1 && m != n) {
        return ctx.Error(StatusCode::kInvalidModel,
                         "input shapes do not broadcast: tensor %d has %d and tensor %d has %d at "
                         "axis %d from the end",
                         in[from]->index, n, in[k]->index, m, kMaxRank - i);
      }
      n = m;
      from = k;
    }
    b->out_dims[i] = n;
    elements *= n;
  }
  if (elements > 0x7FFFFFFF) {
    return ctx.Error(StatusCode::kUnsupported, "output has more than 2^31 elements");
  }
  b->elements = static_cast<int32_t>(elements);
  for (int k = 0; k < 3; ++k) PaddedStrides(*in[k], b->stride[k]);
  for (int i = 0; i < *rank; ++i) dims[i] = b->out_dims[kMaxRank - *rank + i];
  return Status::Ok();
}

// The loop over dimension D of ForEachBroadcast3 (inputs at p0, p1, p2).
template <int D, typename F>
inline void ForEachBroadcast3Dim(const Broadcast3& b, int32_t p0, int32_t p1, int32_t p2,
                                 int32_t* o, F& f) {
  for (int32_t i = 0; i < b.out_dims[D]; ++i) {
    if constexpr (D + 1 == kMaxRank) {
      f(p0, p1, p2, (*o)++);
    } else {
      ForEachBroadcast3Dim<D + 1>(b, p0, p1, p2, o, f);
    }
    p0 += b.stride[0][D];
    p1 += b.stride[1][D];
    p2 += b.stride[2][D];
  }
}

// Calls f(index0, index1, index2, out_index) for every output element, in
// order.
template <typename F>
inline void ForEachBroadcast3(const Broadcast3& b, F&& f) {
  int32_t o = 0;
  ForEachBroadcast3Dim<0>(b, 0, 0, 0, &o, f);
}

// What ADD and MUL share: the broadcast, the float clamp, the quantized
// offsets and the activation range in the output's quantized domain.

// What the binary elementwise ops share: the broadcast, the float clamp, the
// quantized offsets and the activation range in the output's quantized
// domain (int32/int64: the ActivationRangeInt range).
struct ElementwiseData {
  Broadcast bc;
  float f_min, f_max;
  int32_t in1_offset, in2_offset, out_offset;
  int32_t act_min, act_max;
};

// Two inputs and one output of one type (the operator table admitted input
// 1's), the broadcast shape checked against the model's output, in place
// allowed when input 1 is not broadcast (output element o is written after
// input 1's element o is read). Fills `bc`. The views are the caller's:
// inlined into PrepareElementwise (ADD, MUL), it adds no frame and no second
// set of views to the stack of Prepare().
__attribute__((always_inline)) inline Status PrepareBinaryViews(OpContext& ctx,
                                                                const TensorView& in1,
                                                                const TensorView& in2,
                                                                const TensorView& out,
                                                                Broadcast* bc) {
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(in2, in1.type, "input 2"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in1.type, "output"));
  int32_t dims[kMaxRank];
  int rank = 0;
  CIRCLET_RETURN_IF_ERROR(PrepareBroadcast(ctx, in1, in2, bc, dims, &rank));
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  if (in1.num_elements() == out.num_elements()) ctx.AllowInPlace(InPlace::kSameStart);
  return Status::Ok();
}

// PrepareBinaryViews on the op's inputs 0, 1 and output 0.
CIRCLET_COLD inline Status PrepareBinary(OpContext& ctx, Broadcast* bc) {
  return PrepareBinaryViews(ctx, ctx.input(0), ctx.input(1), ctx.output(0), bc);
}

// The fused activation of an int32/int64 (not quantized) op as TFLite's
// CalculateActivationRange<int32>: NONE [INT32_MIN, INT32_MAX], RELU
// [0, INT32_MAX], RELU_N1_TO_1 [-1, 1], RELU6 [0, 6]. For int64 the int32
// limits stand for the int64 ones (IntClamp).
CIRCLET_COLD inline void ActivationRangeInt(int activation, int32_t* act_min, int32_t* act_max) {
  constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
  constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
  *act_min = activation == 1 || activation == 3 ? 0 : (activation == 2 ? -1 : kMin);
  *act_max = activation == 2 ? 1 : (activation == 3 ? 6 : kMax);
}

// Clamps an int32/int64 result to an ActivationRangeInt range.
template <typename T>
inline T IntClamp(T v, int32_t act_min, int32_t act_max) {
  const T lo = act_min == std::numeric_limits<int32_t>::min() ? std::numeric_limits<T>::min()
                                                              : static_cast<T>(act_min);
  const T hi = act_max == std::numeric_limits<int32_t>::max() ? std::numeric_limits<T>::max()
                                                              : static_cast<T>(act_max);
  return v < lo ? lo : (v > hi ? hi : v);
}

// y[o] = f(a[i], b[j]) over the broadcast, in output order.
template <typename T, typename F>
inline void BinaryBroadcast(const Broadcast& bc, const T* a, const T* b, T* y, F&& f) {
  ForEachBroadcast(bc, [&](int32_t i, int32_t j, int32_t o) { y[o] = f(a[i], b[j]); });
}

// The int32/int64 eval of ADD, SUB, MUL, DIV (not quantized): out =
// op(a, b) clamped to the fused activation (IntClamp, act_min/act_max of `d`).
// Out of line, so that the int64 loop's registers do not enlarge the frame of
// the kernel's Eval (the quantized paths' stack).
template <typename T, typename D, typename Op>
__attribute__((noinline)) void BinaryBroadcastIntClamped(const D& d, const T* a, const T* b, T* y,
                                                         Op op) {
  BinaryBroadcast(d.bc, a, b, y,
                  [&](T x1, T x2) { return IntClamp<T>(op(x1, x2), d.act_min, d.act_max); });
}

// BinaryBroadcast with the element type chosen by `type` (float32, int8,
// int16, int32, int64): f is a generic lambda over two values of one type.
template <typename F>
inline void BinaryBroadcastAnyType(DType type, const Broadcast& bc, const TensorView& in1,
                                   const TensorView& in2, const TensorView& out, F&& f) {
  switch (type) {
    case DType::kFloat32:
      BinaryBroadcast(bc, in1.as<const float>(), in2.as<const float>(), out.as<float>(), f);
      break;
    case DType::kInt8:
      BinaryBroadcast(bc, in1.as<const int8_t>(), in2.as<const int8_t>(), out.as<int8_t>(), f);
      break;
    case DType::kInt16:
      BinaryBroadcast(bc, in1.as<const int16_t>(), in2.as<const int16_t>(), out.as<int16_t>(), f);
      break;
    case DType::kInt32:
      BinaryBroadcast(bc, in1.as<const int32_t>(), in2.as<const int32_t>(), out.as<int32_t>(), f);
      break;
    default:
      BinaryBroadcast(bc, in1.as<const int64_t>(), in2.as<const int64_t>(), out.as<int64_t>(), f);
      break;
  }
}

// The prepare of a binary op whose op data is only the broadcast (MAXIMUM,
// MINIMUM, FLOOR_DIV, FLOOR_MOD): two inputs and one output, the Broadcast
// allocated and filled by PrepareBinary.
CIRCLET_COLD inline Status PrepareBroadcastOnly(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  auto* d = ctx.AllocateOpData<Broadcast>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  return PrepareBinary(ctx, d);
}

// The eval of a PrepareBroadcastOnly op over any of BinaryBroadcastAnyType's
// types: out = f(in1, in2) with f a generic lambda.
template <typename F>
inline Status EvalBroadcastOnlyAnyType(OpContext& ctx, F&& f) {
  const TensorView out = ctx.output(0);
  BinaryBroadcastAnyType(out.type, *ctx.op_data<Broadcast>(), ctx.input(0), ctx.input(1), out, f);
  return Status::Ok();
}

// The eval of a float32/int32 PrepareBroadcastOnly op (FLOOR_DIV,
// FLOOR_MOD): out = f_float(in1, in2) for float32, f_int(in1, in2) for int32.
template <typename FFloat, typename FInt>
inline Status EvalBroadcastOnlyFloatInt32(OpContext& ctx, FFloat&& f_float, FInt&& f_int) {
  const Broadcast& d = *ctx.op_data<Broadcast>();
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  if (out.type == DType::kFloat32) {
    BinaryBroadcast(d, in1.as<const float>(), in2.as<const float>(), out.as<float>(), f_float);
  } else {
    BinaryBroadcast(d, in1.as<const int32_t>(), in2.as<const int32_t>(), out.as<int32_t>(), f_int);
  }
  return Status::Ok();
}

// Refuses a constant divisor (input 2) holding a zero: TFLite's integer
// division kernels fail (or trap) on it. Divisors computed at run time are
// handled by each kernel as its header documents.
CIRCLET_COLD inline Status CheckConstantDivisor(const OpContext& ctx, const TensorView& in2) {
  if (!in2.is_constant || in2.data == nullptr) return Status::Ok();
  const int64_t n = in2.num_elements();
  for (int64_t i = 0; i < n; ++i) {
    bool zero = false;
    switch (in2.type) {
      case DType::kFloat32: zero = in2.as<const float>()[i] == 0.0f; break;
      case DType::kInt32: zero = in2.as<const int32_t>()[i] == 0; break;
      case DType::kInt64: zero = in2.as<const int64_t>()[i] == 0; break;
      case DType::kInt8: zero = in2.as<const int8_t>()[i] == 0; break;
      case DType::kInt16: zero = in2.as<const int16_t>()[i] == 0; break;
      default: break;
    }
    if (zero) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "division by 0: constant input 2 (tensor %d) holds 0 at element %lld",
                       in2.index, static_cast<long long>(i));
    }
  }
  return Status::Ok();
}

// The int8/int16 input rescaling of TFLite's general-scales binary kernels
// (SUB, SQUARED_DIFFERENCE; ADD has its own): input k's value
// (q - zp) * 2^left_shift times a multiplier M_k <= 1/2
// (QuantizeMultiplierSmallerThanOneExp; rounding as
// MultiplyByQuantizedMultiplierSmallerThanOneExp).
struct InputRescale {
  int32_t left_shift;
  int32_t multiplier[2], shift[2];
};

CIRCLET_COLD inline void PrepareInputRescale(int left_shift, double m1, double m2,
                                             InputRescale* r) {
  r->left_shift = left_shift;
  const double m[2] = {m1, m2};
  for (int k = 0; k < 2; ++k) {
    int shift = 0;
    quant::QuantizeMultiplierSmallerThanOneExp(m[k], &r->multiplier[k], &shift);
    r->shift[k] = shift;
  }
}

// Input k's rescaled value; `centered` = q - zp (the input offset added).
inline int32_t RescaleInput(const InputRescale& r, int k, int32_t centered) {
  return quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(
      centered * (static_cast<int32_t>(1) << r.left_shift), r.multiplier[k], r.shift[k]);
}

// The op data of SUB and SQUARED_DIFFERENCE: the elementwise data, the input
// rescaling and the output multiplier (int8/int16).
struct RescaledBinaryData : ElementwiseData {
  InputRescale rescale;
  int32_t out_multiplier, out_shift;
};

// y[o] = f(y1, y2) over the broadcast, y_k input k's rescaled value
// (RescaleInput of q_k - zp_k); f returns the output value as int32, already
// clamped to T's range (the activation range in the output's domain).
template <typename T, typename F>
inline void RescaledBinaryBroadcast(const RescaledBinaryData& d, const T* a, const T* b, T* y,
                                    F& f) {
  BinaryBroadcast(d.bc, a, b, y, [&](T q1, T q2) {
    const int32_t y1 = RescaleInput(d.rescale, 0, d.in1_offset + q1);
    const int32_t y2 = RescaleInput(d.rescale, 1, d.in2_offset + q2);
    return static_cast<T>(f(y1, y2));
  });
}

// RescaledBinaryBroadcast over int8 or int16 tensors (the output's type).
template <typename F>
inline void RescaledBinaryBroadcastInt8Int16(const RescaledBinaryData& d, const TensorView& in1,
                                             const TensorView& in2, const TensorView& out, F&& f) {
  if (out.type == DType::kInt8) {
    RescaledBinaryBroadcast(d, in1.as<const int8_t>(), in2.as<const int8_t>(), out.as<int8_t>(), f);
  } else {
    RescaledBinaryBroadcast(d, in1.as<const int16_t>(), in2.as<const int16_t>(), out.as<int16_t>(),
                            f);
  }
}

// The common prepare of binary elementwise ops with a fused activation:
// PrepareBinary, then the clamps: float32 (f_min, f_max), int32/int64
// (act_min, act_max from ActivationRangeInt), or, for quantized types, one
// scale and zero point per tensor, the offsets and the activation range in
// the output's quantized domain.
CIRCLET_COLD inline Status PrepareElementwise(OpContext& ctx, int activation, ElementwiseData* d) {
  CIRCLET_RETURN_IF_ERROR(CheckActivation(ctx, activation));
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(PrepareBinaryViews(ctx, in1, in2, out, &d->bc));
  if (in1.type == DType::kFloat32) {
    quant::ActivationRangeFloat(activation, &d->f_min, &d->f_max);
    return Status::Ok();
  }
  if (in1.type == DType::kInt32 || in1.type == DType::kInt64) {
    ActivationRangeInt(activation, &d->act_min, &d->act_max);
    return Status::Ok();
  }
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in1, "input 1"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in2, "input 2"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  d->in1_offset = -in1.quant.zero_point();
  d->in2_offset = -in2.quant.zero_point();
  d->out_offset = out.quant.zero_point();
  quant::ActivationRangeQuantized(activation, out.quant.scale(), out.quant.zero_point(), out.type,
                                  &d->act_min, &d->act_max);
  return Status::Ok();
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_BROADCAST_UTIL_H_
