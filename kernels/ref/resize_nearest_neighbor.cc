// SPDX-License-Identifier: Apache-2.0
// RESIZE_NEAREST_NEIGHBOR: NHWC input [N, H, W, C], constant int32 size
// [OH, OW], output [N, OH, OW, C]:
//   out[b][y][x][c] = in[b][src(y, H, OH)][src(x, W, OW)][c]
// with TFLite's reference index rule (resize_nearest_neighbor.h), in float:
//   scale  = align_corners && O > 1 ? float(I - 1) / float(O - 1) : float(I) / float(O)
//   offset = half_pixel_centers ? 0.5f : 0.0f
//   v      = (float(o) + offset) * scale
//   src    = min(align_corners ? int(round(v)) : int(floor(v)), I - 1)
//            (round: half away from zero, std::round),
//   then, with half_pixel_centers, src = max(src, 0).
// Both options may be set together (TFLite does not refuse it here).
// Types: float32, int8, int16 (elements copied; output quantization must
// equal the input's).
#include <cmath>
#include <cstring>

#include "kernels/resize_util.h"

namespace circlet {
namespace kernels {
namespace {

struct OpData {
  float scale_h, scale_w;
  float offset;
  bool align_corners, half_pixel_centers;
};

CIRCLET_COLD float NearestScale(bool align_corners, int32_t in, int32_t out) {
  return (align_corners && out > 1) ? static_cast<float>(in - 1) / static_cast<float>(out - 1)
                                    : static_cast<float>(in) / static_cast<float>(out);
}

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  int32_t out_h = 0, out_w = 0;
  CIRCLET_RETURN_IF_ERROR(PrepareResize(ctx, &out_h, &out_w));
  const auto* opt = ctx.options<fb::ResizeNearestNeighborOptions>();
  auto* d = ctx.AllocateOpData<OpData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->align_corners = opt != nullptr && opt->align_corners();
  d->half_pixel_centers = opt != nullptr && opt->half_pixel_centers();
  const TensorView in = ctx.input(0);
  d->scale_h = NearestScale(d->align_corners, in.dim(1), out_h);
  d->scale_w = NearestScale(d->align_corners, in.dim(2), out_w);
  d->offset = d->half_pixel_centers ? 0.5f : 0.0f;
  return Status::Ok();
}

// The source index of output index o along an axis of input size `in`.
inline int32_t Source(const OpData& d, int32_t o, float scale, int32_t in) {
  const float v = (static_cast<float>(o) + d.offset) * scale;
  int32_t s =
      d.align_corners ? static_cast<int32_t>(std::round(v)) : static_cast<int32_t>(std::floor(v));
  if (s > in - 1) s = in - 1;
  if (d.half_pixel_centers && s < 0) s = 0;
  return s;
}

Status Eval(OpContext& ctx) {
  const OpData& d = *ctx.op_data<OpData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  const int32_t batches = in.dim(0), in_h = in.dim(1), in_w = in.dim(2);
  const int32_t out_h = out.dim(1), out_w = out.dim(2);
  const size_t pixel = static_cast<size_t>(in.dim(3)) * DTypeSize(in.type);
  const auto* src = static_cast<const uint8_t*>(in.data);
  auto* dst = static_cast<uint8_t*>(out.data);
  for (int32_t b = 0; b < batches; ++b) {
    const uint8_t* sb = src + static_cast<size_t>(b) * in_h * in_w * pixel;
    for (int32_t y = 0; y < out_h; ++y) {
      const uint8_t* row = sb + static_cast<size_t>(Source(d, y, d.scale_h, in_h)) * in_w * pixel;
      for (int32_t x = 0; x < out_w; ++x) {
        std::memcpy(dst, row + static_cast<size_t>(Source(d, x, d.scale_w, in_w)) * pixel, pixel);
        dst += pixel;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

// Versions: 1 float, 2 uint8/int8, 3 align_corners + half_pixel_centers,
// 4 int16 (TFLite's registration: 1..4).
CIRCLET_KERNEL(RESIZE_NEAREST_NEIGHBOR, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
