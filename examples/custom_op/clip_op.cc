// SPDX-License-Identifier: Apache-2.0
// "Clip": a custom operator written outside circlet's kernels/ (see
// kernels/README.md, "Custom operators"). prepare reads the options, checks
// the tensors and keeps lo/hi in op data; eval only computes.
#include "examples/custom_op/clip_op.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "kernels/custom_options.h"
#include "runtime/op_context.h"

namespace clip_example {

using circlet::DType;
using circlet::OpContext;
using circlet::Status;
using circlet::StatusCode;
using circlet::TensorView;

namespace {

struct ClipData {
  float lo, hi;     // float32
  int8_t qlo, qhi;  // int8: lo and hi quantized with the output's parameters
};

int8_t QuantizeClamped(float v, float scale, int32_t zero_point) {
  const float q = std::round(v / scale) + static_cast<float>(zero_point);
  return static_cast<int8_t>(std::min(127.0f, std::max(-128.0f, q)));
}

Status ClipPrepare(OpContext& ctx) {
  if (ctx.num_inputs() != 1 || ctx.num_outputs() != 1 || !ctx.has_input(0)) {
    return ctx.Error(StatusCode::kInvalidModel, "Clip takes 1 input and 1 output");
  }
  CIRCLET_RETURN_IF_ERROR(circlet::CheckCustomOptions(ctx));
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (out.type != in.type || out.num_elements() != in.num_elements()) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "Clip: output (tensor %d) must be input's type and size", out.index);
  }
  const float lo = static_cast<float>(circlet::CustomOptionFloat(ctx, "lo", -1.0));
  const float hi = static_cast<float>(circlet::CustomOptionFloat(ctx, "hi", 1.0));
  if (!(lo <= hi)) {
    // (Status messages format integers and strings only.)
    return ctx.Error(StatusCode::kInvalidModel, "Clip: option lo is greater than hi");
  }
  ClipData* d = ctx.AllocateOpData<ClipData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "Clip: no room for op data");
  d->lo = lo;
  d->hi = hi;
  if (in.type == DType::kInt8) {
    if (in.quant.count != 1 || out.quant.count != 1 || in.quant.scale() != out.quant.scale() ||
        in.quant.zero_point() != out.quant.zero_point() || !(out.quant.scale() > 0)) {
      return ctx.Error(StatusCode::kUnsupported,
                       "Clip int8: input and output need one and the same scale and zero point");
    }
    d->qlo = QuantizeClamped(lo, out.quant.scale(), out.quant.zero_point());
    d->qhi = QuantizeClamped(hi, out.quant.scale(), out.quant.zero_point());
  } else if (in.type != DType::kFloat32) {
    return ctx.Error(StatusCode::kUnsupported, "Clip: %s input, takes float32 or int8",
                     circlet::DTypeName(in.type));
  }
  return Status::Ok();
}

Status ClipEval(OpContext& ctx) {
  const ClipData* d = ctx.op_data<ClipData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  const int64_t n = in.num_elements();
  if (in.type == DType::kFloat32) {
    const float* x = in.as<float>();
    float* y = out.as<float>();
    for (int64_t i = 0; i < n; ++i) y[i] = std::min(std::max(x[i], d->lo), d->hi);
  } else {
    const int8_t* x = in.as<int8_t>();
    int8_t* y = out.as<int8_t>();
    for (int64_t i = 0; i < n; ++i) y[i] = std::min(std::max(x[i], d->qlo), d->qhi);
  }
  return Status::Ok();
}

}  // namespace

CIRCLET_CUSTOM_KERNEL(kClip, "Clip", ClipPrepare, ClipEval)

#define CLIP_BUILTINS(X) X(FULLY_CONNECTED) X(ADD)
CIRCLET_DEFINE_OP_RESOLVER_WITH_CUSTOM(kClipResolver, CLIP_BUILTINS, &kClip.reg)

const circlet::OpResolver& ClipResolver() {
  return kClipResolver;
}

}  // namespace clip_example
