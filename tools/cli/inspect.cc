// SPDX-License-Identifier: Apache-2.0
// circlet inspect MODEL: the model's structure (operators with their
// options, tensors with shapes and quantization) and the memory plan.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "flatbuffers/minireflect.h"
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

// The operator's builtin options, every field decoded through the schema's
// type tables (flatbuffers minireflect): "{ padding: SAME, stride_w: 1 }".
std::string OptionsString(const fb::Operator* op, bool quoted = false) {
  if (op->custom_options() != nullptr && op->custom_options()->size() > 0) {
    // A custom operator's attributes (a FlexBuffer the kernel reads).
    const std::string n = std::to_string(op->custom_options()->size());
    return quoted ? "{\"custom_options_bytes\": " + n + "}" : "custom_options " + n + " bytes";
  }
  const int type = op->builtin_options_type();
  if (type == fb::BuiltinOptions_NONE || op->builtin_options() == nullptr) return "";
  const flatbuffers::TypeTable* u = fb::BuiltinOptionsTypeTable();
  for (size_t i = 0; i < u->num_elems; ++i) {
    const int64_t value = u->values != nullptr ? u->values[i] : static_cast<int64_t>(i);
    if (value != type || u->type_codes[i].sequence_ref < 0) continue;
    const flatbuffers::TypeTable* t = u->type_refs[u->type_codes[i].sequence_ref]();
    flatbuffers::ToStringVisitor v(" ", quoted, "", quoted);
    flatbuffers::IterateObject(static_cast<const uint8_t*>(op->builtin_options()), t, &v);
    return v.s.find_first_not_of("{ }") == std::string::npos ? "" : v.s;
  }
  return "options type " + std::to_string(type) + " (a table circlet's schema does not declare)";
}

// The options as a JSON object (null without options); a table the schema
// does not declare is described by a string.
nlohmann::json OptionsJson(const fb::Operator* op) {
  const std::string text = OptionsString(op, true);
  if (text.empty()) return nullptr;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? nlohmann::json(text) : j;
}

nlohmann::json IntListJson(const flatbuffers::Vector<int32_t>* v) {
  nlohmann::json j = nlohmann::json::array();
  for (uint32_t i = 0; v != nullptr && i < v->size(); ++i) j.push_back(v->Get(i));
  return j;
}

nlohmann::json QuantJson(const fb::QuantizationParameters* q) {
  if (q == nullptr || q->scale() == nullptr || q->scale()->size() == 0) return nullptr;
  nlohmann::json j = {{"scales", nlohmann::json::array()},
                      {"zero_points", nlohmann::json::array()},
                      {"quantized_dimension", q->quantized_dimension()}};
  for (uint32_t i = 0; i < q->scale()->size(); ++i) j["scales"].push_back(q->scale()->Get(i));
  for (uint32_t i = 0; q->zero_point() != nullptr && i < q->zero_point()->size(); ++i) {
    j["zero_points"].push_back(q->zero_point()->Get(i));
  }
  return j;
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

std::string TensorKindFb(const fb::Model* fm, const fb::SubGraph* sg, int t) {
  std::string kind;
  auto in_list = [t](const flatbuffers::Vector<int32_t>* v) {
    for (uint32_t i = 0; v != nullptr && i < v->size(); ++i) {
      if (v->Get(i) == t) return static_cast<int>(i);
    }
    return -1;
  };
  const int in = in_list(sg->inputs()), out = in_list(sg->outputs());
  if (in >= 0) kind = "input " + std::to_string(in);
  if (out >= 0) kind += (kind.empty() ? "" : "+") + ("output " + std::to_string(out));
  const fb::Tensor* ft = sg->tensors()->Get(static_cast<uint32_t>(t));
  if (ft->is_variable()) kind += (kind.empty() ? "" : "+") + std::string("variable");
  if (!kind.empty()) return kind;
  const uint32_t b = ft->buffer();
  const bool constant = fm->buffers() != nullptr && b < fm->buffers()->size() &&
                        fm->buffers()->Get(b)->data() != nullptr &&
                        fm->buffers()->Get(b)->data()->size() > 0;
  return constant ? "const" : "activation";
}

std::string QuantStringFb(const fb::QuantizationParameters* q) {
  if (q == nullptr || q->scale() == nullptr || q->scale()->size() == 0) return "-";
  QuantParams p;
  p.scales = q->scale()->data();
  p.count = static_cast<int32_t>(q->scale()->size());
  p.quantized_dimension = q->quantized_dimension();
  std::vector<int64_t> zp(static_cast<size_t>(p.count), 0);
  for (uint32_t i = 0; q->zero_point() != nullptr && i < q->zero_point()->size() &&
                       i < static_cast<uint32_t>(p.count);
       ++i) {
    zp[i] = q->zero_point()->Get(i);
  }
  p.zero_points = zp.data();
  return QuantString(p);
}

// Why circlet cannot run operator `op` of subgraph `sg`, or "".
std::string OpSupport(const fb::Model* fm, int sg, int32_t code, int32_t version,
                      const Status& prepare, int op, const char* custom) {
  if (code == opcode::CUSTOM) {
    // The CLI's resolver has every builtin kernel and no custom one.
    return std::string("unsupported: no kernel registered for custom operator '") +
           (custom != nullptr ? custom : "") + "' (register one with CIRCLET_CUSTOM_KERNEL)";
  }
  const KernelReg* reg = AllOpsResolver().Find(code);
  if (reg == nullptr)
    return std::string("unsupported: circlet has no ") + BuiltinOpName(code) + " kernel";
  if (version < 1 || version > reg->max_version) {
    return "unsupported: version " + std::to_string(version) + ", the kernel implements v1-v" +
           std::to_string(reg->max_version);
  }
  (void)fm;
  // Another subgraph's operators are prepared by the control-flow operator
  // that runs them: a refusal names that operator of subgraph 0.
  if (sg != 0) return "";
  const std::string prefix = "op " + std::to_string(op) + " ";
  if (!prepare.ok() && std::string(prepare.message()).rfind(prefix, 0) == 0) {
    return std::string("refused: ") + prepare.message();
  }
  return "";
}

}  // namespace

int Inspect(int argc, char** argv) {
  const Args args =
      ParseArgs(argc, argv, 2, "inspect", {{"--arena", nullptr, true}, {"--json", nullptr, false}});
  if (args.positional.size() != 1) throw UsageError("usage: circlet inspect MODEL [--json]");
  const bool json = args.has("--json");
  const size_t arena_bytes = ArenaBytes(args);
  const std::string path = args.positional[0];
  const std::vector<uint8_t> file = ReadFile(path);
  AlignedBuffer bytes(file.size());
  if (!file.empty()) std::memcpy(bytes.data(), file.data(), file.size());
  // The flatbuffer structure first (any valid TFLite or Circle file can be
  // shown, whatever it holds), then whether circlet can run it.
  flatbuffers::Verifier verifier(bytes.data(), file.size());
  if (file.size() < 8 || !verifier.VerifyBuffer<fb::Model>(nullptr)) {
    throw CliError(path + ": not a valid TFLite/Circle flatbuffer (" + std::to_string(file.size()) +
                   " bytes)");
  }
  const fb::Model* fm = fb::GetModel(bytes.data());
  const std::string ident(reinterpret_cast<const char*>(bytes.data()) + 4, 4);
  Model m;
  const Status created = Model::Create(bytes.data(), file.size(), &m);
  AlignedBuffer arena(arena_bytes);
  Interpreter interp(m, AllOpsResolver(), arena.data(), arena.size());
  const Status s = created.ok() ? interp.Prepare() : created;
  const char* format = ident == "CIR0" ? "Circle" : ident == "TFL3" ? "TFLite" : "unknown";
  const std::string description =
      fm->description() != nullptr ? fm->description()->str() : std::string();

  // --json: one document with the same content as the text below.
  nlohmann::json doc = {{"model", path},
                        {"format", format},
                        {"identifier", ident},
                        {"bytes", file.size()},
                        {"schema_version", fm->version()},
                        {"description", description},
                        {"runs", s.ok()},
                        {"reason", s.ok() ? "" : s.message()},
                        {"subgraphs", nlohmann::json::array()}};
  if (!json) {
    std::printf("model      %s\n", path.c_str());
    std::printf("format     %s (%s), %zu bytes, schema version %u\n",
                ident == "CIR0" || ident == "TFL3" ? format : "unknown identifier", ident.c_str(),
                file.size(), fm->version());
    if (!description.empty()) std::printf("description %s\n", description.c_str());
    std::printf("circlet    %s%s\n",
                s.ok() ? "runs it" : "cannot run it: ", s.ok() ? "" : s.message());
  }
  const uint32_t nsg = fm->subgraphs() != nullptr ? fm->subgraphs()->size() : 0;
  const uint32_t nopc = fm->operator_codes() != nullptr ? fm->operator_codes()->size() : 0;
  for (uint32_t g = 0; g < nsg; ++g) {
    const fb::SubGraph* sg = fm->subgraphs()->Get(g);
    const uint32_t nt = sg->tensors() != nullptr ? sg->tensors()->size() : 0;
    const uint32_t nops = sg->operators() != nullptr ? sg->operators()->size() : 0;
    const std::string sg_name = sg->name() != nullptr ? sg->name()->str() : std::string();
    nlohmann::json jsg = {{"index", g},
                          {"name", sg_name},
                          {"inputs", IntListJson(sg->inputs())},
                          {"outputs", IntListJson(sg->outputs())},
                          {"operators", nlohmann::json::array()},
                          {"tensors", nlohmann::json::array()}};
    if (!json) {
      std::printf("\nsubgraph   %u%s%s: %u tensors, %u operators, inputs %s, outputs %s\n", g,
                  sg_name.empty() ? "" : " ", sg_name.c_str(), nt, nops,
                  IntList(sg->inputs()).c_str(), IntList(sg->outputs()).c_str());
      std::printf("\noperators\n");
      std::printf("  %3s  %-22s %3s  %-16s %-10s %s\n", "#", "op", "ver", "inputs", "outputs",
                  "options");
    }
    for (uint32_t op = 0; op < nops; ++op) {
      const fb::Operator* fop = sg->operators()->Get(op);
      const uint32_t oi = fop->opcode_index();
      std::string name = "opcode " + std::to_string(oi) + "?";
      int32_t code = -1000, version = 0;
      const char* custom = nullptr;
      if (oi < nopc) {
        const fb::OperatorCode* c = fm->operator_codes()->Get(oi);
        code = BuiltinCodeOf(c);
        version = c->version();
        name = BuiltinOpName(code);
        if (name == "UNKNOWN") name = "BUILTIN_" + std::to_string(code);
        if (code == opcode::CUSTOM) {
          custom = c->custom_code() != nullptr ? c->custom_code()->c_str() : "";
          name = std::string("CUSTOM:") + custom;
        }
      }
      const std::string why =
          OpSupport(fm, static_cast<int>(g), code, version, s, static_cast<int>(op), custom);
      if (json) {
        jsg["operators"].push_back({{"index", op},
                                    {"op", name},
                                    {"code", code},
                                    {"version", version},
                                    {"inputs", IntListJson(fop->inputs())},
                                    {"outputs", IntListJson(fop->outputs())},
                                    {"options", OptionsJson(fop)},
                                    {"unsupported", why}});
        continue;
      }
      std::printf("  %3u  %-22s v%-2d  %-16s %-10s %s\n", op, name.c_str(), version,
                  IntList(fop->inputs()).c_str(), IntList(fop->outputs()).c_str(),
                  OptionsString(fop).c_str());
      if (!why.empty()) std::printf("       ^ %s\n", why.c_str());
    }
    if (!json) {
      std::printf("\ntensors\n");
      std::printf("  %4s  %-8s %-16s %9s  %-10s %-44s %s\n", "#", "type", "shape", "bytes", "kind",
                  "quantization", "name");
    }
    for (uint32_t t = 0; t < nt; ++t) {
      const fb::Tensor* ft = sg->tensors()->Get(t);
      TensorView v;
      v.rank = ft->shape() != nullptr ? static_cast<int32_t>(ft->shape()->size()) : 0;
      v.dims = ft->shape() != nullptr ? ft->shape()->data() : nullptr;
      v.type = static_cast<DType>(ft->type());
      const size_t esize = DTypeSize(v.type);
      const bool sized = esize > 0 && v.rank <= kMaxRank;
      const int64_t nbytes = sized ? v.num_elements() * static_cast<int64_t>(esize) : -1;
      const char* tname = fb::EnumNameTensorType(ft->type());
      const std::string type_s = tname != nullptr && tname[0] != '\0' ? tname : "?";
      const std::string kind = TensorKindFb(fm, sg, static_cast<int>(t));
      const std::string tensor_name = ft->name() != nullptr ? ft->name()->str() : std::string();
      if (json) {
        jsg["tensors"].push_back({{"index", t},
                                  {"name", tensor_name},
                                  {"type", type_s},
                                  {"shape", IntListJson(ft->shape())},
                                  {"bytes", sized ? nlohmann::json(nbytes) : nullptr},
                                  {"kind", kind},
                                  {"quantization", QuantJson(ft->quantization())}});
        continue;
      }
      std::printf("  %4u  %-8s %-16s %9s  %-10s %-44s %s\n", t, type_s.c_str(),
                  ShapeString(v).c_str(), sized ? std::to_string(nbytes).c_str() : "?",
                  kind.c_str(), QuantStringFb(ft->quantization()).c_str(), tensor_name.c_str());
    }
    doc["subgraphs"].push_back(jsg);
  }

  if (json) {
    doc["memory_plan"] = s.ok() ? ReportJson(interp.report()) : nlohmann::json(nullptr);
    std::printf("%s\n", doc.dump(2).c_str());
    return 0;
  }
  std::printf("\nmemory plan\n");
  if (!s.ok()) {
    std::printf("  not available: circlet cannot run the model (above)\n");
    return 0;
  }
  const ArenaReport& r = interp.report();
  std::printf("  arena        %10zu bytes  (what to size the arena by)\n", r.arena_bytes);
  std::printf("  activations  %10zu bytes  (planned peak of tensors + scratch, %zu buffers)\n",
              r.activation_bytes, r.planned_buffers);
  std::printf("  persistent   %10zu bytes  (runtime tables %zu + op data %zu", r.persistent_bytes,
              r.runtime_bytes, r.op_data_bytes);
  if (r.state_bytes != 0) std::printf(" + state %zu", r.state_bytes);
  std::printf(")\n");
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
