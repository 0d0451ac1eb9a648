// SPDX-License-Identifier: Apache-2.0
// Optimized int8 routines (kernels/optimized.h explains the two builds).
// Plain pointers and dimensions, no OpContext: the kernels in kernels/ref/
// call them from their eval when *Applies() holds (the convolutions decide
// it at prepare: ConvOpData::fast), and tests compare them byte for byte
// with straightforward loops.
//
// Shared conventions: NHWC activations, int8 with input offset -in_zp (added
// to every input value; padded taps contribute nothing), symmetric int8
// weights, int32 bias (may be null), per output channel c the reference
// requantization clamp(MultiplyByQuantizedMultiplier(acc, M[c], shift[c]) +
// out_zp, act_min, act_max) computed as in kernels/arm/requant.h. Scratch is
// a 4-byte aligned buffer of at least *ScratchBytes() bytes, requested by the
// kernel in prepare.
#ifndef CIRCLET_KERNELS_ARM_INT8_KERNELS_H_
#define CIRCLET_KERNELS_ARM_INT8_KERNELS_H_

#include <cstddef>
#include <cstdint>

#include "kernels/optimized.h"
#include "kernels/row_ring.h"

namespace circlet {
namespace kernels {
namespace opt {

// Scratch pieces start on word boundaries.
inline size_t Align4(size_t n) {
  return (n + 3) & ~static_cast<size_t>(3);
}

// Requantization of an op's outputs. per_channel: multiplier/shift have one
// entry per output channel, else one entry for all.
struct OutQuant {
  const int32_t* multiplier;
  const int8_t* shift;
  bool per_channel;
  int32_t in_offset;  // -input zero point
  int32_t out_zp;
  int32_t act_min, act_max;
};

// --- CONV_2D ---------------------------------------------------------------
// in [N, H, W, C], filter [OC, KH, KW, C], out [N, OH, OW, OC].
struct ConvShape {
  int32_t batches, in_h, in_w, in_c;
  int32_t out_h, out_w, out_c;
  int32_t k_h, k_w;
  int32_t stride_h, stride_w, dilation_h, dilation_w;
  int32_t pad_h, pad_w;
};

bool ConvInt8Applies(const ConvShape& s, const OutQuant& q);
size_t ConvInt8ScratchBytes(const ConvShape& s);
// out = CONV_2D(in, filter). Pixels are computed four at a time from an
// im2col block of int16 (value + offset; 0 for padding) in scratch; a 1x1
// convolution reads its input rows directly.
// In place (`ring` active, output starting where the input starts): input
// rows are read through the ring, and before a block's outputs are written
// the ring saves the input rows they overwrite that later blocks still read
// (kernels/conv_util.h; ring rows are whole input rows, so not for the
// one-pixel rows of ConvDimsOf's pointwise view). Blocks run backwards when
// the ring does.
template <bool kDsp>
void ConvInt8Impl(const ConvShape& s, const OutQuant& q, const int8_t* in, const int8_t* filter,
                  const int32_t* bias, int8_t* out, void* scratch, RowRing<int8_t>* ring);
inline void ConvInt8(const ConvShape& s, const OutQuant& q, const int8_t* in, const int8_t* filter,
                     const int32_t* bias, int8_t* out, void* scratch,
                     RowRing<int8_t>* ring = nullptr) {
  ConvInt8Impl<kArmDsp>(s, q, in, filter, bias, out, scratch, ring);
}

// The same for a 1x1 stride-1 convolution without padding (output pixels =
// input pixels), pixels in blocks of four from the last block to the first:
// run in place with out_c >= in_c, the output never overwrites input that is
// still to be read (kernels/arm/dispatch.h).
template <bool kDsp>
void ConvInt8PointwiseBackwardImpl(const ConvShape& s, const OutQuant& q, const int8_t* in,
                                   const int8_t* filter, const int32_t* bias, int8_t* out,
                                   void* scratch);
inline void ConvInt8PointwiseBackward(const ConvShape& s, const OutQuant& q, const int8_t* in,
                                      const int8_t* filter, const int32_t* bias, int8_t* out,
                                      void* scratch) {
  ConvInt8PointwiseBackwardImpl<kArmDsp>(s, q, in, filter, bias, out, scratch);
}

// --- DEPTHWISE_CONV_2D -------------------------------------------------------
// in [N, H, W, C], filter [1, KH, KW, C * mult], out [N, OH, OW, C * mult].
// Two fast cases: 3x3, multiplier 1, stride 1 or 2, no dilation (each channel
// widened into a zero-padded int16 plane in scratch, two outputs per step);
// and one input channel (any filter, multiplier = OC: a convolution with
// the filter transposed into scratch).
// The first case (the plane routine).
inline bool DepthwiseInt8Plane3x3(const ConvShape& s, int32_t depth_multiplier) {
  return depth_multiplier == 1 && s.k_h == 3 && s.k_w == 3 && s.dilation_h == 1 &&
         s.dilation_w == 1 && s.stride_h == s.stride_w && (s.stride_h == 1 || s.stride_h == 2);
}
bool DepthwiseInt8Shape(const ConvShape& s, int32_t depth_multiplier);  // one of the two cases
bool DepthwiseInt8Applies(const ConvShape& s, int32_t depth_multiplier, const OutQuant& q);
size_t DepthwiseInt8ScratchBytes(const ConvShape& s, int32_t depth_multiplier);
// `ring`: in place, for the one-input-channel case only (ConvInt8's ring).
template <bool kDsp>
void DepthwiseInt8Impl(const ConvShape& s, int32_t depth_multiplier, const OutQuant& q,
                       const int8_t* in, const int8_t* filter, const int32_t* bias, int8_t* out,
                       void* scratch, RowRing<int8_t>* ring);
inline void DepthwiseInt8(const ConvShape& s, int32_t depth_multiplier, const OutQuant& q,
                          const int8_t* in, const int8_t* filter, const int32_t* bias, int8_t* out,
                          void* scratch, RowRing<int8_t>* ring = nullptr) {
  DepthwiseInt8Impl<kArmDsp>(s, depth_multiplier, q, in, filter, bias, out, scratch, ring);
}

// --- FULLY_CONNECTED -------------------------------------------------------
// in [batches, depth], weights [units, depth], out [batches, units]. No
// scratch: the input is widened on the fly, four values at a time, and
// shared by four weight rows. Per-tensor quantization: q.multiplier[0],
// q.shift[0]. Per-channel (q.per_channel): unit o's (multiplier, shift) from
// unit_params(params_ctx, o, ...) when unit_params is set (the kernel
// computes it there rather than keep a table in RAM), else from
// q.multiplier[o], q.shift[o]. Multipliers outside the fast requantization
// form are requantized with the reference formula (quant/fixed_point.h).
// The accumulators wrap like the reference's int32 adds (any bias).
typedef void (*UnitParamsFn)(const void* ctx, int32_t unit, int32_t* multiplier, int* shift);
bool FullyConnectedInt8Applies(int32_t depth, const OutQuant& q);
template <bool kDsp>
void FullyConnectedInt8Impl(int32_t batches, int32_t depth, int32_t units, const OutQuant& q,
                            UnitParamsFn unit_params, const void* params_ctx, const int8_t* in,
                            const int8_t* weights, const int32_t* bias, int8_t* out);
inline void FullyConnectedInt8(int32_t batches, int32_t depth, int32_t units, const OutQuant& q,
                               UnitParamsFn unit_params, const void* params_ctx, const int8_t* in,
                               const int8_t* weights, const int32_t* bias, int8_t* out) {
  FullyConnectedInt8Impl<kArmDsp>(batches, depth, units, q, unit_params, params_ctx, in, weights,
                                  bias, out);
}

// The common case on its own: per-tensor weights and a requantization with
// a right shift (kernels/arm/requant.h's fast form), everything the routine
// needs computed once at prepare (MakeFcPerTensor) and kept by the kernel in
// its op data, so that eval passes it as it is (32 bytes).
struct FcPerTensor {
  int32_t multiplier;             // M
  uint32_t k_lo;                  // K = 2^30 + 2^(30+e), low and high words
  int32_t k_hi;                   //   (requant.h's RqChannel)
  uint32_t off2;                  // the input offset in both halfwords
  int32_t batches, units, depth;  // depth in 1..65536
  int8_t rshift;                  // e - 1
  int8_t out_zp, act_min, act_max;
};
// Prepare: whether FullyConnectedInt8PerTensor takes the op
// (FullyConnectedInt8Applies, per-tensor, RequantFastOk, and on the DSP
// build a depth that is a multiple of 4 or below 4: its four-row blocks read
// whole input words), and if so the op's parameters in *p.
bool FcPerTensorAtPrepare(int32_t batches, int32_t depth, int32_t units, const OutQuant& q,
                          FcPerTensor* p);
// out = FULLY_CONNECTED(in) as FullyConnectedInt8Impl computes it.
template <bool kDsp>
void FullyConnectedInt8PerTensorImpl(const FcPerTensor& p, const int8_t* in, const int8_t* weights,
                                     const int32_t* bias, int8_t* out);
inline void FullyConnectedInt8PerTensor(const FcPerTensor& p, const int8_t* in,
                                        const int8_t* weights, const int32_t* bias, int8_t* out) {
  FullyConnectedInt8PerTensorImpl<kArmDsp>(p, in, weights, bias, out);
}

// --- MAX_POOL_2D / AVERAGE_POOL_2D --------------------------------------------
// in [N, H, W, C], out [N, OH, OW, C]; window filter_h x filter_w at
// stride, leading padding pad_h / pad_w, clipped to the input. Any int8
// shape (no scratch); act_min/act_max the int8 activation clamp.
struct PoolShape {
  int32_t batches, in_h, in_w, channels;
  int32_t out_h, out_w;
  int32_t stride_h, stride_w, filter_h, filter_w, pad_h, pad_w;
  int32_t act_min, act_max;
};
template <bool kDsp>
void MaxPoolInt8Impl(const PoolShape& s, const int8_t* in, int8_t* out);
template <bool kDsp>
void AveragePoolInt8Impl(const PoolShape& s, const int8_t* in, int8_t* out);
inline void MaxPoolInt8(const PoolShape& s, const int8_t* in, int8_t* out) {
  MaxPoolInt8Impl<kArmDsp>(s, in, out);
}
inline void AveragePoolInt8(const PoolShape& s, const int8_t* in, int8_t* out) {
  AveragePoolInt8Impl<kArmDsp>(s, in, out);
}

// --- ADD ---------------------------------------------------------------------
// y[i] = ADD(a[i * a_step], b[i * b_step]) for i < n (steps 0 or 1: one
// input may be a broadcast scalar run); the parameters of kernels/ref/add.cc.
struct AddQuant {
  int32_t in1_offset, in2_offset, out_offset;  // -zp1, -zp2, zp_out
  int32_t in1_multiplier, in1_shift, in2_multiplier, in2_shift, out_multiplier, out_shift;
  int32_t left_shift;
  int32_t act_min, act_max;
};
// int8's left shift 20, every shift in [-31, 0], zero points of int8 size.
bool AddInt8Applies(const AddQuant& q);
template <bool kDsp>
void AddInt8Impl(const AddQuant& q, const int8_t* a, int32_t a_step, const int8_t* b,
                 int32_t b_step, int8_t* y, int32_t n);
inline void AddInt8(const AddQuant& q, const int8_t* a, int32_t a_step, const int8_t* b,
                    int32_t b_step, int8_t* y, int32_t n) {
  AddInt8Impl<kArmDsp>(q, a, a_step, b, b_step, y, n);
}

// --- SOFTMAX -----------------------------------------------------------------
// int8 input [rows, depth] to int8 (scale 1/256, zero point -128) or int16
// (1/65536, -32768) output; the parameters of kernels/ref/softmax.cc
// (PreprocessSoftmaxScaling's multiplier and left shift, -input radius).
struct SoftmaxParams {
  int32_t rows, depth;
  int32_t multiplier, left_shift, diff_min;
};
bool SoftmaxInt8Applies(const SoftmaxParams& p);
// The routine's exp: quant::ExpOnNegativeValues<5>(a) for a <= 0 (exposed
// for the test that compares the two).
int32_t SoftmaxExpQ5(int32_t a);
template <bool kDsp>
void SoftmaxInt8Impl(const SoftmaxParams& p, const int8_t* in, int8_t* out);
template <bool kDsp>
void SoftmaxInt8ToInt16Impl(const SoftmaxParams& p, const int8_t* in, int16_t* out);
inline void SoftmaxInt8(const SoftmaxParams& p, const int8_t* in, int8_t* out) {
  SoftmaxInt8Impl<kArmDsp>(p, in, out);
}
inline void SoftmaxInt8ToInt16(const SoftmaxParams& p, const int8_t* in, int16_t* out) {
  SoftmaxInt8ToInt16Impl<kArmDsp>(p, in, out);
}

}  // namespace opt
}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_ARM_INT8_KERNELS_H_
