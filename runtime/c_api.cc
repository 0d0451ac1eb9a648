// SPDX-License-Identifier: Apache-2.0
// The C API (include/circlet/circlet.h) over the C++ one.
//
// The caller's circlet_model / circlet_interpreter storage holds, built in
// place, a Box: a header (a magic word telling a created object from
// uninitialized storage, and the Status of the last call) followed by the
// C++ objects. Nothing is allocated; the objects are trivially
// destructible, so there is nothing to destroy.
//
// Every function sits in its own section (-ffunction-sections): a firmware
// links the ones it calls, and a firmware using only the C++ API none.
#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>

#include "circlet/circlet.h"
#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "circlet/op_resolver.h"
#include "circlet/status.h"
#include "circlet/tensor.h"
#include "circlet/version.h"

namespace circlet {
namespace {

// The C enums mirror the C++ ones.
static_assert(CIRCLET_OK == static_cast<int>(StatusCode::kOk), "status");
static_assert(CIRCLET_INVALID_MODEL == static_cast<int>(StatusCode::kInvalidModel), "status");
static_assert(CIRCLET_UNSUPPORTED == static_cast<int>(StatusCode::kUnsupported), "status");
static_assert(CIRCLET_ARENA_TOO_SMALL == static_cast<int>(StatusCode::kArenaTooSmall), "status");
static_assert(CIRCLET_INVALID_ARGUMENT == static_cast<int>(StatusCode::kInvalidArgument), "status");
static_assert(CIRCLET_BAD_STATE == static_cast<int>(StatusCode::kBadState), "status");
static_assert(CIRCLET_TYPE_FLOAT32 == static_cast<int>(DType::kFloat32), "type");
static_assert(CIRCLET_TYPE_INT32 == static_cast<int>(DType::kInt32), "type");
static_assert(CIRCLET_TYPE_UINT8 == static_cast<int>(DType::kUInt8), "type");
static_assert(CIRCLET_TYPE_INT64 == static_cast<int>(DType::kInt64), "type");
static_assert(CIRCLET_TYPE_BOOL == static_cast<int>(DType::kBool), "type");
static_assert(CIRCLET_TYPE_INT16 == static_cast<int>(DType::kInt16), "type");
static_assert(CIRCLET_TYPE_INT8 == static_cast<int>(DType::kInt8), "type");

constexpr uint32_t kModelMagic = 0x4D544C43u;         // "CLTM": created (valid or not)
constexpr uint32_t kInterpMagic = 0x49544C43u;        // "CLTI": created
constexpr uint32_t kInterpFailedMagic = 0x46544C43u;  // "CLTF": create failed

// A handle's last status with its own copy of the message: the caller reads
// it (circlet_*_message) after later errors replaced Status's shared text.
struct KeptStatus {
  KeptStatus& operator=(const Status& s) {
    code = s.code();
    const char* m = s.message();
    size_t n = 0;
    while (m[n] != '\0' && n + 1 < sizeof(text)) ++n;
    std::memcpy(text, m, n);
    text[n] = '\0';
    return *this;
  }
  const char* message() const { return text; }

  StatusCode code = StatusCode::kOk;
  char text[Status::kMaxMessage] = {};
};

struct Header {
  uint32_t magic;
  KeptStatus status;
};

struct ModelBox {
  Header h;
  Model model;
};

struct InterpBox {
  InterpBox(const Model& model, const KernelReg* const* regs, size_t count, uint8_t* arena,
            size_t arena_bytes)
      : resolver(regs, count), interp(model, resolver, arena, arena_bytes) {}
  InterpBox(const Model& model, const KernelReg* const* regs, size_t count, const MemoryPool* pools,
            int num_pools)
      : resolver(regs, count), interp(model, resolver, pools, num_pools) {}
  Header h;
  OpResolver resolver;  // before interp, which keeps a reference to it
  Interpreter interp;
};

static_assert(sizeof(ModelBox) <= sizeof(circlet_model), "grow CIRCLET_MODEL_STORAGE_WORDS");
static_assert(alignof(ModelBox) <= alignof(circlet_model), "circlet_model alignment");
static_assert(sizeof(InterpBox) <= sizeof(circlet_interpreter),
              "grow CIRCLET_INTERPRETER_STORAGE_WORDS");
static_assert(alignof(InterpBox) <= alignof(circlet_interpreter), "circlet_interpreter alignment");
static_assert(offsetof(ModelBox, h) == 0 && offsetof(InterpBox, h) == 0,
              "the header starts the storage");
static_assert(std::is_trivially_destructible<ModelBox>::value &&
                  std::is_trivially_destructible<InterpBox>::value,
              "the C API never destroys its objects");

constexpr const char* kNotCreatedModel =
    "not a created circlet_model (call circlet_model_create first)";
constexpr const char* kNotCreatedInterp =
    "not a created circlet_interpreter (call circlet_interpreter_create first)";

// The header of created storage (magic1 or magic2), else nullptr. The
// magic word is read with memcpy: the storage may hold no object yet.
const Header* HeaderOf(const void* storage, uint32_t magic1, uint32_t magic2) {
  if (storage == nullptr) return nullptr;
  uint32_t magic;
  std::memcpy(&magic, storage, sizeof(magic));
  if (magic != magic1 && magic != magic2) return nullptr;
  return std::launder(static_cast<const Header*>(storage));
}

ModelBox* ModelOf(const circlet_model* m) {
  if (HeaderOf(m, kModelMagic, kModelMagic) == nullptr) return nullptr;
  return std::launder(reinterpret_cast<ModelBox*>(const_cast<circlet_model*>(m)));
}

InterpBox* InterpOf(const circlet_interpreter* it) {
  if (HeaderOf(it, kInterpMagic, kInterpMagic) == nullptr) return nullptr;
  return std::launder(reinterpret_cast<InterpBox*>(const_cast<circlet_interpreter*>(it)));
}

circlet_status Code(const Status& s) {
  return static_cast<circlet_status>(s.code());
}

circlet_status Code(const KeptStatus& s) {
  return static_cast<circlet_status>(s.code);
}

// Records `s` as the interpreter's last status and returns its code.
circlet_status Record(InterpBox* box, const Status& s) {
  box->h.status = s;
  return Code(s);
}

// The interpreter behind `it`, or nullptr with the reason recorded when
// the storage is a failed create (an uninitialized one cannot record).
InterpBox* Use(circlet_interpreter* it, const char* fn, circlet_status* code) {
  InterpBox* box = InterpOf(it);
  if (box != nullptr) return box;
  const Header* h = HeaderOf(it, kInterpFailedMagic, kInterpFailedMagic);
  if (h != nullptr) {
    Header* w = const_cast<Header*>(h);
    w->status = Status::Error(StatusCode::kBadState,
                              "%s: circlet_interpreter_create failed on this interpreter", fn);
    *code = CIRCLET_BAD_STATE;
  } else {
    *code = CIRCLET_INVALID_ARGUMENT;
  }
  return nullptr;
}

circlet_status CreateModel(circlet_model* model, const void* data, size_t size, bool trusted) {
  if (model == nullptr) return CIRCLET_INVALID_ARGUMENT;
  ModelBox* box = new (model) ModelBox();
  box->h.magic = kModelMagic;
  if (data == nullptr) {
    box->h.status =
        Status::Error(StatusCode::kInvalidArgument, "circlet_model_create: data is NULL");
  } else {
    const uint8_t* bytes = static_cast<const uint8_t*>(data);
    box->h.status = trusted ? Model::CreateTrusted(bytes, size, &box->model)
                            : Model::Create(bytes, size, &box->model);
  }
  return Code(box->h.status);
}

circlet_status Info(circlet_interpreter* it, int index, circlet_tensor_info* info, bool input) {
  circlet_status code;
  InterpBox* box =
      Use(it, input ? "circlet_interpreter_input_info" : "circlet_interpreter_output_info", &code);
  if (box == nullptr) return code;
  const Model& model = box->interp.model();
  const int n = input ? model.num_inputs() : model.num_outputs();
  if (info == nullptr || index < 0 || index >= n) {
    return Record(
        box,
        Status::Error(StatusCode::kInvalidArgument, "%s info: %s, the model has %d %ss",
                      input ? "input" : "output", info == nullptr ? "info is NULL" : "bad index", n,
                      input ? "input" : "output"));
  }
  const TensorView v = input ? box->interp.input(index) : box->interp.output(index);
  info->type = static_cast<circlet_type>(v.type);
  info->rank = v.rank;
  info->dims = v.dims;
  info->bytes = v.bytes();
  info->name = model.tensor_name(v.index);
  info->index = v.index;
  info->quant_count = v.quant.count;
  info->quantized_dimension = v.quant.quantized_dimension;
  info->scales = v.quant.scales;
  info->zero_points = v.quant.zero_points;
  info->scale = v.quant.scale();
  info->zero_point = v.quant.zero_point();
  info->data = box->interp.prepared() ? v.data : nullptr;
  return Record(box, Status::Ok());
}

// The checks of set_input / get_output (those of Interpreter::SetInput /
// GetOutput, and the type), with the C function's name in the message; on
// success *tensor is the tensor's bytes. The copy is made here: the C++
// calls would only repeat the checks (and add their code to the firmware).
Status CheckCopy(const Interpreter& interp, const char* fn, int index, bool input,
                 circlet_type type, const void* data, size_t bytes, void** tensor) {
  const char* what = input ? "input" : "output";
  if (!interp.prepared()) {
    return Status::Error(StatusCode::kBadState, "%s(%d) before a successful prepare", fn, index);
  }
  const int n = input ? interp.num_inputs() : interp.num_outputs();
  if (index < 0 || index >= n) {
    return Status::Error(StatusCode::kInvalidArgument, "%s(%d): the model has %d %ss", fn, index, n,
                         what);
  }
  const TensorView v = input ? interp.input(index) : interp.output(index);
  const char* name = interp.model().tensor_name(v.index);
  if (static_cast<int>(v.type) != static_cast<int>(type)) {
    return Status::Error(StatusCode::kInvalidArgument,
                         "%s(%d): type %s given, %s tensor %d '%s' holds %s", fn, index,
                         circlet_type_name(type), what, v.index, name, DTypeName(v.type));
  }
  if (data == nullptr || bytes != v.bytes()) {
    return Status::Error(StatusCode::kInvalidArgument,
                         "%s(%d): %zu bytes given%s, %s tensor %d '%s' (%s) holds %zu", fn, index,
                         bytes, data == nullptr ? " at NULL" : "", what, v.index, name,
                         DTypeName(v.type), v.bytes());
  }
  *tensor = v.data;
  return Status::Ok();
}

// The checks both constructors make on the model and the resolver; `fn`
// names the caller in the message.
Status CheckCreate(const char* fn, const circlet_model* model, circlet_op_resolver resolver,
                   const ModelBox** out) {
  const ModelBox* m = ModelOf(model);
  *out = m;
  if (m == nullptr) {
    return Status::Error(StatusCode::kInvalidArgument, "%s: model is %s", fn,
                         model == nullptr ? "NULL" : "not a created circlet_model");
  }
  if (!m->model.valid()) {
    return Status::Error(StatusCode::kBadState, "%s: the model failed to load: %s", fn,
                         m->h.status.message());
  }
  if (resolver.kernels == nullptr && resolver.count != 0) {
    return Status::Error(StatusCode::kInvalidArgument, "%s: resolver with %zu kernels and no list",
                         fn, resolver.count);
  }
  return Status::Ok();
}

// A failed constructor: the interpreter keeps the status for its message.
circlet_status CreateFailed(circlet_interpreter* interp, const Status& s) {
  Header* h = new (interp) Header();
  h->magic = kInterpFailedMagic;
  h->status = s;
  return Code(s);
}

}  // namespace
}  // namespace circlet

using circlet::InterpBox;
using circlet::ModelBox;
using circlet::Status;
using circlet::StatusCode;

extern "C" {

const char* circlet_version(void) {
  return CIRCLET_VERSION_STRING;
}

const char* circlet_status_name(circlet_status status) {
  switch (status) {
    case CIRCLET_OK: return "OK";
    case CIRCLET_INVALID_MODEL: return "INVALID_MODEL";
    case CIRCLET_UNSUPPORTED: return "UNSUPPORTED";
    case CIRCLET_ARENA_TOO_SMALL: return "ARENA_TOO_SMALL";
    case CIRCLET_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case CIRCLET_BAD_STATE: return "BAD_STATE";
  }
  return "UNKNOWN";
}

const char* circlet_type_name(circlet_type type) {
  const size_t size = circlet::DTypeSize(static_cast<circlet::DType>(type));
  return size == 0 ? "unknown" : circlet::DTypeName(static_cast<circlet::DType>(type));
}

size_t circlet_type_size(circlet_type type) {
  return circlet::DTypeSize(static_cast<circlet::DType>(type));
}

circlet_status circlet_model_create(circlet_model* model, const void* data, size_t size) {
  return circlet::CreateModel(model, data, size, false);
}

circlet_status circlet_model_create_trusted(circlet_model* model, const void* data, size_t size) {
  return circlet::CreateModel(model, data, size, true);
}

circlet_status circlet_model_status(const circlet_model* model) {
  const ModelBox* box = circlet::ModelOf(model);
  return box == nullptr ? CIRCLET_INVALID_ARGUMENT : circlet::Code(box->h.status);
}

const char* circlet_model_message(const circlet_model* model) {
  const ModelBox* box = circlet::ModelOf(model);
  return box == nullptr ? circlet::kNotCreatedModel : box->h.status.message();
}

circlet_op_resolver circlet_all_ops_resolver(void) {
  const circlet::OpResolver& all = circlet::AllOpsResolver();
  circlet_op_resolver r;
  r.kernels = reinterpret_cast<const circlet_kernel* const*>(all.regs());
  r.count = all.size();
  return r;
}

circlet_status circlet_interpreter_create(circlet_interpreter* interp, const circlet_model* model,
                                          circlet_op_resolver resolver, void* arena,
                                          size_t arena_bytes) {
  if (interp == nullptr) return CIRCLET_INVALID_ARGUMENT;
  const ModelBox* m = nullptr;
  Status s = circlet::CheckCreate("circlet_interpreter_create", model, resolver, &m);
  if (!s.ok()) {
  } else if (arena == nullptr || arena_bytes == 0) {
    s = Status::Error(StatusCode::kInvalidArgument,
                      "circlet_interpreter_create: the arena is NULL or empty");
  } else if ((reinterpret_cast<uintptr_t>(arena) & 7u) != 0) {
    s = Status::Error(StatusCode::kInvalidArgument,
                      "circlet_interpreter_create: the arena must be 8-byte aligned");
  }
  if (!s.ok()) return circlet::CreateFailed(interp, s);
  InterpBox* box = new (interp)
      InterpBox(m->model, reinterpret_cast<const circlet::KernelReg* const*>(resolver.kernels),
                resolver.count, static_cast<uint8_t*>(arena), arena_bytes);
  box->h.magic = circlet::kInterpMagic;
  return circlet::Record(box, Status::Ok());
}

static_assert(sizeof(circlet_memory_pool) == sizeof(circlet::MemoryPool) &&
                  offsetof(circlet_memory_pool, bytes) == offsetof(circlet::MemoryPool, size) &&
                  offsetof(circlet_memory_pool, name) == offsetof(circlet::MemoryPool, name),
              "circlet_memory_pool is circlet::MemoryPool");

circlet_status circlet_interpreter_create_pools(circlet_interpreter* interp,
                                                const circlet_model* model,
                                                circlet_op_resolver resolver,
                                                const circlet_memory_pool* pools, int num_pools) {
  if (interp == nullptr) return CIRCLET_INVALID_ARGUMENT;
  const ModelBox* m = nullptr;
  Status s = circlet::CheckCreate("circlet_interpreter_create_pools", model, resolver, &m);
  if (!s.ok()) {
  } else if (pools == nullptr || num_pools < 1 || num_pools > circlet::kMaxMemoryPools) {
    s = Status::Error(StatusCode::kInvalidArgument,
                      "circlet_interpreter_create_pools: %d pools%s (1 to %d)", num_pools,
                      pools == nullptr ? ", NULL list" : "", circlet::kMaxMemoryPools);
  }
  if (!s.ok()) return circlet::CreateFailed(interp, s);
  InterpBox* box = new (interp)
      InterpBox(m->model, reinterpret_cast<const circlet::KernelReg* const*>(resolver.kernels),
                resolver.count, reinterpret_cast<const circlet::MemoryPool*>(pools), num_pools);
  box->h.magic = circlet::kInterpMagic;
  return circlet::Record(box, Status::Ok());
}

circlet_status circlet_interpreter_pool_report(circlet_interpreter* interp, int index,
                                               circlet_pool_report* report) {
  circlet_status code;
  InterpBox* box = circlet::Use(interp, "circlet_interpreter_pool_report", &code);
  if (box == nullptr) return code;
  if (!box->interp.prepared()) {
    return circlet::Record(
        box, Status::Error(StatusCode::kBadState,
                           "circlet_interpreter_pool_report before a successful prepare"));
  }
  const circlet::ArenaReport& r = box->interp.report();
  if (report == nullptr || index < 0 || index >= r.num_pools) {
    return circlet::Record(
        box, Status::Error(StatusCode::kInvalidArgument,
                           "circlet_interpreter_pool_report: %s (the interpreter has %d pools)",
                           report == nullptr ? "report is NULL" : "no such pool", r.num_pools));
  }
  const circlet::PoolReport& p = r.pools[index];
  report->name = p.name;
  report->used_bytes = p.used_bytes;
  report->activation_bytes = p.activation_bytes;
  report->persistent_bytes = p.persistent_bytes;
  report->read_bytes = p.read_bytes;
  report->written_bytes = p.written_bytes;
  return circlet::Record(box, Status::Ok());
}

circlet_status circlet_interpreter_prepare(circlet_interpreter* interp) {
  circlet_status code;
  InterpBox* box = circlet::Use(interp, "circlet_interpreter_prepare", &code);
  return box == nullptr ? code : circlet::Record(box, box->interp.Prepare());
}

circlet_status circlet_interpreter_invoke(circlet_interpreter* interp) {
  circlet_status code;
  InterpBox* box = circlet::Use(interp, "circlet_interpreter_invoke", &code);
  return box == nullptr ? code : circlet::Record(box, box->interp.Invoke());
}

circlet_status circlet_interpreter_status(const circlet_interpreter* interp) {
  const circlet::Header* h =
      circlet::HeaderOf(interp, circlet::kInterpMagic, circlet::kInterpFailedMagic);
  return h == nullptr ? CIRCLET_INVALID_ARGUMENT : circlet::Code(h->status);
}

const char* circlet_interpreter_message(const circlet_interpreter* interp) {
  const circlet::Header* h =
      circlet::HeaderOf(interp, circlet::kInterpMagic, circlet::kInterpFailedMagic);
  return h == nullptr ? circlet::kNotCreatedInterp : h->status.message();
}

circlet_status circlet_interpreter_arena_report(circlet_interpreter* interp,
                                                circlet_arena_report* report) {
  circlet_status code;
  InterpBox* box = circlet::Use(interp, "circlet_interpreter_arena_report", &code);
  if (box == nullptr) return code;
  if (report == nullptr) {
    return circlet::Record(box, Status::Error(StatusCode::kInvalidArgument,
                                              "circlet_interpreter_arena_report: report is NULL"));
  }
  if (!box->interp.prepared()) {
    return circlet::Record(
        box, Status::Error(StatusCode::kBadState,
                           "circlet_interpreter_arena_report before a successful prepare"));
  }
  const circlet::ArenaReport& r = box->interp.report();
  report->arena_bytes = r.arena_bytes;
  report->activation_bytes = r.activation_bytes;
  report->persistent_bytes = r.persistent_bytes;
  report->scratch_bytes = r.scratch_bytes;
  report->lower_bound_bytes = r.lower_bound_bytes;
  return circlet::Record(box, Status::Ok());
}

size_t circlet_interpreter_arena_bytes(const circlet_interpreter* interp) {
  const InterpBox* box = circlet::InterpOf(interp);
  return box != nullptr && box->interp.prepared() ? box->interp.report().arena_bytes : 0;
}

int circlet_interpreter_num_inputs(const circlet_interpreter* interp) {
  const InterpBox* box = circlet::InterpOf(interp);
  return box == nullptr ? -1 : box->interp.num_inputs();
}

int circlet_interpreter_num_outputs(const circlet_interpreter* interp) {
  const InterpBox* box = circlet::InterpOf(interp);
  return box == nullptr ? -1 : box->interp.num_outputs();
}

circlet_status circlet_interpreter_input_info(circlet_interpreter* interp, int index,
                                              circlet_tensor_info* info) {
  return circlet::Info(interp, index, info, true);
}

circlet_status circlet_interpreter_output_info(circlet_interpreter* interp, int index,
                                               circlet_tensor_info* info) {
  return circlet::Info(interp, index, info, false);
}

circlet_status circlet_interpreter_set_input(circlet_interpreter* interp, int index,
                                             circlet_type type, const void* data, size_t bytes) {
  circlet_status code;
  InterpBox* box = circlet::Use(interp, "circlet_interpreter_set_input", &code);
  if (box == nullptr) return code;
  void* tensor = nullptr;
  const Status s = circlet::CheckCopy(box->interp, "circlet_interpreter_set_input", index, true,
                                      type, data, bytes, &tensor);
  if (s.ok()) std::memcpy(tensor, data, bytes);
  return circlet::Record(box, s);
}

circlet_status circlet_interpreter_get_output(circlet_interpreter* interp, int index,
                                              circlet_type type, void* data, size_t bytes) {
  circlet_status code;
  InterpBox* box = circlet::Use(interp, "circlet_interpreter_get_output", &code);
  if (box == nullptr) return code;
  void* tensor = nullptr;
  const Status s = circlet::CheckCopy(box->interp, "circlet_interpreter_get_output", index, false,
                                      type, data, bytes, &tensor);
  if (s.ok()) std::memcpy(data, tensor, bytes);
  return circlet::Record(box, s);
}

}  // extern "C"
