// SPDX-License-Identifier: Apache-2.0
// The kernels kws_ref_model needs, for the keyword-spotting firmware
// (kws_m7, kws_stream_m7): an int8 model, so the int8-only kernels
// (circlet/op_resolver.h). CIRCLET_DEFINE_OP_RESOLVER(name, KWS_OPS).
#ifndef CIRCLET_EXAMPLES_KEYWORD_SPOTTING_KWS_OPS_H_
#define CIRCLET_EXAMPLES_KEYWORD_SPOTTING_KWS_OPS_H_

// clang-format off
#define KWS_OPS(X) \
  X(CONV_2D_INT8) X(DEPTHWISE_CONV_2D_INT8) X(AVERAGE_POOL_2D_INT8) X(RESHAPE) \
  X(FULLY_CONNECTED_INT8) X(SOFTMAX_INT8)
// clang-format on

#endif  // CIRCLET_EXAMPLES_KEYWORD_SPOTTING_KWS_OPS_H_
