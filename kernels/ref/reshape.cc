// SPDX-License-Identifier: Apache-2.0
// RESHAPE: the output is a view of the input's bytes with a new shape.
//
// The new shape comes from the second input (an int32 shape tensor) when
// present, else from ReshapeOptions.new_shape; one dimension may be -1 and is
// inferred. The element count must not change. No data moves: the planner
// gives the output the input's memory (OpContext::ViewOutput), so there is
// no eval.
#include <cinttypes>

#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 2, 1));
  const TensorView in = ctx.input(0), out = ctx.output(0);
  const int32_t* shape = nullptr;
  int rank = -1;
  if (ctx.has_input(1)) {
    const TensorView s = ctx.input(1);
    if (s.type != DType::kInt32 || s.rank != 1 || !s.is_constant) {
      if (!s.is_constant && s.type == DType::kInt32) {
        // A computed shape: trust the model's output shape (static shapes).
        rank = -2;
      } else {
        return ctx.Error(StatusCode::kInvalidModel,
                         "shape input (tensor %d) must be a 1-D int32 tensor", s.index);
      }
    } else {
      shape = s.as<const int32_t>();
      rank = s.dim(0);
    }
  } else if (const auto* opt = ctx.options<fb::ReshapeOptions>()) {
    if (opt->new_shape() != nullptr) {
      shape = opt->new_shape()->data();
      rank = static_cast<int>(opt->new_shape()->size());
    }
  }
  if (rank == -1 || rank == -2) {
    // No new shape given: the model's output shape is the new shape.
    shape = out.dims;
    rank = out.rank;
  }
  if (rank > kMaxRank) {
    return ctx.Error(StatusCode::kUnsupported, "new shape has rank %d, at most %d", rank, kMaxRank);
  }
  int32_t dims[kMaxRank];
  int infer = -1;
  int64_t known = 1;
  for (int i = 0; i < rank; ++i) {
    dims[i] = shape[i];
    if (dims[i] == -1 && infer < 0) {
      infer = i;
    } else if (dims[i] < 0) {
      return ctx.Error(StatusCode::kInvalidModel, "new shape has dimension %" PRId32 " at axis %d",
                       dims[i], i);
    } else {
      known *= dims[i];
      if (known > 0x7FFFFFFF) {
        return ctx.Error(StatusCode::kInvalidModel, "new shape has over 2^31 elements");
      }
    }
  }
  const int64_t elems = in.num_elements();
  if (infer >= 0) {
    if (known == 0 || elems % known != 0) {
      return ctx.Error(StatusCode::kInvalidModel, "cannot infer -1: %lld elements into %lld",
                       static_cast<long long>(elems), static_cast<long long>(known));
    }
    dims[infer] = static_cast<int32_t>(elems / known);
    known = elems;
  }
  if (known != elems) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "new shape has %lld elements, input (tensor %d) has %lld",
                     static_cast<long long>(known), in.index, static_cast<long long>(elems));
  }
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  ctx.ViewOutput(0, 0);
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(RESHAPE, Prepare, nullptr)

}  // namespace kernels
}  // namespace circlet
