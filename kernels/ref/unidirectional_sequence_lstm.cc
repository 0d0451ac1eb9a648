// SPDX-License-Identifier: Apache-2.0
// UNIDIRECTIONAL_SEQUENCE_LSTM: an LSTM layer run over a sequence, its
// hidden and cell state in two variable tensors kept across Invoke().
//
// Tensors (TFLite's 24 inputs): 0 input [batch, time, n_input]
// ([time, batch, n_input] with time_major); 1-4 input-to-{input, forget,
// cell, output} weights [n_cell, n_input]; 5-8 recurrent-to-{...} weights
// [n_cell, n_output]; 12-15 {input, forget, cell, output} gate biases
// [n_cell]; 18 output (hidden) state and 19 cell state, variables
// [batch, n_output] and [batch, n_cell]. Peephole (9-11), projection
// (16-17) and layer normalization (20-23) are refused with their names.
// Output [batch, time, n_output] (or time major), n_output = n_cell.
//
// float32, as TFLite's reference LstmStepFloat (lstm_eval.cc), which TFLite
// Micro's float kernel follows. The input gate's weights and bias (1, 5, 12)
// may be absent together (CIFG: input gate = 1 - forget gate). Per time step
// t and batch b, with x = input[b][t] and h, c the state:
//   gate_g = act_g(bias_g + W_g x + R_g h)  (accumulated in that order),
//     act = sigmoid (LogisticFloat) for input, forget, output gates and the
//     fused activation (TANH as a rule) for the cell gate;
//   c = f * c + i * g (CIFG: (1 - f) * g); |c| clipped to cell_clip if > 0;
//   h = o * act(c) (the fused activation again); output[b][t] = h.
//
// Integer, as TFLite Micro's LstmStep (lstm_eval.h, lstm_eval.cc,
// lstm_eval_common.cc): "8x8_16" (int8 input, hidden state and output,
// int32 bias) and "16x8" (int16 input, hidden state and output, zero points
// 0, int64 bias); both with int8 weights (per tensor, zero point 0), an
// int16 cell state, all four gates (no CIFG) and the TANH cell activation.
// Every gate g of a step is two fully connected layers into int16 at scale
// 2^-12 (Q3.12), added with int16 saturation, then the int16 logistic (or
// tanh for the cell gate) of TFLite's reference_integer_ops (Q0.15 out):
//   a = sat16(MBQM(sum_k W_g[i][k] (x[k] - x_zp) + bias_g[i], M_in_g))
//   r = sat16(MBQM(sum_k R_g[i][k] (h[k] - h_zp), M_rec_g))
//   gate_g[i] = act(sat16(a + r)), act(v) = LogisticInt16 / TanhInt16 of 3v,
// M_in_g = QuantizeMultiplier(double(s_x) * double(s_W) / 2^-12), M_rec_g
// the same with s_h and s_R (CreateGateParams). 8x8_16 sums in int32 with
// MultiplyByQuantizedMultiplier; 16x8 sums in int64 and uses TFLite's int64
// MultiplyByQuantizedMultiplier (16-bit multiplier). Then, elementwise
// (TFLite's MulElementwise: MBQM of the int32 product, no input offsets):
//   c = sat16(sat16(MBQM(f * c, M_fc)) + sat16(MBQM(i * g, M_ig))),
//       clipped to +-q_clip when cell_clip > 0,
//       q_clip = int16(clamp(double(cell_clip) / double(s_c), -32768, 32767));
//   h = clamp(h_zp + MBQM(tanh_c(c) * o, M_h), range of h's type);
//   output[b][t] = h;
// M_fc = QM(double(2^-15) * double(s_c) / double(s_c)), M_ig =
// QM(2^-30 / double(s_c)), M_h = QM(2^-30 / double(s_h)) (CreateInterGateMulParams).
// tanh_c: the int16 tanh of the cell state, p = CheckedLog2(s_c) (rounded, not
// checked, as TFLite Micro), shift e = 12 + p: e >= 0 takes the input times
// 3 << e, e < 0 takes (3 c + 2^(-e - 1)) >> -e. Every gate reads the old h:
// a step writes the new h to its output row, then copies it into the state.
// The dot products: the reference loops, or (OptimizedKernels(), always on
// firmware) the 16x8 routines' exact sums over int16 operands, four cells at
// a time (SMLAD on Cortex-M4/M7); int8 x and h are widened with their zero
// points subtracted into scratch (n_input + n_cell int16), int16 ones are
// read in place. The same sums, so the same bytes.
#include <cmath>
#include <limits>
#include <type_traits>

#include "kernels/activation_util.h"
#include "kernels/arm/int16_kernels.h"
#include "kernels/kernel_util.h"
#include "kernels/optimized.h"
#include "quant/fixed_point.h"
#include "quant/quantize.h"
#include "quant/sigmoid.h"

namespace circlet {
namespace kernels {
namespace {

enum : int {
  kInput = 0,
  kInputToInput = 1,  // + gate: input, forget, cell, output
  kRecurrentToInput = 5,
  kCellToInput = 9,  // peephole: 9, 10, 11
  kInputGateBias = 12,
  kProjectionWeights = 16,
  kProjectionBias = 17,
  kOutputState = 18,
  kCellState = 19,
  kInputLayerNorm = 20,  // 20..23
};

enum : int { kGateInput = 0, kGateForget = 1, kGateCell = 2, kGateOutput = 3 };

struct LstmData {
  ScratchRecord* scratch;  // 4 gates x n_cell floats
  int32_t batch, time, n_input, n_cell, n_output;
  float cell_clip;
  int8_t activation;
  bool time_major, cifg;
};

// The integer LSTM's op data: per gate the input and recurrent fully
// connected multipliers, then the three elementwise products' multipliers
// and the cell state's tanh rescale.
struct GateMultipliers {
  int32_t in_mult, rec_mult;
  int8_t in_shift, rec_shift;
};

struct LstmIntData {
  ScratchRecord* scratch;  // int8: x and h widened to int16
  int32_t batch, time, n_input, n_cell;
  GateMultipliers gate[4];
  int32_t in_zp, hidden_zp;
  int32_t fc_mult, ig_mult, hidden_mult;  // f * c, i * g, tanh(c) * o
  int32_t tanh_mult, tanh_round;          // SigmoidInt16Input of the cell state
  int8_t fc_shift, ig_shift, hidden_shift, tanh_shift;
  int16_t cell_clip;  // quantized; 0: no clipping
  bool time_major;
};

// The fused activation of the cell gate and of the cell state before the
// output gate (TFLite's ApplyActivationToVector for the schema's values).
inline float Activate(int activation, float x) {
  switch (activation) {
    case 1:  // RELU
      return x < 0.0f ? 0.0f : x;
    case 2:  // RELU_N1_TO_1
      return x < -1.0f ? -1.0f : (x > 1.0f ? 1.0f : x);
    case 3:  // RELU6
      return x < 0.0f ? 0.0f : (x > 6.0f ? 6.0f : x);
    case 4:  // TANH
      return std::tanh(x);
    default: return x;
  }
}

CIRCLET_COLD Status CheckMatrix(OpContext& ctx, int i, int32_t rows, int32_t cols, DType type) {
  const TensorView w = ctx.input(i);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(w, type, "weights"));
  if (w.rank != 2 || w.dim(0) != rows || w.dim(1) != cols) {
    return ctx.Error(StatusCode::kInvalidModel, "input %d (tensor %d) must be [%d, %d]", i, w.index,
                     static_cast<int>(rows), static_cast<int>(cols));
  }
  return Status::Ok();
}

CIRCLET_COLD Status CheckVector(OpContext& ctx, int i, int32_t n, DType type) {
  const TensorView v = ctx.input(i);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(v, type, "bias"));
  if (v.rank != 1 || v.dim(0) != n) {
    return ctx.Error(StatusCode::kInvalidModel, "input %d (tensor %d) must be [%d]", i, v.index,
                     static_cast<int>(n));
  }
  return Status::Ok();
}

// A scale the integer LSTM divides by or multiplies with: positive, finite.
CIRCLET_COLD Status CheckScale(OpContext& ctx, const TensorView& t, const char* role) {
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, t, role));
  const float s = t.quant.scale();
  if (!(s > 0.0f) || !std::isfinite(s)) {
    return ctx.Error(StatusCode::kInvalidModel, "%s (tensor %d) has scale %g: must be positive",
                     role, t.index, static_cast<double>(s));
  }
  return Status::Ok();
}

CIRCLET_COLD Status CheckZeroPointZero(OpContext& ctx, const TensorView& t, const char* role) {
  if (t.quant.zero_point() == 0) return Status::Ok();
  return ctx.Error(StatusCode::kUnsupported, "%s (tensor %d) has zero point %d: must be 0", role,
                   t.index, static_cast<int>(t.quant.zero_point()));
}

// QuantizeMultiplier(double(a) * double(b) / double(c)), as TFLite Micro's
// CreateInterGateMulParams and GetQuantizedConvolutionMultipler.
CIRCLET_COLD void Multiplier(float a, float b, float c, int32_t* mult, int8_t* shift) {
  int s = 0;
  quant::QuantizeMultiplier(
      static_cast<double>(a) * static_cast<double>(b) / static_cast<double>(c), mult, &s);
  *shift = static_cast<int8_t>(s);
}

// The integer LSTM (TFLite Micro's PrepareGateParametersInteger and
// CreateLstmCellStateInfo), after the shared checks of Prepare.
CIRCLET_COLD Status PrepareInteger(OpContext& ctx, int32_t batch, int32_t time, int32_t n_input,
                                   int32_t n_cell, bool time_major, bool cifg) {
  const TensorView in = ctx.input(kInput), out = ctx.output(0);
  const TensorView hs = ctx.input(kOutputState), cs = ctx.input(kCellState);
  const bool int16 = in.type == DType::kInt16;
  const auto* opt = ctx.options<fb::UnidirectionalSequenceLSTMOptions>();
  if (cifg) {
    return ctx.Error(StatusCode::kUnsupported,
                     "CIFG (no input gate: inputs 1, 5, 12 absent) is float32 only; the integer "
                     "LSTM needs all four gates");
  }
  const int activation = opt != nullptr ? opt->fused_activation_function() : 0;
  if (activation != fb::ActivationFunctionType_TANH) {
    return ctx.Error(StatusCode::kUnsupported,
                     "fused activation %s: the integer LSTM's cell gate takes TANH only",
                     quant::ActivationName(activation));
  }
  const float cell_clip = opt != nullptr ? opt->cell_clip() : 0.0f;
  if (!(cell_clip >= 0.0f)) {
    return ctx.Error(StatusCode::kInvalidModel, "cell_clip %g must be >= 0",
                     static_cast<double>(cell_clip));
  }
  for (int g = 0; g < 4; ++g) {
    for (int i : {kInputToInput + g, kRecurrentToInput + g}) {
      const TensorView w = ctx.input(i);
      CIRCLET_RETURN_IF_ERROR(CheckScale(ctx, w, "weights"));
      if (w.quant.zero_point() != 0) {
        return ctx.Error(StatusCode::kUnsupported,
                         "weights (input %d, tensor %d) have zero point %d: the integer LSTM "
                         "takes symmetric int8 weights (zero point 0)",
                         i, w.index, static_cast<int>(w.quant.zero_point()));
      }
    }
  }
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(hs, in.type, "output state"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(cs, DType::kInt16, "cell state"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  CIRCLET_RETURN_IF_ERROR(CheckScale(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckScale(ctx, hs, "output state"));
  CIRCLET_RETURN_IF_ERROR(CheckScale(ctx, cs, "cell state"));
  CIRCLET_RETURN_IF_ERROR(CheckZeroPointZero(ctx, cs, "cell state"));
  if (int16) {
    CIRCLET_RETURN_IF_ERROR(CheckZeroPointZero(ctx, in, "int16 input"));
    CIRCLET_RETURN_IF_ERROR(CheckZeroPointZero(ctx, hs, "int16 output state"));
  }
  if (!int16) {
    CIRCLET_RETURN_IF_ERROR(CheckAccumulationTaps(ctx, n_input > n_cell ? n_input : n_cell));
  }
  auto* d = ctx.AllocateOpData<LstmIntData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->batch = batch;
  d->time = time;
  d->n_input = n_input;
  d->n_cell = n_cell;
  d->time_major = time_major;
  d->in_zp = in.quant.zero_point();
  d->hidden_zp = hs.quant.zero_point();
  // The gates' fully connected layers write int16 at 2^-12 (Q3.12), the
  // logistic's and tanh's inputs; their outputs are Q0.15.
  const float kGateScale = 1.0f / 4096.0f, kActScale = 1.0f / 32768.0f;
  for (int g = 0; g < 4; ++g) {
    GateMultipliers& m = d->gate[g];
    Multiplier(in.quant.scale(), ctx.input(kInputToInput + g).quant.scale(), kGateScale, &m.in_mult,
               &m.in_shift);
    Multiplier(hs.quant.scale(), ctx.input(kRecurrentToInput + g).quant.scale(), kGateScale,
               &m.rec_mult, &m.rec_shift);
    // The int64 MultiplyByQuantizedMultiplier shifts right by 15 - shift.
    if (int16 && (m.in_shift > 14 || m.rec_shift > 14)) {
      return ctx.Error(StatusCode::kUnsupported,
                       "gate %d's effective scale is 2^15 or more: beyond the 16x8 requantization",
                       g);
    }
  }
  const float s_c = cs.quant.scale();
  Multiplier(kActScale, s_c, s_c, &d->fc_mult, &d->fc_shift);
  Multiplier(kActScale, kActScale, s_c, &d->ig_mult, &d->ig_shift);
  Multiplier(kActScale, kActScale, hs.quant.scale(), &d->hidden_mult, &d->hidden_shift);
  int p = 0;
  CheckedLog2(s_c, &p);  // TFLite Micro rounds and does not check
  const int e = 12 + p;  // (15 + p) - 3
  if (e > 14 || e < -31) {
    return ctx.Error(StatusCode::kUnsupported,
                     "cell state (tensor %d) scale 2^%d is outside the int16 tanh's range "
                     "(2^-43 .. 2^2)",
                     cs.index, p);
  }
  d->tanh_mult = e >= 0 ? 3 << e : 3;
  d->tanh_shift = static_cast<int8_t>(e >= 0 ? 0 : -e);
  d->tanh_round = e >= 0 ? 0 : 1 << (-e - 1);
  const double q_clip = static_cast<double>(cell_clip) / static_cast<double>(s_c);
  d->cell_clip = cell_clip > 0.0f
                     ? static_cast<int16_t>(
                           q_clip < -32768.0 ? -32768.0 : (q_clip > 32767.0 ? 32767.0 : q_clip))
                     : 0;
  // int8: x and h widened to int16 for the dot products.
  if (int16) return Status::Ok();
  const size_t count = static_cast<size_t>(n_cell) + ((n_input + 1) & ~int32_t{1});
  return ctx.RequestScratch(count * sizeof(int16_t), &d->scratch);
}

// kFloatOnly: UNIDIRECTIONAL_SEQUENCE_LSTM_FLOAT (float32 only; no integer
// LSTM code in float firmware).
template <bool kFloatOnly>
CIRCLET_COLD Status Prepare(OpContext& ctx) {
  // 20 to 24 inputs, of which the optional ones may be -1 (CheckArity with
  // min 1 checks only input 0; the gates, biases and states below).
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 24, 1));
  if (ctx.num_inputs() < 20) {
    return ctx.Error(StatusCode::kInvalidModel, "has %d inputs, expected 20..24", ctx.num_inputs());
  }
  static const int8_t kRequired[] = {2, 3, 4, 6, 7, 8, 13, 14, 15, kOutputState, kCellState};
  for (int i : kRequired) {
    if (!ctx.has_input(i)) {
      return ctx.Error(StatusCode::kInvalidModel, "required input %d is missing", i);
    }
  }
  const TensorView in = ctx.input(kInput), out = ctx.output(0);
  const auto* opt = ctx.options<fb::UnidirectionalSequenceLSTMOptions>();
  for (int i = kCellToInput; i < kCellToInput + 3; ++i) {
    if (ctx.has_input(i)) {
      return ctx.Error(StatusCode::kUnsupported, "peephole weights (input %d) are not supported",
                       i);
    }
  }
  if (ctx.has_input(kProjectionWeights) || ctx.has_input(kProjectionBias)) {
    return ctx.Error(StatusCode::kUnsupported, "a projection (inputs 16, 17) is not supported");
  }
  for (int i = kInputLayerNorm; i < ctx.num_inputs(); ++i) {
    if (ctx.has_input(i)) {
      return ctx.Error(StatusCode::kUnsupported, "layer normalization (input %d) is not supported",
                       i);
    }
  }
  if (in.rank != 3) {
    return ctx.Error(StatusCode::kInvalidModel, "input (tensor %d) must have rank 3", in.index);
  }
  const bool time_major = opt != nullptr && opt->time_major();
  const int32_t time = time_major ? in.dim(0) : in.dim(1);
  const int32_t batch = time_major ? in.dim(1) : in.dim(0);
  const int32_t n_input = in.dim(2);
  const TensorView f = ctx.input(kInputToInput + 1);
  const TensorView r = ctx.input(kRecurrentToInput + 1);
  if (f.rank != 2 || r.rank != 2) {
    return ctx.Error(StatusCode::kInvalidModel, "the forget gate's weights must have rank 2");
  }
  const int32_t n_cell = f.dim(0), n_output = r.dim(1);
  const bool cifg = !ctx.has_input(kInputToInput);
  if (cifg != !ctx.has_input(kRecurrentToInput) || cifg != !ctx.has_input(kInputGateBias)) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "the input gate's weights and bias (inputs 1, 5, 12) must be all present or "
                     "all absent (CIFG)");
  }
  if (kFloatOnly) CIRCLET_RETURN_IF_ERROR(CheckFloatVariant(ctx));
  const bool integer = !kFloatOnly && in.type != DType::kFloat32;
  const DType weight_type = integer ? DType::kInt8 : DType::kFloat32;
  const DType bias_type = in.type == DType::kInt8    ? DType::kInt32
                          : in.type == DType::kInt16 ? DType::kInt64
                                                     : DType::kFloat32;
  for (int g = cifg ? 1 : 0; g < 4; ++g) {
    CIRCLET_RETURN_IF_ERROR(CheckMatrix(ctx, kInputToInput + g, n_cell, n_input, weight_type));
    CIRCLET_RETURN_IF_ERROR(CheckMatrix(ctx, kRecurrentToInput + g, n_cell, n_output, weight_type));
    CIRCLET_RETURN_IF_ERROR(CheckVector(ctx, kInputGateBias + g, n_cell, bias_type));
  }
  if (n_output != n_cell) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "output size %d differs from the cell count %d without a projection",
                     static_cast<int>(n_output), static_cast<int>(n_cell));
  }
  const TensorView hs = ctx.input(kOutputState), cs = ctx.input(kCellState);
  CIRCLET_RETURN_IF_ERROR(ctx.UseState(kOutputState));
  CIRCLET_RETURN_IF_ERROR(ctx.UseState(kCellState));
  if (hs.num_elements() != static_cast<int64_t>(batch) * n_output ||
      cs.num_elements() != static_cast<int64_t>(batch) * n_cell) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "the states (tensors %d, %d) must hold %d x %d and %d x %d values", hs.index,
                     cs.index, static_cast<int>(batch), static_cast<int>(n_output),
                     static_cast<int>(batch), static_cast<int>(n_cell));
  }
  const int32_t out_dims[3] = {in.dim(0), in.dim(1), n_output};
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, out_dims, 3));
  if (integer) return PrepareInteger(ctx, batch, time, n_input, n_cell, time_major, cifg);

  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(hs, DType::kFloat32, "output state"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(cs, DType::kFloat32, "cell state"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kFloat32, "output"));
  const int activation = opt != nullptr ? opt->fused_activation_function() : 0;
  if (activation < 0 || activation > 4) {
    return ctx.Error(StatusCode::kUnsupported, "fused activation %s is not supported",
                     quant::ActivationName(activation));
  }
  auto* d = ctx.AllocateOpData<LstmData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->batch = batch;
  d->time = time;
  d->n_input = n_input;
  d->n_cell = n_cell;
  d->n_output = n_output;
  d->cell_clip = opt != nullptr ? opt->cell_clip() : 0.0f;
  d->activation = static_cast<int8_t>(activation);
  d->time_major = time_major;
  d->cifg = cifg;
  return ctx.RequestScratch(static_cast<size_t>(4) * n_cell * sizeof(float), &d->scratch);
}

// gate[i] = bias[i] + W[i] . x + R[i] . h, in that order (TFLite's
// VectorBatchVectorAssign then two MatrixBatchVectorMultiplyAccumulate).
void Gate(const float* bias, const float* w, const float* x, int32_t n_input, const float* r,
          const float* h, int32_t n_output, int32_t n_cell, float* gate) {
  for (int32_t i = 0; i < n_cell; ++i) {
    float acc = 0.0f;
    const float* wi = w + static_cast<int64_t>(i) * n_input;
    for (int32_t k = 0; k < n_input; ++k) acc += wi[k] * x[k];
    float g = bias[i] + acc;
    acc = 0.0f;
    const float* ri = r + static_cast<int64_t>(i) * n_output;
    for (int32_t k = 0; k < n_output; ++k) acc += ri[k] * h[k];
    gate[i] = g + acc;
  }
}

CIRCLET_SPEED void EvalFloat(OpContext& ctx) {
  const LstmData& d = *ctx.op_data<LstmData>();
  const float* x = ctx.input(kInput).as<const float>();
  float* y = ctx.output(0).as<float>();
  float* hs = ctx.input(kOutputState).as<float>();
  float* cs = ctx.input(kCellState).as<float>();
  float* gates = static_cast<float*>(ctx.scratch(d.scratch));
  float* gi = gates;
  float* gf = gates + d.n_cell;
  float* gc = gates + 2 * d.n_cell;
  float* go = gates + 3 * d.n_cell;
  const float* w[4];
  const float* r[4];
  const float* b[4];
  for (int g = d.cifg ? 1 : 0; g < 4; ++g) {
    w[g] = ctx.input(kInputToInput + g).as<const float>();
    r[g] = ctx.input(kRecurrentToInput + g).as<const float>();
    b[g] = ctx.input(kInputGateBias + g).as<const float>();
  }
  for (int32_t b_i = 0; b_i < d.batch; ++b_i) {
    float* h = hs + static_cast<int64_t>(b_i) * d.n_output;
    float* c = cs + static_cast<int64_t>(b_i) * d.n_cell;
    for (int32_t t = 0; t < d.time; ++t) {
      const int64_t step = d.time_major ? static_cast<int64_t>(t) * d.batch + b_i
                                        : static_cast<int64_t>(b_i) * d.time + t;
      const float* xt = x + step * d.n_input;
      if (!d.cifg) Gate(b[0], w[0], xt, d.n_input, r[0], h, d.n_output, d.n_cell, gi);
      Gate(b[1], w[1], xt, d.n_input, r[1], h, d.n_output, d.n_cell, gf);
      Gate(b[2], w[2], xt, d.n_input, r[2], h, d.n_output, d.n_cell, gc);
      Gate(b[3], w[3], xt, d.n_input, r[3], h, d.n_output, d.n_cell, go);
      for (int32_t i = 0; i < d.n_cell; ++i) {
        const float f = LogisticFloat(gf[i]);
        const float in_gate = d.cifg ? 1.0f - f : LogisticFloat(gi[i]);
        float cell = f * c[i] + in_gate * Activate(d.activation, gc[i]);
        if (d.cell_clip > 0.0f) {
          cell = cell > d.cell_clip ? d.cell_clip : (cell < -d.cell_clip ? -d.cell_clip : cell);
        }
        c[i] = cell;
      }
      // h is read by every gate above: the new h is written only now.
      float* yt = y + step * d.n_output;
      for (int32_t i = 0; i < d.n_cell; ++i) {
        h[i] = LogisticFloat(go[i]) * Activate(d.activation, c[i]);
        yt[i] = h[i];
      }
    }
  }
}

// Integer helpers. Acc is the accumulator: int32 (8x8_16) or int64 (16x8).
// Sums wrap as two's complement (a hostile model's int32 sum; the int64 one
// cannot overflow with int16 x int8 products).
template <typename Acc, typename Act>
inline Acc Dot(const int8_t* w, const Act* x, int32_t n, int32_t zp) {
  using U = typename std::make_unsigned<Acc>::type;
  U acc = 0;
  for (int32_t k = 0; k < n; ++k) {
    acc += static_cast<U>(static_cast<Acc>(w[k] * (static_cast<int32_t>(x[k]) - zp)));
  }
  return static_cast<Acc>(acc);
}

inline int32_t LoadBias(const int32_t* b, int32_t i) {
  return b[i];
}
inline int64_t LoadBias(const int64_t* b, int32_t i) {
  return LoadInt64(b, i);
}

inline int32_t Rescale(int32_t acc, int32_t mult, int shift) {
  return quant::MultiplyByQuantizedMultiplier(acc, mult, shift);
}
inline int32_t Rescale(int64_t acc, int32_t mult, int shift) {
  return quant::MultiplyByQuantizedMultiplierInt64(acc, mult, shift);
}

inline int32_t Sat16(int32_t v) {
  return v < -32768 ? -32768 : (v > 32767 ? 32767 : v);
}

// The tail of one gate element: the input FC's sum (plus bias) and the
// recurrent FC's sum requantized to int16 at 2^-12 (saturated), their
// saturating sum, then the int16 logistic or tanh (reference_integer_ops,
// input multiplier 3, shift 0). The sums arrive exact in int64; 8x8_16
// keeps their low 32 bits, TFLite's wrapped int32 accumulator.
template <typename Bias>
inline int16_t FinishGate(const GateMultipliers& m, int64_t in_sum, Bias bias, int64_t rec_sum,
                          bool tanh) {
  using U = typename std::make_unsigned<Bias>::type;
  const Bias in_acc = quant::WrapAddT<Bias>(static_cast<Bias>(static_cast<U>(in_sum)), bias);
  const int32_t a = Sat16(Rescale(in_acc, m.in_mult, m.in_shift));
  const int32_t b =
      Sat16(Rescale(static_cast<Bias>(static_cast<U>(rec_sum)), m.rec_mult, m.rec_shift));
  const int32_t v = quant::SigmoidInt16Input(static_cast<int16_t>(Sat16(a + b)), 3, 0, 0);
  return tanh ? quant::TanhInt16(v) : quant::LogisticInt16(v);
}

// Gate g of cells [i, i + kRows) from the 16x8 routines' exact dot
// products (kernels/arm/int16_kernels.h: SMLAD on Cortex-M4/M7), the rows
// sharing each loaded input pair; x and h as int16 (int8 ones widened with
// their zero points subtracted: values in [-255, 255]).
template <int kRows, typename Bias>
inline void GateRows(const GateMultipliers& m, const int8_t* w, const Bias* bias, const int16_t* x,
                     int32_t n_input, const int8_t* r, const int16_t* h, int32_t n_cell, int32_t i,
                     bool tanh, int16_t* out) {
  opt::ExactSums<opt::kArmDsp, kRows> a, b;
  a.Add(x, w + static_cast<int64_t>(i) * n_input, n_input, n_input);
  a.Flush();
  b.Add(h, r + static_cast<int64_t>(i) * n_cell, n_cell, n_cell);
  b.Flush();
  for (int j = 0; j < kRows; ++j) {
    out[j] = FinishGate<Bias>(m, a.sum[j], LoadBias(bias, i + j), b.sum[j], tanh);
  }
}

// One cell's update from its four gates: the new c (clipped), and the new
// h, returned.
template <typename Act>
inline Act UpdateCell(const LstmIntData& d, int32_t gi, int32_t gf, int32_t gc, int32_t go,
                      int16_t* c) {
  const int32_t fc = Sat16(quant::MultiplyByQuantizedMultiplier(gf * *c, d.fc_mult, d.fc_shift));
  const int32_t ig = Sat16(quant::MultiplyByQuantizedMultiplier(gi * gc, d.ig_mult, d.ig_shift));
  int32_t cell = Sat16(fc + ig);
  if (d.cell_clip > 0) {
    cell = cell > d.cell_clip ? d.cell_clip : (cell < -d.cell_clip ? -d.cell_clip : cell);
  }
  *c = static_cast<int16_t>(cell);
  const int32_t tanh_c = quant::TanhInt16(quant::SigmoidInt16Input(
      static_cast<int16_t>(cell), d.tanh_mult, d.tanh_round, d.tanh_shift));
  const int32_t v = quant::WrapAdd(d.hidden_zp, quant::MultiplyByQuantizedMultiplier(
                                                    tanh_c * go, d.hidden_mult, d.hidden_shift));
  return quant::Clamp<Act>(v, std::numeric_limits<Act>::min(), std::numeric_limits<Act>::max());
}

template <typename Act>
inline void Widen(const Act* v, int32_t n, int32_t zp, int16_t* out) {
  for (int32_t k = 0; k < n; ++k) out[k] = static_cast<int16_t>(v[k] - zp);
}

// Every gate reads the old h: a step writes the new h to its output row
// first and copies it into the state at the end.
template <typename Act, typename Bias>
void EvalInteger(OpContext& ctx) {
  const LstmIntData& d = *ctx.op_data<LstmIntData>();
  const Act* x = ctx.input(kInput).as<const Act>();
  Act* y = ctx.output(0).as<Act>();
  Act* hs = ctx.input(kOutputState).as<Act>();
  int16_t* cs = ctx.input(kCellState).as<int16_t>();
  const int8_t* w[4];
  const int8_t* r[4];
  const Bias* b[4];
  for (int g = 0; g < 4; ++g) {
    w[g] = ctx.input(kInputToInput + g).as<const int8_t>();
    r[g] = ctx.input(kRecurrentToInput + g).as<const int8_t>();
    b[g] = static_cast<const Bias*>(ctx.input(kInputGateBias + g).data);
  }
  // int8: x - x_zp, then h - h_zp (word aligned), as int16.
  int16_t* xw = nullptr;
  int16_t* hw = nullptr;
  if constexpr (std::is_same<Act, int8_t>::value) {
    xw = static_cast<int16_t*>(ctx.scratch(d.scratch));
    hw = xw + ((d.n_input + 1) & ~int32_t{1});
  }
  const int32_t n = d.n_cell, n_input = d.n_input;
  for (int32_t b_i = 0; b_i < d.batch; ++b_i) {
    Act* h = hs + static_cast<int64_t>(b_i) * n;
    int16_t* c = cs + static_cast<int64_t>(b_i) * n;
    for (int32_t t = 0; t < d.time; ++t) {
      const int64_t step = d.time_major ? static_cast<int64_t>(t) * d.batch + b_i
                                        : static_cast<int64_t>(b_i) * d.time + t;
      const Act* xt = x + step * n_input;
      Act* yt = y + step * n;
      int32_t i = 0;
      if (opt::OptimizedKernels()) {
        const int16_t* x16 = xw;
        const int16_t* h16 = hw;
        if constexpr (std::is_same<Act, int8_t>::value) {
          Widen(xt, n_input, d.in_zp, xw);
          Widen(h, n, d.hidden_zp, hw);
        } else {
          x16 = xt;
          h16 = h;
        }
        int16_t gv[4][4];
        for (; i + 4 <= n; i += 4) {
          for (int g = 0; g < 4; ++g) {
            GateRows<4, Bias>(d.gate[g], w[g], b[g], x16, n_input, r[g], h16, n, i, g == kGateCell,
                              gv[g]);
          }
          for (int j = 0; j < 4; ++j) {
            yt[i + j] = UpdateCell<Act>(d, gv[kGateInput][j], gv[kGateForget][j], gv[kGateCell][j],
                                        gv[kGateOutput][j], &c[i + j]);
          }
        }
        for (; i < n; ++i) {
          for (int g = 0; g < 4; ++g) {
            GateRows<1, Bias>(d.gate[g], w[g], b[g], x16, n_input, r[g], h16, n, i, g == kGateCell,
                              gv[g]);
          }
          yt[i] = UpdateCell<Act>(d, gv[kGateInput][0], gv[kGateForget][0], gv[kGateCell][0],
                                  gv[kGateOutput][0], &c[i]);
        }
      } else {
        // The reference loops: per cell, per gate, the two dot products.
        for (; i < n; ++i) {
          int16_t gv[4];
          for (int g = 0; g < 4; ++g) {
            gv[g] = FinishGate<Bias>(
                d.gate[g],
                Dot<Bias>(w[g] + static_cast<int64_t>(i) * n_input, xt, n_input, d.in_zp),
                LoadBias(b[g], i), Dot<Bias>(r[g] + static_cast<int64_t>(i) * n, h, n, d.hidden_zp),
                g == kGateCell);
          }
          yt[i] = UpdateCell<Act>(d, gv[kGateInput], gv[kGateForget], gv[kGateCell],
                                  gv[kGateOutput], &c[i]);
        }
      }
      for (int32_t k = 0; k < n; ++k) h[k] = yt[k];
    }
  }
}

// UNIDIRECTIONAL_SEQUENCE_LSTM_FLOAT's eval.
CIRCLET_SPEED Status EvalFloatOnly(OpContext& ctx) {
  EvalFloat(ctx);
  return Status::Ok();
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  switch (ctx.input(kInput).type) {
    case DType::kInt8: EvalInteger<int8_t, int32_t>(ctx); break;
    case DType::kInt16: EvalInteger<int16_t, int64_t>(ctx); break;
    default: EvalFloat(ctx); break;
  }
  return Status::Ok();
}

}  // namespace

// Version 1 only: float32 and the integer kernels (TFLite's versions 2 to 4,
// the hybrid float-with-int8-weights kernels and diagonal recurrent
// weights, are not implemented). The 16x8 biases (inputs 12-15, int64) are
// read with LoadInt64.
CIRCLET_KERNEL_UNALIGNED64(UNIDIRECTIONAL_SEQUENCE_LSTM, Prepare<false>, Eval, 0x80)
// UNIDIRECTIONAL_SEQUENCE_LSTM_FLOAT: float32 only (CIRCLET_FLOAT_VARIANTS).
CIRCLET_KERNEL_FLOAT(UNIDIRECTIONAL_SEQUENCE_LSTM, Prepare<true>, EvalFloatOnly)

}  // namespace kernels
}  // namespace circlet
