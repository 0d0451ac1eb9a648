// SPDX-License-Identifier: Apache-2.0
// UNIDIRECTIONAL_SEQUENCE_LSTM: an LSTM layer run over a sequence, its
// hidden and cell state in two variable tensors kept across Invoke().
// float32, as TFLite's reference LstmStepFloat (lstm_eval.cc), which TFLite
// Micro's float kernel follows.
//
// Tensors (TFLite's 24 inputs): 0 input [batch, time, n_input]
// ([time, batch, n_input] with time_major); 1-4 input-to-{input, forget,
// cell, output} weights [n_cell, n_input]; 5-8 recurrent-to-{...} weights
// [n_cell, n_output]; 12-15 {input, forget, cell, output} gate biases
// [n_cell]; 18 output (hidden) state and 19 cell state, variables
// [batch, n_output] and [batch, n_cell]. The input gate's weights and bias
// (1, 5, 12) may be absent together (CIFG: input gate = 1 - forget gate).
// Peephole (9-11), projection (16-17) and layer normalization (20-23) are
// refused with their names. Output [batch, time, n_output] (or time major).
//
// Per time step t and batch b, with x = input[b][t] and h, c the state:
//   gate_g = act_g(bias_g + W_g x + R_g h)  (accumulated in that order),
//     act = sigmoid (LogisticFloat) for input, forget, output gates and the
//     fused activation (TANH as a rule) for the cell gate;
//   c = f * c + i * g (CIFG: (1 - f) * g); |c| clipped to cell_clip if > 0;
//   h = o * act(c) (the fused activation again); output[b][t] = h.
#include <cmath>

#include "kernels/activation_util.h"
#include "kernels/kernel_util.h"

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

struct LstmData {
  ScratchRecord* scratch;  // 4 gates x n_cell floats
  int32_t batch, time, n_input, n_cell, n_output;
  float cell_clip;
  int8_t activation;
  bool time_major, cifg;
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

CIRCLET_COLD Status CheckMatrix(OpContext& ctx, int i, int32_t rows, int32_t cols) {
  const TensorView w = ctx.input(i);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(w, DType::kFloat32, "weights"));
  if (w.rank != 2 || w.dim(0) != rows || w.dim(1) != cols) {
    return ctx.Error(StatusCode::kInvalidModel, "input %d (tensor %d) must be [%d, %d]", i, w.index,
                     static_cast<int>(rows), static_cast<int>(cols));
  }
  return Status::Ok();
}

CIRCLET_COLD Status CheckVector(OpContext& ctx, int i, int32_t n) {
  const TensorView v = ctx.input(i);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(v, DType::kFloat32, "bias"));
  if (v.rank != 1 || v.dim(0) != n) {
    return ctx.Error(StatusCode::kInvalidModel, "input %d (tensor %d) must be [%d]", i, v.index,
                     static_cast<int>(n));
  }
  return Status::Ok();
}

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
  if (in.type != DType::kFloat32) {
    return ctx.Error(StatusCode::kUnsupported,
                     "input (tensor %d) is %s: the integer LSTM is not implemented yet (float32 "
                     "only)",
                     in.index, DTypeName(in.type));
  }
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
  for (int g = cifg ? 1 : 0; g < 4; ++g) {
    CIRCLET_RETURN_IF_ERROR(CheckMatrix(ctx, kInputToInput + g, n_cell, n_input));
    CIRCLET_RETURN_IF_ERROR(CheckMatrix(ctx, kRecurrentToInput + g, n_cell, n_output));
    CIRCLET_RETURN_IF_ERROR(CheckVector(ctx, kInputGateBias + g, n_cell));
  }
  if (n_output != n_cell) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "output size %d differs from the cell count %d without a projection",
                     static_cast<int>(n_output), static_cast<int>(n_cell));
  }
  const TensorView hs = ctx.input(kOutputState), cs = ctx.input(kCellState);
  CIRCLET_RETURN_IF_ERROR(ctx.UseState(kOutputState));
  CIRCLET_RETURN_IF_ERROR(ctx.UseState(kCellState));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(hs, DType::kFloat32, "output state"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(cs, DType::kFloat32, "cell state"));
  if (hs.num_elements() != static_cast<int64_t>(batch) * n_output ||
      cs.num_elements() != static_cast<int64_t>(batch) * n_cell) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "the states (tensors %d, %d) must hold %d x %d and %d x %d values", hs.index,
                     cs.index, static_cast<int>(batch), static_cast<int>(n_output),
                     static_cast<int>(batch), static_cast<int>(n_cell));
  }
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kFloat32, "output"));
  const int32_t out_dims[3] = {in.dim(0), in.dim(1), n_output};
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, out_dims, 3));
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

CIRCLET_SPEED Status Eval(OpContext& ctx) {
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
  return Status::Ok();
}

}  // namespace

// Versions up to 1 for float32 (TFLite: v2 hybrid, v3 int8/int16, v4
// diagonal recurrent weights: refused).
CIRCLET_KERNEL(UNIDIRECTIONAL_SEQUENCE_LSTM, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
