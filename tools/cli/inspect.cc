// circlet inspect MODEL: the model's structure (operators with their
// options, tensors with shapes and quantization) and the memory plan.
#include <algorithm>
#include <cstdio>
#include <string>

#include "model/schema.h"
#include "quant/quantize.h"
#include "tools/cli/cli.h"

namespace circlet {
namespace cli {
namespace {

std::string Fmt(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), fmt, v);
  return buf;
}

std::string IntList(const flatbuffers::Vector<int32_t>* v) {
  std::string s = "[";
  if (v != nullptr) {
    for (uint32_t i = 0; i < v->size(); ++i) {
      if (i > 0) s += ",";
      s += std::to_string(v->Get(i));
    }
  }
  return s + "]";
}

std::string Act(int a) {
  return std::string(" activation=") + quant::ActivationName(a);
}
std::string Pad(fb::Padding p) {
  return std::string("padding=") + fb::EnumNamePadding(p);
}

// The operator's builtin options, decoded from the flatbuffer.
std::string OptionsString(const fb::Operator* op) {
  const int type = op->builtin_options_type();
  if (type == fb::BuiltinOptions_NONE) return "";
  if (const auto* o = op->builtin_options_as_Conv2DOptions()) {
    return Pad(o->padding()) + " stride=" + std::to_string(o->stride_w()) + "x" +
           std::to_string(o->stride_h()) + " dilation=" + std::to_string(o->dilation_w_factor()) +
           "x" + std::to_string(o->dilation_h_factor()) + Act(o->fused_activation_function());
  }
  if (const auto* o = op->builtin_options_as_DepthwiseConv2DOptions()) {
    return Pad(o->padding()) + " stride=" + std::to_string(o->stride_w()) + "x" +
           std::to_string(o->stride_h()) + " dilation=" + std::to_string(o->dilation_w_factor()) +
           "x" + std::to_string(o->dilation_h_factor()) +
           " depth_multiplier=" + std::to_string(o->depth_multiplier()) +
           Act(o->fused_activation_function());
  }
  if (const auto* o = op->builtin_options_as_Pool2DOptions()) {
    return Pad(o->padding()) + " stride=" + std::to_string(o->stride_w()) + "x" +
           std::to_string(o->stride_h()) + " filter=" + std::to_string(o->filter_width()) + "x" +
           std::to_string(o->filter_height()) + Act(o->fused_activation_function());
  }
  if (const auto* o = op->builtin_options_as_FullyConnectedOptions()) {
    return std::string("weights_format=") +
           fb::EnumNameFullyConnectedOptionsWeightsFormat(o->weights_format()) +
           " keep_num_dims=" + (o->keep_num_dims() ? "true" : "false") +
           (o->asymmetric_quantize_inputs() ? " asymmetric_quantize_inputs=true" : "") +
           Act(o->fused_activation_function());
  }
  if (const auto* o = op->builtin_options_as_SoftmaxOptions()) {
    return "beta=" + Fmt("%g", o->beta());
  }
  if (const auto* o = op->builtin_options_as_ConcatenationOptions()) {
    return "axis=" + std::to_string(o->axis()) + Act(o->fused_activation_function());
  }
  if (const auto* o = op->builtin_options_as_AddOptions()) {
    return Act(o->fused_activation_function()).substr(1) +
           (o->pot_scale_int16() ? "" : " pot_scale_int16=false");
  }
  if (const auto* o = op->builtin_options_as_MulOptions()) {
    return Act(o->fused_activation_function()).substr(1);
  }
  if (const auto* o = op->builtin_options_as_ReshapeOptions()) {
    return "new_shape=" + IntList(o->new_shape());
  }
  if (op->builtin_options_as_DequantizeOptions() || op->builtin_options_as_QuantizeOptions()) {
    return "";
  }
  return "options type " + std::to_string(type) + " (not decoded)";
}

std::string QuantString(const QuantParams& q) {
  if (q.count == 0) return "-";
  if (q.count == 1) {
    return "scale " + Fmt("%.6g", q.scales[0]) + " zp " + std::to_string(q.zero_points[0]);
  }
  float smin = q.scales[0], smax = q.scales[0];
  int64_t zmin = q.zero_points[0], zmax = q.zero_points[0];
  for (int i = 1; i < q.count; ++i) {
    smin = std::min(smin, q.scales[i]);
    smax = std::max(smax, q.scales[i]);
    zmin = std::min(zmin, q.zero_points[i]);
    zmax = std::max(zmax, q.zero_points[i]);
  }
  std::string s = "per-channel x" + std::to_string(q.count) + " (dim " +
                  std::to_string(q.quantized_dimension) + ") scale " + Fmt("%.6g", smin) + ".." +
                  Fmt("%.6g", smax) + " zp ";
  s += zmin == zmax ? std::to_string(zmin) : std::to_string(zmin) + ".." + std::to_string(zmax);
  return s;
}

std::string TensorKind(const Model& m, int t) {
  std::string kind;
  for (int i = 0; i < m.num_inputs(); ++i) {
    if (m.input_tensor(i) == t) kind = "input " + std::to_string(i);
  }
  for (int i = 0; i < m.num_outputs(); ++i) {
    if (m.output_tensor(i) == t)
      kind += (kind.empty() ? "" : "+") + ("output " + std::to_string(i));
  }
  if (!kind.empty()) return kind;
  return m.tensor_is_constant(t) ? "const" : "activation";
}

}  // namespace

int Inspect(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv, 2, "inspect", {{"--arena", nullptr, true}});
  if (args.positional.size() != 1) throw UsageError("usage: circlet inspect MODEL");
  const size_t arena_bytes = ArenaBytes(args);
  LoadedModel lm(args.positional[0]);
  const Model& m = lm.model;
  const fb::Model* fm = m.fb_model();

  std::printf("model      %s\n", lm.path.c_str());
  std::printf("format     %s (%s), %zu bytes, schema version %u\n",
              m.is_circle() ? "Circle" : "TFLite", m.is_circle() ? "CIR0" : "TFL3", lm.size,
              fm->version());
  if (fm->description() != nullptr && fm->description()->size() > 0) {
    std::printf("description %s\n", fm->description()->c_str());
  }
  const fb::SubGraph* sg = m.fb_subgraph();
  std::printf("subgraph   0%s%s: %d tensors, %d operators, inputs %s, outputs %s\n",
              sg->name() != nullptr && sg->name()->size() > 0 ? " " : "",
              sg->name() != nullptr ? sg->name()->c_str() : "", m.num_tensors(), m.num_operators(),
              IntList(sg->inputs()).c_str(), IntList(sg->outputs()).c_str());
  if (fm->subgraphs()->size() > 1) {
    std::printf("           (%u subgraphs in the file; circlet runs subgraph 0)\n",
                fm->subgraphs()->size());
  }

  std::printf("\noperators\n");
  std::printf("  %3s  %-22s %3s  %-16s %-10s %s\n", "#", "op", "ver", "inputs", "outputs",
              "options");
  for (int op = 0; op < m.num_operators(); ++op) {
    const fb::Operator* fop = m.fb_operator(op);
    const int opcode = m.op_opcode_index(op);
    std::string name = BuiltinOpName(m.op_code(op));
    if (m.opcode_custom_name(opcode) != nullptr) {
      name = std::string("CUSTOM:") + m.opcode_custom_name(opcode);
    }
    std::printf("  %3d  %-22s v%-2d  %-16s %-10s %s\n", op, name.c_str(), m.op_version(op),
                IntList(fop->inputs()).c_str(), IntList(fop->outputs()).c_str(),
                OptionsString(fop).c_str());
  }

  std::printf("\ntensors\n");
  std::printf("  %4s  %-8s %-16s %9s  %-10s %-44s %s\n", "#", "type", "shape", "bytes", "kind",
              "quantization", "name");
  size_t const_bytes = 0, act_bytes = 0;
  for (int t = 0; t < m.num_tensors(); ++t) {
    const TensorView v = m.tensor_view(t);
    const size_t bytes = m.tensor_bytes(t);
    (m.tensor_is_constant(t) ? const_bytes : act_bytes) += bytes;
    std::printf("  %4d  %-8s %-16s %9zu  %-10s %-44s %s\n", t, DTypeName(v.type),
                ShapeString(v).c_str(), bytes, TensorKind(m, t).c_str(),
                QuantString(v.quant).c_str(), m.tensor_name(t));
  }
  std::printf("  constant bytes %zu, non-constant bytes %zu (sum, before planning)\n", const_bytes,
              act_bytes);

  AlignedBuffer arena(arena_bytes);
  Interpreter interp(m, AllOpsResolver(), arena.data(), arena.size());
  const Status s = interp.Prepare();
  std::printf("\nmemory plan\n");
  if (!s.ok()) {
    std::printf("  not available: Prepare() failed\n");
    std::fflush(stdout);
    Check(s);
  }
  const ArenaReport& r = interp.report();
  std::printf("  arena        %10zu bytes  (what to size the arena by)\n", r.arena_bytes);
  std::printf("  activations  %10zu bytes  (planned peak of tensors + scratch, %zu buffers)\n",
              r.activation_bytes, r.planned_buffers);
  std::printf("  persistent   %10zu bytes  (runtime tables %zu + op data %zu)\n",
              r.persistent_bytes, r.runtime_bytes, r.op_data_bytes);
  std::printf("  scratch      %10zu bytes  (largest scratch buffer)\n", r.scratch_bytes);
  std::printf("  lower bound  %10zu bytes  (largest sum of simultaneously live buffers)\n",
              r.lower_bound_bytes);
  std::printf("  in place     %10zu ops    (activations without in-place: %zu bytes)\n",
              r.inplace_ops, r.activation_bytes_without_inplace);
  std::printf("  prepare tmp  %10zu bytes  (Prepare()'s planning data; counts if > activations)\n",
              r.prepare_temp_bytes);
  std::printf("  strategy     %s\n", r.strategy != nullptr ? r.strategy : "?");
  return 0;
}

}  // namespace cli
}  // namespace circlet
