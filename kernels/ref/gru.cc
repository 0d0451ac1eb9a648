// SPDX-License-Identifier: Apache-2.0
// GRU: Circle's gated recurrent unit (builtin code -5, CIR_GRU; options
// GRUOptions: fused_activation_function, return_sequences, time_major),
// float32, as onert-micro runs it (its GRU kernel and PAL):
//
//   inputs  0 x      [time, 1, n_in]: one sequence, time steps outermost
//           1 W_x    [3n, n_in]   (Circle: hidden_hidden)    2 b_x [3n] or absent
//           3 W_h    [3n, n]      (Circle: hidden_input)     4 b_h [3n] or absent
//           5 h0     n elements: the state the sequence starts from
//   output  0 h      n elements: the state after the last step
//
// Per time step t, with p = W_x x_t + b_x and q = W_h h + b_h (3n values
// each, parts [0, n), [n, 2n), [2n, 3n)):
//   z = sigmoid(q[0:n] + p[0:n])                  update gate
//   r = sigmoid(p[n:2n] + q[n:2n])                reset gate
//   c = tanh(r * q[2n:3n] + p[2n:3n])             candidate (1 above 19, -1 below -19)
//   h = z * h + (1 - z) * c
// sigmoid is TFLite's float logistic (LogisticFloat). The state is an
// input, not a variable: every Invoke() starts from h0, as in onert-micro.
// onert-micro reads no option when it runs the operator: the fused
// activation and time_major change nothing here either; return_sequences
// (one output per step) is refused, since onert-micro writes only the last
// state. Batches other than 1 are refused for the same reason.
#include <cmath>

#include "kernels/activation_util.h"
#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {
namespace {

enum : int { kX = 0, kWx = 1, kBx = 2, kWh = 3, kBh = 4, kState = 5 };

struct GruData {
  ScratchRecord* scratch;  // p and q: 2 x 3n floats
  int32_t time, n_in, n;
};

CIRCLET_COLD Status CheckWeights(const OpContext& ctx, int w, int b, int rows, int cols,
                                 const char* name) {
  const TensorView wt = ctx.input(w);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(wt, DType::kFloat32, name));
  if (wt.rank != 2 || wt.dim(0) != rows || wt.dim(1) != cols) {
    return ctx.Error(StatusCode::kInvalidModel, "%s (tensor %d) must be [%d, %d]", name, wt.index,
                     rows, cols);
  }
  if (!ctx.has_input(b)) return Status::Ok();
  const TensorView bias = ctx.input(b);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(bias, DType::kFloat32, "bias"));
  if (bias.num_elements() != rows) {
    return ctx.Error(StatusCode::kInvalidModel, "bias (tensor %d) has %lld elements, expected %d",
                     bias.index, static_cast<long long>(bias.num_elements()), rows);
  }
  return Status::Ok();
}

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  if (ctx.num_inputs() != 6 || ctx.num_outputs() != 1 || !ctx.has_input(kX) ||
      !ctx.has_input(kWx) || !ctx.has_input(kWh) || !ctx.has_input(kState)) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "needs 6 inputs (input, weights 1 and 3, state 5; biases 2 and 4 may be "
                     "absent) and 1 output");
  }
  const auto* opt = ctx.options<fb::GRUOptions>();
  if (opt != nullptr && opt->return_sequences()) {
    return ctx.Error(StatusCode::kUnsupported,
                     "return_sequences is not supported (onert-micro returns the last state)");
  }
  const TensorView x = ctx.input(kX), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(x, DType::kFloat32, "input"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kFloat32, "output"));
  if (x.rank != 3 || x.dim(1) != 1) {
    return ctx.Error(StatusCode::kUnsupported,
                     "input (tensor %d) must be [time, 1, features]: one sequence", x.index);
  }
  const TensorView wh = ctx.input(kWh);
  if (wh.rank != 2 || wh.dim(0) % 3 != 0 || wh.dim(0) != 3 * wh.dim(1)) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "recurrent weights (tensor %d) must be [3n, n] for n units", wh.index);
  }
  const int n = wh.dim(1);
  CIRCLET_RETURN_IF_ERROR(CheckWeights(ctx, kWx, kBx, 3 * n, x.dim(2), "input weights"));
  CIRCLET_RETURN_IF_ERROR(CheckWeights(ctx, kWh, kBh, 3 * n, n, "recurrent weights"));
  const TensorView h0 = ctx.input(kState);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(h0, DType::kFloat32, "state"));
  if (h0.num_elements() != n || out.num_elements() != n) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "state (tensor %d) and output (tensor %d) must hold %d values", h0.index,
                     out.index, n);
  }
  auto* d = ctx.AllocateOpData<GruData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->time = x.dim(0);
  d->n_in = x.dim(2);
  d->n = n;
  return ctx.RequestScratch(static_cast<size_t>(6) * n * sizeof(float), &d->scratch);
}

// y[o] = sum_i w[o][i] * v[i] + (bias ? bias[o] : 0), o < rows.
void Project(const float* w, const float* bias, const float* v, int rows, int cols, float* y) {
  for (int o = 0; o < rows; ++o) {
    float acc = 0.0f;
    const float* row = w + static_cast<int64_t>(o) * cols;
    for (int i = 0; i < cols; ++i) acc += row[i] * v[i];
    y[o] = bias != nullptr ? acc + bias[o] : acc;
  }
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const GruData& d = *ctx.op_data<GruData>();
  const int n = d.n;
  const float* x = ctx.input(kX).as<const float>();
  const float* wx = ctx.input(kWx).as<const float>();
  const float* wh = ctx.input(kWh).as<const float>();
  const float* bx = ctx.has_input(kBx) ? ctx.input(kBx).as<const float>() : nullptr;
  const float* bh = ctx.has_input(kBh) ? ctx.input(kBh).as<const float>() : nullptr;
  float* h = ctx.output(0).as<float>();
  float* p = static_cast<float*>(ctx.scratch(d.scratch));
  float* q = p + 3 * n;
  const float* h0 = ctx.input(kState).as<const float>();
  for (int i = 0; i < n; ++i) h[i] = h0[i];
  for (int t = 0; t < d.time; ++t, x += d.n_in) {
    Project(wx, bx, x, 3 * n, d.n_in, p);
    Project(wh, bh, h, 3 * n, n, q);
    for (int i = 0; i < n; ++i) {
      const float z = LogisticFloat(q[i] + p[i]);
      const float r = LogisticFloat(p[n + i] + q[n + i]);
      const float pre = r * q[2 * n + i] + p[2 * n + i];
      const float c = pre > 19.0f ? 1.0f : pre < -19.0f ? -1.0f : std::tanh(pre);
      h[i] = h[i] * z + (1.0f - z) * c;
    }
  }
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(GRU, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
