// SPDX-License-Identifier: Apache-2.0
// Optimized 16x8 FULLY_CONNECTED (the reference is
// kernels/ref/fully_connected.cc; the exact sums and the requantization:
// kernels/arm/int16_kernels.h):
//   out[b][o] = Requantize16x8(sum_i in[b][i] * w[o][i])
// Units outer as in the reference loop, four at a time (DotInt16Rows: each
// input pair loaded once for four weight rows; the units % 4 last one at a
// time), their parameters computed once for all batches.
#include "kernels/arm/int16_kernels.h"

namespace circlet {
namespace kernels {
namespace opt {
namespace {

// One output (out of line: inlined into every unrolled copy it costs more
// flash than its call costs instructions, once per `depth` MACs).
__attribute__((noinline)) int16_t Out16(int64_t sum, const void* bias, int32_t o, int32_t m, int s,
                                        const Int16FcQuant& q) {
  return Requantize16x8(sum, bias, o, m, s, q.acc64, q.act_min, q.act_max);
}

template <bool kDsp, int kRows>
inline void Units(int32_t batches, int32_t depth, int32_t units, const Int16FcQuant& q,
                  UnitParamsFn unit_params, const void* params_ctx, const int16_t* in,
                  const int8_t* w, const void* bias, int32_t o, int16_t* out) {
  int32_t m[kRows];
  int s[kRows];
  for (int r = 0; r < kRows; ++r) {
    m[r] = q.multiplier;
    s[r] = q.shift;
    if (q.per_channel) unit_params(params_ctx, o + r, &m[r], &s[r]);
  }
  for (int32_t b = 0; b < batches; ++b) {
    ExactSums<kDsp, kRows> e;
    e.Add(in + static_cast<ptrdiff_t>(b) * depth, w, depth, depth);
    e.Flush();
    int16_t* y = out + static_cast<ptrdiff_t>(b) * units + o;
    for (int r = 0; r < kRows; ++r) {
      y[r] = Out16(e.sum[r], bias, o + r, m[r], s[r], q);
    }
  }
}

}  // namespace

template <bool kDsp>
void FullyConnectedInt16Impl(int32_t batches, int32_t depth, int32_t units, const Int16FcQuant& q,
                             UnitParamsFn unit_params, const void* params_ctx, const int16_t* in,
                             const int8_t* weights, const void* bias, int16_t* out) {
  int32_t o = 0;
  for (; o + 4 <= units; o += 4) {
    Units<kDsp, 4>(batches, depth, units, q, unit_params, params_ctx, in,
                   weights + static_cast<ptrdiff_t>(o) * depth, bias, o, out);
  }
  for (; o < units; ++o) {
    Units<kDsp, 1>(batches, depth, units, q, unit_params, params_ctx, in,
                   weights + static_cast<ptrdiff_t>(o) * depth, bias, o, out);
  }
}

template void FullyConnectedInt16Impl<true>(int32_t, int32_t, int32_t, const Int16FcQuant&,
                                            UnitParamsFn, const void*, const int16_t*,
                                            const int8_t*, const void*, int16_t*);
template void FullyConnectedInt16Impl<false>(int32_t, int32_t, int32_t, const Int16FcQuant&,
                                             UnitParamsFn, const void*, const int16_t*,
                                             const int8_t*, const void*, int16_t*);

}  // namespace opt
}  // namespace kernels
}  // namespace circlet
