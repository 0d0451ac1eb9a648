// SPDX-License-Identifier: Apache-2.0
// RESIZE_BILINEAR: NHWC input [N, H, W, C], constant int32 size [OH, OW],
// output [N, OH, OW, C]; each output pixel interpolates the four input
// pixels around its source position, as TFLite's reference
// (resize_bilinear.h), which TFLite Micro runs for both types:
//
// float32 (ResizeBilinear<float>), all in float:
//   scale = align_corners && O > 1 ? float(I - 1) / (O - 1) : float(I) / O
//   v = half_pixel_centers ? (float(o) + 0.5f) * scale - 0.5f : float(o) * scale
//   i0 = max(int(floor(v)), 0), i1 = min(int(ceil(v)), I - 1), d = v - float(i0)
//   out = in[y0][x0] * (1 - dy) * (1 - dx) + in[y1][x0] * dy * (1 - dx)
//       + in[y0][x1] * (1 - dy) * dx + in[y1][x1] * dy * dx   (left to right)
//
// int8 (the integer overload, 10 fractional bits):
//   scale_10 = align_corners && O > 1 ? ((I - 1) * 1024 + (O - 1) / 2) / (O - 1)
//                                     : (I * 1024 + O / 2) / O
//   v = half_pixel_centers ? o * scale_10 + scale_10 / 2 - 512 : o * scale_10
//   i0 = max(v / 1024, 0), i1 = min((v + 1023) / 1024, I - 1)  (C division)
//   w1 = v - 1024 * i0, w0 = 1024 - w1 (per axis), in int64:
//   s = in[y0][x0] * w0y * w0x + in[y1][x0] * w1y * w0x + in[y0][x1] * w0y * w1x
//     + in[y1][x1] * w1y * w1x
//   out = int8((s + (s > 0 ? 2^19 : -2^19)) / 2^20)   (C division: ties away from 0)
// The raw values are interpolated: the output quantization must equal the
// input's. align_corners and half_pixel_centers together are refused, as
// TFLite does. int16 is refused (TFLite Micro: "requires float or int8").
// i0 is also kept <= I - 1, which only matters where TFLite would read past
// the input (inputs or outputs above 2^20 pixels per axis are refused).
#include <cinttypes>
#include <cmath>

#include "kernels/resize_util.h"

namespace circlet {
namespace kernels {
namespace {

struct OpData {
  float scale_h, scale_w;        // float32
  int32_t scale10_h, scale10_w;  // int8
  bool half_pixel_centers;
};

constexpr int32_t kMaxAxis = 1 << 20;

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  int32_t out_h = 0, out_w = 0;
  CIRCLET_RETURN_IF_ERROR(PrepareResize(ctx, &out_h, &out_w));
  const auto* opt = ctx.options<fb::ResizeBilinearOptions>();
  const bool align = opt != nullptr && opt->align_corners();
  const bool half = opt != nullptr && opt->half_pixel_centers();
  if (align && half) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "align_corners and half_pixel_centers are both set: half_pixel_centers "
                     "needs align_corners false");
  }
  const TensorView in = ctx.input(0);
  const int32_t in_h = in.dim(1), in_w = in.dim(2);
  if (in_h >= kMaxAxis || in_w >= kMaxAxis || out_h >= kMaxAxis || out_w >= kMaxAxis) {
    return ctx.Error(StatusCode::kUnsupported,
                     "input %" PRId32 "x%" PRId32 " or output %" PRId32 "x%" PRId32
                     " has an axis of 2^20 pixels or more",
                     in_h, in_w, out_h, out_w);
  }
  auto* d = ctx.AllocateOpData<OpData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->half_pixel_centers = half;
  d->scale_h = static_cast<float>(in_h) / static_cast<float>(out_h);
  d->scale_w = static_cast<float>(in_w) / static_cast<float>(out_w);
  d->scale10_h = (in_h * 1024 + out_h / 2) / out_h;
  d->scale10_w = (in_w * 1024 + out_w / 2) / out_w;
  if (align && out_h > 1) {
    d->scale_h = static_cast<float>(in_h - 1) / static_cast<float>(out_h - 1);
    d->scale10_h = ((in_h - 1) * 1024 + (out_h - 1) / 2) / (out_h - 1);
  }
  if (align && out_w > 1) {
    d->scale_w = static_cast<float>(in_w - 1) / static_cast<float>(out_w - 1);
    d->scale10_w = ((in_w - 1) * 1024 + (out_w - 1) / 2) / (out_w - 1);
  }
  return Status::Ok();
}

// Source position of output index o along one axis: lower and upper input
// index and the position (float: in pixels; int8: in 1/1024 pixels).
struct FloatTap {
  int32_t i0, i1;
  float v;
};
inline FloatTap FloatTapAt(int32_t o, float scale, bool half, int32_t size) {
  FloatTap t;
  t.v = half ? (static_cast<float>(o) + 0.5f) * scale - 0.5f : static_cast<float>(o) * scale;
  t.i0 = std::max(static_cast<int32_t>(std::floor(t.v)), static_cast<int32_t>(0));
  t.i0 = std::min(t.i0, size - 1);
  t.i1 = std::min(static_cast<int32_t>(std::ceil(t.v)), size - 1);
  return t;
}

struct IntTap {
  int32_t i0, i1;
  int32_t v;
};
inline IntTap IntTapAt(int32_t o, int32_t scale10, bool half, int32_t size) {
  IntTap t;
  t.v = half ? o * scale10 + scale10 / 2 - (1 << 9) : o * scale10;
  t.i0 = std::max(t.v / 1024, static_cast<int32_t>(0));
  t.i0 = std::min(t.i0, size - 1);
  t.i1 = std::min((t.v + 1023) / 1024, size - 1);
  return t;
}

void EvalFloat(const OpData& d, const TensorView& in, const TensorView& out) {
  const int32_t batches = in.dim(0), in_h = in.dim(1), in_w = in.dim(2), depth = in.dim(3);
  const int32_t out_h = out.dim(1), out_w = out.dim(2);
  const float* x = in.as<const float>();
  float* y = out.as<float>();
  for (int32_t b = 0; b < batches; ++b) {
    const float* xb = x + static_cast<ptrdiff_t>(b) * in_h * in_w * depth;
    for (int32_t oy = 0; oy < out_h; ++oy) {
      const FloatTap ty = FloatTapAt(oy, d.scale_h, d.half_pixel_centers, in_h);
      const float dy = ty.v - static_cast<float>(ty.i0);
      const float* r0 = xb + static_cast<ptrdiff_t>(ty.i0) * in_w * depth;
      const float* r1 = xb + static_cast<ptrdiff_t>(ty.i1) * in_w * depth;
      for (int32_t ox = 0; ox < out_w; ++ox) {
        const FloatTap tx = FloatTapAt(ox, d.scale_w, d.half_pixel_centers, in_w);
        const float dx = tx.v - static_cast<float>(tx.i0);
        const float* p00 = r0 + static_cast<ptrdiff_t>(tx.i0) * depth;
        const float* p10 = r1 + static_cast<ptrdiff_t>(tx.i0) * depth;
        const float* p01 = r0 + static_cast<ptrdiff_t>(tx.i1) * depth;
        const float* p11 = r1 + static_cast<ptrdiff_t>(tx.i1) * depth;
        for (int32_t c = 0; c < depth; ++c) {
          *y++ = p00[c] * (1 - dy) * (1 - dx) + p10[c] * dy * (1 - dx) + p01[c] * (1 - dy) * dx +
                 p11[c] * dy * dx;
        }
      }
    }
  }
}

void EvalInt8(const OpData& d, const TensorView& in, const TensorView& out) {
  const int32_t batches = in.dim(0), in_h = in.dim(1), in_w = in.dim(2), depth = in.dim(3);
  const int32_t out_h = out.dim(1), out_w = out.dim(2);
  const int8_t* x = in.as<const int8_t>();
  int8_t* y = out.as<int8_t>();
  for (int32_t b = 0; b < batches; ++b) {
    const int8_t* xb = x + static_cast<ptrdiff_t>(b) * in_h * in_w * depth;
    for (int32_t oy = 0; oy < out_h; ++oy) {
      const IntTap ty = IntTapAt(oy, d.scale10_h, d.half_pixel_centers, in_h);
      const int64_t w1y = ty.v - 1024 * ty.i0, w0y = 1024 - w1y;
      const int8_t* r0 = xb + static_cast<ptrdiff_t>(ty.i0) * in_w * depth;
      const int8_t* r1 = xb + static_cast<ptrdiff_t>(ty.i1) * in_w * depth;
      for (int32_t ox = 0; ox < out_w; ++ox) {
        const IntTap tx = IntTapAt(ox, d.scale10_w, d.half_pixel_centers, in_w);
        const int64_t w1x = tx.v - 1024 * tx.i0, w0x = 1024 - w1x;
        const int8_t* p00 = r0 + static_cast<ptrdiff_t>(tx.i0) * depth;
        const int8_t* p10 = r1 + static_cast<ptrdiff_t>(tx.i0) * depth;
        const int8_t* p01 = r0 + static_cast<ptrdiff_t>(tx.i1) * depth;
        const int8_t* p11 = r1 + static_cast<ptrdiff_t>(tx.i1) * depth;
        for (int32_t c = 0; c < depth; ++c) {
          const int64_t s =
              p00[c] * w0y * w0x + p10[c] * w1y * w0x + p01[c] * w0y * w1x + p11[c] * w1y * w1x;
          const int64_t round = s > 0 ? (1 << 19) : -(1 << 19);
          *y++ = static_cast<int8_t>((s + round) / (1 << 20));
        }
      }
    }
  }
}

Status Eval(OpContext& ctx) {
  const OpData& d = *ctx.op_data<OpData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (in.type == DType::kFloat32) {
    EvalFloat(d, in, out);
  } else {
    EvalInt8(d, in, out);
  }
  return Status::Ok();
}

}  // namespace

// Versions: 1 float, 2 uint8/int8, 3 half_pixel_centers, 4 int16 (TFLite's
// registration: 1..4); int16 data itself is refused (operator table).
CIRCLET_KERNEL(RESIZE_BILINEAR, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
