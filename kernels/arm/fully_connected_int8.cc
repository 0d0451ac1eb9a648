// Optimized int8 FULLY_CONNECTED (the reference is
// kernels/ref/fully_connected.cc):
//   out[b][o] = clamp(requant_o(bias[o] + sum_i (in[b][i] + in_offset) * w[o][i]))
// as TFLite's reference integer kernel; requant_o as kernels/arm/requant.h.
//
// Each input row is widened once to int16 with the offset added, in scratch;
// the weight rows are then taken two at a time, so one load of the input
// serves two rows. DSP layout of the input: per group of four values two
// words [x0, x2], [x1, x3] matching SXTB16 / SXTB16-ROR-8 of a weight word
// (two SMLADs per four MACs and row); the depth % 4 last values as int16.
// Portable: plain int16 row, dot products the compiler vectorizes.
#include "kernels/arm/int8_kernels.h"
#include "kernels/arm/requant.h"

namespace circlet {
namespace kernels {
namespace opt {

// The widened input row lives in scratch: at most 2 KB (longer rows use the
// reference loop rather than grow the arena).
constexpr int32_t kMaxDepth = 1024;

bool FullyConnectedInt8Applies(int32_t depth, int32_t units, const OutQuant& q) {
  return depth > 0 && depth <= kMaxDepth &&
         RequantFastApplies(q.multiplier, q.shift, units, q.per_channel, q.out_zp) &&
         q.in_offset >= -127 && q.in_offset <= 128;
}

size_t FullyConnectedInt8ScratchBytes(int32_t depth, int32_t units) {
  (void)units;
  return (static_cast<size_t>(depth) * sizeof(int16_t) + 3) & ~static_cast<size_t>(3);
}

template <bool kDsp>
void FullyConnectedInt8Impl(int32_t batches, int32_t depth, int32_t units, const OutQuant& q,
                            const int8_t* in, const int8_t* weights, const int32_t* bias,
                            int8_t* out, void* scratch) {
  const int32_t groups = depth >> 2, tail = depth & 3;
  auto* xw = static_cast<uint32_t*>(scratch);
  auto* x16 = static_cast<int16_t*>(scratch);
  const int16_t* xt = x16 + 4 * groups;  // DSP: the tail after the groups
  const int32_t lo = q.act_min, hi = q.act_max, zp = q.out_zp;
  RqChannel rq = MakeRqChannel(q.multiplier[0], q.shift[0]);
  for (int32_t b = 0; b < batches; ++b) {
    const int8_t* x = in + static_cast<size_t>(b) * depth;
    int8_t* y = out + static_cast<size_t>(b) * units;
    if constexpr (kDsp) {
      const uint32_t off2 = Pack16(q.in_offset, q.in_offset);
      for (int32_t g = 0; g < groups; ++g) {
        const uint32_t v = Load32(x + 4 * g);
        xw[2 * g] = Sadd16(Sxtb16(v), off2);
        xw[2 * g + 1] = Sadd16(Sxtb16Ror8(v), off2);
      }
      for (int32_t i = 0; i < tail; ++i) {
        x16[4 * groups + i] = static_cast<int16_t>(x[4 * groups + i] + q.in_offset);
      }
    } else {
      for (int32_t i = 0; i < depth; ++i) x16[i] = static_cast<int16_t>(x[i] + q.in_offset);
    }
    int32_t o = 0;
    for (; o + 2 <= units; o += 2) {
      const int8_t* w0 = weights + static_cast<size_t>(o) * depth;
      const int8_t* w1 = w0 + depth;
      int32_t a0 = bias != nullptr ? bias[o] : 0;
      int32_t a1 = bias != nullptr ? bias[o + 1] : 0;
      if constexpr (kDsp) {
        const uint32_t* xp = xw;
        for (int32_t g = 0; g < groups; ++g) {
          const uint32_t v0 = Load32(w0), v1 = Load32(w1);
          w0 += 4;
          w1 += 4;
          const uint32_t xe = xp[0], xo = xp[1];
          xp += 2;
          a0 = Smlad(xe, Sxtb16(v0), a0);
          a1 = Smlad(xe, Sxtb16(v1), a1);
          a0 = Smlad(xo, Sxtb16Ror8(v0), a0);
          a1 = Smlad(xo, Sxtb16Ror8(v1), a1);
        }
        for (int32_t i = 0; i < tail; ++i) {
          a0 += xt[i] * w0[i];
          a1 += xt[i] * w1[i];
        }
      } else {
        int32_t s0 = 0, s1 = 0;
        for (int32_t i = 0; i < depth; ++i) {
          s0 += x16[i] * w0[i];
          s1 += x16[i] * w1[i];
        }
        a0 = AddWrap(a0, s0);
        a1 = AddWrap(a1, s1);
      }
      if (q.per_channel) rq = MakeRqChannel(q.multiplier[o], q.shift[o]);
      y[o] = static_cast<int8_t>(ClampAct(Requant(a0, rq) + zp, lo, hi));
      if (q.per_channel) rq = MakeRqChannel(q.multiplier[o + 1], q.shift[o + 1]);
      y[o + 1] = static_cast<int8_t>(ClampAct(Requant(a1, rq) + zp, lo, hi));
    }
    if (o < units) {  // odd unit count: the last row alone
      const int8_t* w0 = weights + static_cast<size_t>(o) * depth;
      int32_t a0 = bias != nullptr ? bias[o] : 0;
      if constexpr (kDsp) {
        for (int32_t g = 0; g < groups; ++g) {
          const uint32_t v0 = Load32(w0 + 4 * g);
          a0 = Smlad(xw[2 * g], Sxtb16(v0), a0);
          a0 = Smlad(xw[2 * g + 1], Sxtb16Ror8(v0), a0);
        }
        for (int32_t i = 0; i < tail; ++i) a0 += xt[i] * w0[4 * groups + i];
      } else {
        int32_t s0 = 0;
        for (int32_t i = 0; i < depth; ++i) s0 += x16[i] * w0[i];
        a0 = AddWrap(a0, s0);
      }
      if (q.per_channel) rq = MakeRqChannel(q.multiplier[o], q.shift[o]);
      y[o] = static_cast<int8_t>(ClampAct(Requant(a0, rq) + zp, lo, hi));
    }
  }
}

template void FullyConnectedInt8Impl<true>(int32_t, int32_t, int32_t, const OutQuant&,
                                           const int8_t*, const int8_t*, const int32_t*, int8_t*,
                                           void*);
template void FullyConnectedInt8Impl<false>(int32_t, int32_t, int32_t, const OutQuant&,
                                            const int8_t*, const int8_t*, const int32_t*, int8_t*,
                                            void*);

}  // namespace opt
}  // namespace kernels
}  // namespace circlet
