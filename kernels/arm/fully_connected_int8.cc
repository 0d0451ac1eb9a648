// SPDX-License-Identifier: Apache-2.0
// Optimized int8 FULLY_CONNECTED (the reference is
// kernels/ref/fully_connected.cc):
//   out[b][o] = clamp(requant_o(bias[o] + sum_i (in[b][i] + in_offset) * w[o][i]))
// as TFLite's reference integer kernel; requant_o as kernels/arm/requant.h
// (or the reference formula for a multiplier outside its fast form).
//
// No scratch. Weight rows are taken four at a time so that each input word
// is loaded and widened once for four rows. DSP build, per four inputs:
// one LDR of the input word, SXTAB16 and SXTAB16-ROR-8 give [x0+off,
// x2+off] and [x1+off, x3+off] (widening and offset in one instruction);
// per row one LDR of the weight word, SXTB16 / SXTB16-ROR-8 give [w0, w2]
// and [w1, w3], two SMLADs: 23 instructions per 16 MACs (the loop is
// written out in asm, Dot4GroupsCore). The depth % 4 last values run one at
// a time. Per-tensor layers with a right-shift requantization and depth % 4
// == 0 (or depth < 4) have their own entry point,
// FullyConnectedInt8PerTensor, whose constants the kernel computed at
// prepare: it requantizes each block of four rows right after its loop
// (Dot4Out) and the last rows one at a time (RowsOut). Other layers go
// through Units with one requantization call per output. Portable build:
// four dot products in one loop over the int8 input, which the compiler
// vectorizes.
//
// Exactness of the accumulator: the reference sums the products in int32
// (no overflow: prepare bounds the depth, kernels/kernel_util.h
// CheckAccumulationTaps) and adds the bias with a wrapping add. Integer
// addition modulo 2^32 does not depend on order, so the DSP build starts
// its accumulators at the bias and lets SMLAD wrap (as the hardware does),
// and the portable build sums from 0 and adds the bias with AddWrap: both
// give the reference's bits for any bias, hostile ones included.
#include "base/code_size.h"
#include "kernels/arm/dsp_asm.h"
#include "kernels/arm/int8_kernels.h"
#include "kernels/arm/requant.h"
#include "quant/fixed_point.h"

namespace circlet {
namespace kernels {
namespace opt {
namespace {

// Largest depth the accumulators hold without overflow (255 * 128 per
// product); kernels/kernel_util.h kMaxAccumulationTaps.
constexpr int32_t kMaxDepth = 65536;

}  // namespace

// One unit's requantization: requant.h's fast forms (right shifts: Requant;
// multipliers >= 1/2: RequantLeft), else the reference's
// MultiplyByQuantizedMultiplier (only shifts below -31 are left for it).
struct FcUnitRq {
  RqChannel rq;
  int32_t multiplier;
  int shift;
  enum Kind : uint8_t { kRight, kLeft, kReference } kind;
};

inline FcUnitRq MakeFcUnitRq(int32_t multiplier, int shift) {
  FcUnitRq u;
  u.multiplier = multiplier;
  u.shift = shift;
  u.kind = RequantFastOk(multiplier, shift)
               ? FcUnitRq::kRight
               : (RequantLeftOk(multiplier, shift) ? FcUnitRq::kLeft : FcUnitRq::kReference);
  u.rq = u.kind == FcUnitRq::kRight ? MakeRqChannel(multiplier, shift) : RqChannel{0, 0, 0, 0};
  return u;
}

__attribute__((noinline)) int8_t FcOutByte(int32_t acc, const FcUnitRq& u, int32_t zp, int32_t lo,
                                           int32_t hi) {
  int32_t v;
  if (u.kind == FcUnitRq::kRight) {
    v = Requant(acc, u.rq) + zp;
  } else if (u.kind == FcUnitRq::kLeft) {
    v = quant::WrapAdd(RequantLeft(acc, u.multiplier, u.shift), zp);
  } else {
    v = quant::WrapAdd(quant::MultiplyByQuantizedMultiplier(acc, u.multiplier, u.shift), zp);
  }
  return static_cast<int8_t>(ClampAct(v, lo, hi));
}

namespace {

// The written-out assembly loops below hold 14 values in registers: an
// unoptimized build (-O0, a debug build) keeps the frame pointer r7 and
// cannot give them, so it takes the intrinsic loops instead (the same
// bytes out, slower).
#if CIRCLET_ARM_DSP && defined(__OPTIMIZE__)
#define CIRCLET_FC_ASM 1
#else
#define CIRCLET_FC_ASM 0
#endif

// FcPerTensor's requantization (requant.h).
inline RqChannel RqOf(const FcPerTensor& p) {
  return RqChannel{p.multiplier, p.rshift, p.k_lo, p.k_hi};
}

#if CIRCLET_FC_ASM
// The DSP build's four-row loop over `groups` >= 1 groups of four inputs,
// written out: it keeps 14 values in registers (four accumulators, four
// weight pointers, the input pointer, the offset pair, four temporaries),
// all that Thumb-2 has besides SP and PC; GCC 12 spills half of the loop
// when it allocates them itself. The loop body is unrolled four times
// (entered at copy 4 - groups % 4), the input's end is read from the stack
// once per four groups. Per 64 MACs: 4 x (LDR x, 2 SXTAB16, 4 x (LDR w,
// 2 SXTB16, 2 SMLAD)) + LDR end + CMP + BNE = 95 instructions.
__attribute__((always_inline)) inline void Dot4GroupsCore(const int8_t* x, const int8_t* w0,
                                                          int32_t depth, int32_t groups,
                                                          uint32_t off2, int32_t* a) {
  const int8_t* w1 = w0 + depth;
  const int8_t* w2 = w1 + depth;
  const int8_t* w3 = w2 + depth;
  const int8_t* const xe = x + 4 * groups;
  const int32_t rem = groups & 3;
  int32_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
  uint32_t xl, xh, v, t;
#define CIRCLET_FC_GROUP            \
  "ldr    %[v], [%[x]], #4\n\t"     \
  "sxtab16 %[xl], %[off], %[v]\n\t" \
  "sxtab16 %[xh], %[off], %[v], ror #8\n\t" CIRCLET_ASM_ROWS4
  __asm__ volatile(CIRCLET_ASM_LOOP4(CIRCLET_FC_GROUP)
                   : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [w0] "+r"(w0),
                     [w1] "+r"(w1), [w2] "+r"(w2), [w3] "+r"(w3), [x] "+r"(x), [xl] "=&r"(xl),
                     [xh] "=&r"(xh), [v] "=&r"(v), [t] "=&r"(t)
                   : [off] "r"(off2), [xe] "m"(xe), [rem] "m"(rem)
                   : "cc", "memory");
#undef CIRCLET_FC_GROUP
  a[0] = a0;
  a[1] = a1;
  a[2] = a2;
  a[3] = a3;
}

__attribute__((noinline)) void Dot4Groups(const int8_t* x, const int8_t* w0, int32_t depth,
                                          int32_t groups, uint32_t off2, int32_t* a) {
  Dot4GroupsCore(x, w0, depth, groups, off2, a);
}

// Rows o..o+3 of a depth % 4 == 0 layer (depth >= 4), requantized into
// y[0..3]: the accumulators stay in registers and the constants are
// loaded once. With the whole int8 range as clamp (ReLU with zero point
// -128, or none) the clamp is one SSAT.
// (w: row o's weights; bias and y from unit o on, bias nullptr for none.)
__attribute__((noinline)) void Dot4Out(const int8_t* x, const int8_t* w, const int32_t* bias,
                                       const FcPerTensor& p, int8_t* y) {
  int32_t a[4] = {0, 0, 0, 0};
  if (bias != nullptr) {
    a[0] = bias[0];
    a[1] = bias[1];
    a[2] = bias[2];
    a[3] = bias[3];
  }
  Dot4GroupsCore(x, w, p.depth, p.depth >> 2, p.off2, a);
  const RqChannel rq = RqOf(p);
  const int32_t zp = p.out_zp, lo = p.act_min, hi = p.act_max;
  if (FullRange(lo, hi)) {
    for (int r = 0; r < 4; ++r) y[r] = static_cast<int8_t>(__ssat(Requant(a[r], rq) + zp, 8));
  } else {
    for (int r = 0; r < 4; ++r)
      y[r] = static_cast<int8_t>(ClampAct(Requant(a[r], rq) + zp, lo, hi));
  }
}
#endif

// a[r] += sum_i (x[i] + off) * w[r * depth + i] for kRows rows (1 or 4),
// wrapping.
template <bool kDsp, int kRows>
inline void DotRows(const int8_t* x, const int8_t* w, int32_t depth, int32_t off, int32_t* a) {
  static_assert(kRows == 1 || kRows == 4, "one or four rows");
  if constexpr (kDsp) {
    const uint32_t off2 = Pack16(off, off);
#if CIRCLET_FC_ASM
    if constexpr (kRows == 4) {  // the written-out loop, then the depth % 4 last values
      const int32_t groups = depth >> 2;
      if (groups > 0) Dot4Groups(x, w, depth, groups, off2, a);
      for (int32_t i = 4 * groups; i < depth; ++i) {
        const int32_t xi = x[i] + off;
        for (int r = 0; r < kRows; ++r) a[r] = AddWrap(a[r], xi * w[r * depth + i]);
      }
      return;
    }
#endif
    const int8_t* w0 = w;
    const int8_t* w1 = w0 + depth;
    const int8_t* w2 = w1 + depth;
    const int8_t* w3 = w2 + depth;
    int32_t a0 = a[0], a1 = 0, a2 = 0, a3 = 0;
    if constexpr (kRows == 4) {
      a1 = a[1];
      a2 = a[2];
      a3 = a[3];
    }
    const int8_t* xp = x;
    const int8_t* const xe = x + (depth & ~3);
    for (; xp != xe; xp += 4) {
      const uint32_t xv = Load32(xp);
      const uint32_t xl = Sxtab16(off2, xv), xh = Sxtab16Ror8(off2, xv);
      uint32_t v = Load32(w0);
      w0 += 4;
      a0 = Smlad(xl, Sxtb16(v), a0);
      a0 = Smlad(xh, Sxtb16Ror8(v), a0);
      if constexpr (kRows == 4) {
        v = Load32(w1);
        w1 += 4;
        a1 = Smlad(xl, Sxtb16(v), a1);
        a1 = Smlad(xh, Sxtb16Ror8(v), a1);
        v = Load32(w2);
        w2 += 4;
        a2 = Smlad(xl, Sxtb16(v), a2);
        a2 = Smlad(xh, Sxtb16Ror8(v), a2);
        v = Load32(w3);
        w3 += 4;
        a3 = Smlad(xl, Sxtb16(v), a3);
        a3 = Smlad(xh, Sxtb16Ror8(v), a3);
      }
    }
    for (int32_t i = 0; i < (depth & 3); ++i) {
      const int32_t xi = xp[i] + off;
      a0 = AddWrap(a0, xi * w0[i]);
      if constexpr (kRows == 4) {
        a1 = AddWrap(a1, xi * w1[i]);
        a2 = AddWrap(a2, xi * w2[i]);
        a3 = AddWrap(a3, xi * w3[i]);
      }
    }
    a[0] = a0;
    if constexpr (kRows == 4) {
      a[1] = a1;
      a[2] = a2;
      a[3] = a3;
    }
  } else {
    // Four dot products in one loop over int16 products summed in int32,
    // the form the compiler vectorizes (x86 PMADDWD, AArch64 SMLAL), the
    // widened input shared by the rows. Sums from 0 cannot overflow
    // (depth <= kMaxDepth).
    if constexpr (kRows == 4) {
      const int8_t* w1 = w + depth;
      const int8_t* w2 = w1 + depth;
      const int8_t* w3 = w2 + depth;
      int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (int32_t i = 0; i < depth; ++i) {
        const int16_t xi = static_cast<int16_t>(x[i] + off);
        s0 += xi * static_cast<int16_t>(w[i]);
        s1 += xi * static_cast<int16_t>(w1[i]);
        s2 += xi * static_cast<int16_t>(w2[i]);
        s3 += xi * static_cast<int16_t>(w3[i]);
      }
      a[0] = AddWrap(a[0], s0);
      a[1] = AddWrap(a[1], s1);
      a[2] = AddWrap(a[2], s2);
      a[3] = AddWrap(a[3], s3);
    } else {
      int32_t s0 = 0;
      for (int32_t i = 0; i < depth; ++i) {
        s0 += static_cast<int16_t>(x[i] + off) * static_cast<int16_t>(w[i]);
      }
      a[0] = AddWrap(a[0], s0);
    }
  }
}

#if CIRCLET_FC_ASM
// Rows o0..units-1 one at a time, requantized inline (per-tensor, right
// shift): the units % 4 last rows of a layer, or all rows of one with fewer
// than four inputs. Depth 1 (one scalar feature) is one product per row.
__attribute__((noinline)) void RowsOut(const int8_t* x, const int8_t* weights, const int32_t* bias,
                                       int32_t o0, const FcPerTensor& p, int8_t* y) {
  const RqChannel rq = RqOf(p);
  const int32_t depth = p.depth, off = Lo16(p.off2), units = p.units;
  const int32_t zp = p.out_zp, lo = p.act_min, hi = p.act_max;
  if (depth == 1) {
    const int32_t xv = x[0] + off;
    for (int32_t o = o0; o < units; ++o) {
      const int32_t a = AddWrap(bias != nullptr ? bias[o] : 0, xv * weights[o]);
      y[o] = static_cast<int8_t>(ClampAct(Requant(a, rq) + zp, lo, hi));
    }
    return;
  }
  const int8_t* w = weights + o0 * depth;
  for (int32_t o = o0; o < units; ++o, w += depth) {
    int32_t a = bias != nullptr ? bias[o] : 0;
    DotRows<true, 1>(x, w, depth, off, &a);
    y[o] = static_cast<int8_t>(ClampAct(Requant(a, rq) + zp, lo, hi));
  }
}
#endif

// All units of one batch row x: out_fn(acc, o) requantizes unit o.
template <bool kDsp, typename OutFn>
// Unit o of this call is unit o0 + o of the layer (out_fn's numbering).
__attribute__((noinline)) void Units(const int8_t* x, const int8_t* w, int32_t depth, int32_t units,
                                     const int32_t* bias, int32_t off, int8_t* y, int32_t o0,
                                     const OutFn& out_fn) {
  int32_t o = 0;
  for (; o + 4 <= units; o += 4, w += 4 * depth) {
    int32_t a[4] = {0, 0, 0, 0};
    if (bias != nullptr) {
      for (int r = 0; r < 4; ++r) a[r] = bias[o + r];
    }
    DotRows<kDsp, 4>(x, w, depth, off, a);
    for (int r = 0; r < 4; ++r) y[o + r] = out_fn(a[r], o0 + o + r);
  }
  for (; o < units; ++o, w += depth) {  // the units % 4 last rows one at a time
    int32_t a = bias != nullptr ? bias[o] : 0;
    DotRows<kDsp, 1>(x, w, depth, off, &a);
    y[o] = out_fn(a, o0 + o);
  }
}

}  // namespace

bool FullyConnectedInt8Applies(int32_t depth, const OutQuant& q) {
  return depth > 0 && depth <= kMaxDepth && q.in_offset >= -127 && q.in_offset <= 128 &&
         q.out_zp >= -128 && q.out_zp <= 127;
}

// Batches outer (a per-channel unit's parameters are recomputed per batch;
// models run one).
template <bool kDsp>
void FullyConnectedInt8Impl(int32_t batches, int32_t depth, int32_t units, const OutQuant& q,
                            UnitParamsFn unit_params, const void* params_ctx, const int8_t* in,
                            const int8_t* weights, const int32_t* bias, int8_t* out) {
  const int32_t zp = q.out_zp, lo = q.act_min, hi = q.act_max;
  const FcUnitRq rq0 = MakeFcUnitRq(q.multiplier[0], q.shift[0]);
  // Unit o's output byte (one instantiation of Units: code size).
  const auto out_fn = [&](int32_t acc, int32_t o) {
    if (!q.per_channel) return FcOutByte(acc, rq0, zp, lo, hi);
    int32_t m = 0;
    int s = 0;
    if (unit_params != nullptr) {
      unit_params(params_ctx, o, &m, &s);
    } else {
      m = q.multiplier[o];
      s = q.shift[o];
    }
    return FcOutByte(acc, MakeFcUnitRq(m, s), zp, lo, hi);
  };
  for (int32_t b = 0; b < batches; ++b) {
    const int8_t* x = in + static_cast<size_t>(b) * depth;
    int8_t* y = out + static_cast<size_t>(b) * units;

    Units<kDsp>(x, weights, depth, units, bias, q.in_offset, y, 0, out_fn);
  }
}

CIRCLET_COLD bool FcPerTensorAtPrepare(int32_t batches, int32_t depth, int32_t units,
                                       const OutQuant& q, FcPerTensor* p) {
  const int32_t m = q.multiplier[0];
  const int shift = q.shift[0];
  if (q.per_channel || !RequantFastOk(m, shift) || !FullyConnectedInt8Applies(depth, q) ||
      (CIRCLET_FC_ASM && (depth & 3) != 0 && depth >= 4)) {
    return false;
  }
  // requant.h's K and e - 1 in 32-bit arithmetic; M = 0 takes e = 1 (K =
  // 2^30 + 2^31 minus at most 2^31 for a negative acc: the high word is 0,
  // as with MakeRqChannel's encoding).
  const int e = m == 0 ? 1 : -shift;
  p->multiplier = m;
  p->k_lo = e == 1 ? 0xC0000000u : 0x40000000u;
  p->k_hi = static_cast<int32_t>((1u << (e - 1)) >> 1);
  p->off2 = Pack16(q.in_offset, q.in_offset);
  p->batches = batches;
  p->units = units;
  p->depth = depth;
  p->rshift = static_cast<int8_t>(e - 1);
  p->out_zp = static_cast<int8_t>(q.out_zp);
  p->act_min = static_cast<int8_t>(q.act_min);
  p->act_max = static_cast<int8_t>(q.act_max);
  return true;
}

// DSP build: blocks of four rows requantized in registers (Dot4Out), the
// units % 4 last rows (all of them when depth < 4) one at a time (RowsOut).
// Portable build: Units with the fast requantization.
template <bool kDsp>
void FullyConnectedInt8PerTensorImpl(const FcPerTensor& p, const int8_t* in, const int8_t* weights,
                                     const int32_t* bias, int8_t* out) {
  const int32_t depth = p.depth, units = p.units;
#if CIRCLET_FC_ASM
  if constexpr (kDsp) {
    const int32_t blocks = (depth & 3) == 0 ? (units & ~3) : 0;
    for (int32_t b = 0; b < p.batches; ++b, in += depth, out += units) {
      const int8_t* w = weights;
      for (int32_t o = 0; o < blocks; o += 4, w += 4 * depth) {
        Dot4Out(in, w, bias != nullptr ? bias + o : nullptr, p, out + o);
      }
      if (blocks < units) RowsOut(in, weights, bias, blocks, p, out);
    }
  } else  // NOLINT(readability/braces): the portable loop below
#endif
  {
    const RqChannel rq = RqOf(p);
    const int32_t zp = p.out_zp, lo = p.act_min, hi = p.act_max;
    const auto out_fn = [&](int32_t acc, int32_t) {
      return static_cast<int8_t>(ClampAct(Requant(acc, rq) + zp, lo, hi));
    };
    for (int32_t b = 0; b < p.batches; ++b, in += depth, out += units) {
      Units<kDsp>(in, weights, depth, units, bias, Lo16(p.off2), out, 0, out_fn);
    }
  }
}

template void FullyConnectedInt8PerTensorImpl<true>(const FcPerTensor&, const int8_t*,
                                                    const int8_t*, const int32_t*, int8_t*);
template void FullyConnectedInt8PerTensorImpl<false>(const FcPerTensor&, const int8_t*,
                                                     const int8_t*, const int32_t*, int8_t*);

template void FullyConnectedInt8Impl<true>(int32_t, int32_t, int32_t, const OutQuant&, UnitParamsFn,
                                           const void*, const int8_t*, const int8_t*,
                                           const int32_t*, int8_t*);
template void FullyConnectedInt8Impl<false>(int32_t, int32_t, int32_t, const OutQuant&,
                                            UnitParamsFn, const void*, const int8_t*, const int8_t*,
                                            const int32_t*, int8_t*);

}  // namespace opt
}  // namespace kernels
}  // namespace circlet
