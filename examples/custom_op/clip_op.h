// SPDX-License-Identifier: Apache-2.0
// The custom operator example: "Clip", y = min(max(x, lo), hi) elementwise,
// with lo and hi (floats, real values) from the operator's custom options
// (a FlexBuffer map {"lo": ..., "hi": ...}; defaults -1 and 1). float32 and
// int8 (input and output with the same scale and zero point).
#ifndef CIRCLET_EXAMPLES_CUSTOM_OP_CLIP_OP_H_
#define CIRCLET_EXAMPLES_CUSTOM_OP_CLIP_OP_H_

#include "circlet/op_resolver.h"

namespace clip_example {

// The custom kernel for custom code "Clip" (defined in clip_op.cc).
extern const circlet::CustomKernel kClip;

// A resolver for models of FULLY_CONNECTED, ADD and Clip.
const circlet::OpResolver& ClipResolver();

}  // namespace clip_example

#endif  // CIRCLET_EXAMPLES_CUSTOM_OP_CLIP_OP_H_
