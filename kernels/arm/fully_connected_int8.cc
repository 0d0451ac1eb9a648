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
// and [w1, w3], two SMLADs: 23 instructions per 16 MACs. The depth % 4 last
// values run one at a time. Portable build: four dot products in one loop
// over the int8 input, which the compiler vectorizes.
//
// Exactness of the accumulator: the reference sums the products in int32
// (no overflow: prepare bounds the depth, kernels/kernel_util.h
// CheckAccumulationTaps) and adds the bias with a wrapping add. Integer
// addition modulo 2^32 does not depend on order, so the DSP build starts
// its accumulators at the bias and lets SMLAD wrap (as the hardware does),
// and the portable build sums from 0 and adds the bias with AddWrap: both
// give the reference's bits for any bias, hostile ones included.
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

// One unit's requantization: the fast form when it applies, else the
// reference's MultiplyByQuantizedMultiplier.
struct UnitRq {
  RqChannel rq;
  int32_t multiplier;
  int shift;
  bool fast;
};

UnitRq MakeUnitRq(int32_t multiplier, int shift) {
  UnitRq u;
  u.fast = RequantFastOk(multiplier, shift);
  u.multiplier = multiplier;
  u.shift = shift;
  u.rq = u.fast ? MakeRqChannel(multiplier, shift) : RqChannel{0, 0, 0, 0};
  return u;
}

inline int8_t OutByte(int32_t acc, const UnitRq& u, const OutQuant& q) {
  const int32_t v =
      u.fast ? Requant(acc, u.rq) + q.out_zp
             : quant::WrapAdd(quant::MultiplyByQuantizedMultiplier(acc, u.multiplier, u.shift),
                              q.out_zp);
  return static_cast<int8_t>(ClampAct(v, q.act_min, q.act_max));
}

// a[r] += sum_i (x[i] + off) * w[r * depth + i] for kRows rows (1 or 4),
// wrapping.
template <bool kDsp, int kRows>
inline void DotRows(const int8_t* x, const int8_t* w, int32_t depth, int32_t off, int32_t* a) {
  static_assert(kRows == 1 || kRows == 4, "one or four rows");
  if constexpr (kDsp) {
    const uint32_t off2 = Pack16(off, off);
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
    // Sums from 0 cannot overflow (depth <= kMaxDepth).
    int32_t s[kRows] = {};
    for (int32_t i = 0; i < depth; ++i) {
      const int32_t xi = x[i] + off;
      for (int r = 0; r < kRows; ++r) s[r] += xi * w[r * depth + i];
    }
    for (int r = 0; r < kRows; ++r) a[r] = AddWrap(a[r], s[r]);
  }
}

}  // namespace

bool FullyConnectedInt8Applies(int32_t depth, const OutQuant& q) {
  return depth > 0 && depth <= kMaxDepth && q.in_offset >= -127 && q.in_offset <= 128 &&
         q.out_zp >= -128 && q.out_zp <= 127;
}

template <bool kDsp>
void FullyConnectedInt8Impl(int32_t batches, int32_t depth, int32_t units, const OutQuant& q,
                            UnitParamsFn unit_params, const void* params_ctx, const int8_t* in,
                            const int8_t* weights, const int32_t* bias, int8_t* out) {
  auto unit_rq = [&](int32_t o) {
    int32_t m = q.multiplier[0];
    int s = q.shift[0];
    if (q.per_channel) {
      if (unit_params != nullptr) {
        unit_params(params_ctx, o, &m, &s);
      } else {
        m = q.multiplier[o];
        s = q.shift[o];
      }
    }
    return MakeUnitRq(m, s);
  };
  UnitRq rq[4];
  if (!q.per_channel) rq[0] = rq[1] = rq[2] = rq[3] = unit_rq(0);
  int32_t o = 0;
  for (; o + 4 <= units; o += 4) {
    if (q.per_channel) {
      for (int r = 0; r < 4; ++r) rq[r] = unit_rq(o + r);
    }
    const int8_t* w = weights + static_cast<size_t>(o) * depth;
    for (int32_t b = 0; b < batches; ++b) {
      int32_t a[4];
      for (int r = 0; r < 4; ++r) a[r] = bias != nullptr ? bias[o + r] : 0;
      DotRows<kDsp, 4>(in + static_cast<size_t>(b) * depth, w, depth, q.in_offset, a);
      int8_t* y = out + static_cast<size_t>(b) * units + o;
      for (int r = 0; r < 4; ++r) y[r] = OutByte(a[r], rq[r], q);
    }
  }
  for (; o < units; ++o) {  // the units % 4 last rows one at a time
    if (q.per_channel) rq[0] = unit_rq(o);
    const int8_t* w = weights + static_cast<size_t>(o) * depth;
    for (int32_t b = 0; b < batches; ++b) {
      int32_t a = bias != nullptr ? bias[o] : 0;
      DotRows<kDsp, 1>(in + static_cast<size_t>(b) * depth, w, depth, q.in_offset, &a);
      out[static_cast<size_t>(b) * units + o] = OutByte(a, rq[0], q);
    }
  }
}

template void FullyConnectedInt8Impl<true>(int32_t, int32_t, int32_t, const OutQuant&, UnitParamsFn,
                                           const void*, const int8_t*, const int8_t*,
                                           const int32_t*, int8_t*);
template void FullyConnectedInt8Impl<false>(int32_t, int32_t, int32_t, const OutQuant&,
                                            UnitParamsFn, const void*, const int8_t*, const int8_t*,
                                            const int32_t*, int8_t*);

}  // namespace opt
}  // namespace kernels
}  // namespace circlet
