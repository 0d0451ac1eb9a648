// SPDX-License-Identifier: Apache-2.0
// Model creation: verify untrusted bytes, then trust them.
//
// Order of checks: flatbuffers structure (Verifier: every offset and vector
// inside the buffer), then semantics: indices in range, shapes non-negative
// and small enough, constant buffers exactly shape x element size,
// quantization arrays consistent with the shape. The dataflow order (every
// tensor read was written before, nothing written twice) needs per-tensor
// memory and is checked by Interpreter::Prepare in the arena.
// Model::CreateTrusted (model bytes built into the firmware and verified on
// the host) skips the structure check only; the rest is the same code.
//
// This file runs once per model and is compiled for size (base/code_size.h);
// the accessors the invoke path reads are in model_view.cc.
#include "circlet/model.h"

#include <cinttypes>
#include <cmath>

#include "base/checked_math.h"
#include "model/builtin_ops.h"
#include "model/schema.h"

namespace circlet {

namespace {

// Bounds that keep every prepare-time pass (planning is quadratic in the
// number of buffers) fast on hostile input; far above any MCU model.
constexpr unsigned kMaxTensors = 8192;
constexpr unsigned kMaxOperators = 4096;

Status Invalid(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
Status Invalid(const char* fmt, ...) {
  char buf[Status::kMaxMessage];
  va_list args;
  va_start(args, fmt);
  FormatV(buf, sizeof(buf), fmt, args);
  va_end(args);
  return Status::Error(StatusCode::kInvalidModel, "invalid model: %s", buf);
}

// "tensor <index> '<name>'" then the formatted rest: the start of every
// message about one tensor ("invalid model: " first for kInvalidModel).
Status TensorError(StatusCode code, int index, const char* name, const char* fmt, ...)
    __attribute__((format(printf, 4, 5)));
Status TensorError(StatusCode code, int index, const char* name, const char* fmt, ...) {
  char rest[Status::kMaxMessage];
  va_list args;
  va_start(args, fmt);
  FormatV(rest, sizeof(rest), fmt, args);
  va_end(args);
  // A long tensor name is shortened ("abc..."), never the reason: names of
  // up to kMaxName characters leave room for the longest reason.
  constexpr size_t kMaxName = 40;
  char shown[kMaxName + 4];
  size_t n = 0;
  while (name[n] != '\0' && n < kMaxName) {
    shown[n] = name[n];
    ++n;
  }
  if (name[n] != '\0') {
    shown[n - 3] = shown[n - 2] = shown[n - 1] = '.';
  }
  shown[n] = '\0';
  return Status::Error(code, "%stensor %d '%s'%s",
                       code == StatusCode::kInvalidModel ? "invalid model: " : "", index, shown,
                       rest);
}

bool SupportedType(int8_t t) {
  switch (static_cast<DType>(t)) {
    case DType::kFloat32:
    case DType::kInt32:
    case DType::kUInt8:
    case DType::kInt64:
    case DType::kBool:
    case DType::kInt16:
    case DType::kInt8: return true;
  }
  return t == kResourceType;
}

const char* TensorLabel(const fb::Tensor* t) {
  return (t->name() != nullptr) ? t->name()->c_str() : "";
}

Status CheckTensor(const fb::Model* m, const fb::Tensor* t, int index) {
  const char* name = TensorLabel(t);
  if (!SupportedType(static_cast<int8_t>(t->type()))) {
    return TensorError(StatusCode::kUnsupported, index, name,
                       ": element type %d is not supported "
                       "(float32, int8, int16, int32, int64, uint8, bool)",
                       static_cast<int>(t->type()));
  }
  if (t->sparsity() != nullptr) {
    return TensorError(StatusCode::kUnsupported, index, name, ": sparse tensors are not supported");
  }
  uint64_t elems = 1;
  // The product of the non-zero dimensions too: an empty tensor (a
  // dimension 0) has no bytes, but kernels multiply its other dimensions.
  uint64_t span = 1;
  if (t->shape() != nullptr) {
    if (t->shape()->size() > static_cast<uint32_t>(kMaxRank)) {
      return TensorError(StatusCode::kInvalidModel, index, name,
                         " has rank %" PRIu32 ", at most %d supported", t->shape()->size(),
                         kMaxRank);
    }
    for (unsigned i = 0; i < t->shape()->size(); ++i) {
      const int d = t->shape()->Get(i);
      if (d < 0) {
        return TensorError(StatusCode::kInvalidModel, index, name,
                           " has negative dimension %d at axis %u", d, i);
      }
      if (!CheckedMul(elems, static_cast<uint64_t>(d), &elems) ||
          !CheckedMul(span, static_cast<uint64_t>(d > 0 ? d : 1), &span)) {
        return TensorError(StatusCode::kInvalidModel, index, name,
                           ": shape too large (over 2 GiB, zero dimensions aside)");
      }
    }
  }
  uint64_t bytes = 0;
  if (!CheckedMul(elems, DTypeSize(static_cast<DType>(t->type())), &bytes)) {
    return TensorError(StatusCode::kInvalidModel, index, name,
                       ": byte size too large (over 2 GiB)");
  }
  const auto* buffers = m->buffers();
  const unsigned buffer = t->buffer();
  const unsigned num_buffers = buffers != nullptr ? buffers->size() : 0;
  if (buffer >= num_buffers) {
    return TensorError(StatusCode::kInvalidModel, index, name,
                       " refers to buffer %u, model has %u buffers", buffer, num_buffers);
  }
  const fb::Buffer* buf = buffers->Get(buffer);
  if (buf->offset() > 1 || buf->size() > 0) {
    return TensorError(StatusCode::kUnsupported, index, name,
                       ": buffer %u stored outside the "
                       "flatbuffer is not supported",
                       buffer);
  }
  const size_t elem = DTypeSize(static_cast<DType>(t->type()));
  // Kernels read constants with typed loads; unaligned ones fault on
  // Cortex-M (LDRD, VLDR) and are undefined behaviour everywhere. 8-byte
  // elements need only 4-byte alignment here, as the TFLite converter stores
  // an int64 bias: the interpreter refuses them before prepare unless the
  // kernel reads that input through LoadInt64 (KernelReg::unaligned64), or
  // on Cortex-M, whose 64-bit loads need only word alignment
  // (CIRCLET_INT64_ALIGNMENT_CHECK).
  // (A resource handle has no element size: 1, and the size check below
  // refuses any data it holds.)
  const size_t align = elem == 0 ? 1 : elem < 4 ? elem : 4;
  if (buf->data() != nullptr && buf->data()->size() != 0 &&
      (reinterpret_cast<uintptr_t>(buf->data()->data()) % align) != 0) {
    return TensorError(StatusCode::kInvalidModel, index, name,
                       ": constant data in buffer %u is not %zu-byte aligned", buffer, align);
  }
  if (buf->data() != nullptr && buf->data()->size() != 0 && buf->data()->size() != bytes) {
    return TensorError(StatusCode::kInvalidModel, index, name,
                       ": buffer %u holds %" PRIu32 " bytes, shape needs %llu", buffer,
                       buf->data()->size(), static_cast<unsigned long long>(bytes));
  }
  const fb::QuantizationParameters* q = t->quantization();
  if (q != nullptr) {
    const unsigned ns = q->scale() != nullptr ? q->scale()->size() : 0;
    const unsigned nz = q->zero_point() != nullptr ? q->zero_point()->size() : 0;
    if (nz > 0 && (reinterpret_cast<uintptr_t>(q->zero_point()->data()) & 7u) != 0) {
      return TensorError(StatusCode::kInvalidModel, index, name,
                         ": zero point array is not 8-byte aligned (load the model at an "
                         "8-byte aligned address)");
    }
    if (ns != nz) {
      return TensorError(StatusCode::kInvalidModel, index, name,
                         ": %u quantization scales but %u zero points", ns, nz);
    }
    if (ns > 1) {
      int qd = q->quantized_dimension();
      const int rank = t->shape() != nullptr ? static_cast<int>(t->shape()->size()) : 0;
      // Converters sometimes copy the filter's quantized_dimension onto a
      // 1-D bias; TFLite reads such a bias per element. Accept exactly that.
      if (rank == 1 && (qd < 0 || qd >= rank) && static_cast<int32_t>(ns) == t->shape()->Get(0)) {
        qd = 0;
      }
      if (qd < 0 || qd >= rank) {
        return TensorError(StatusCode::kInvalidModel, index, name,
                           ": quantized_dimension %d outside rank %d", qd, rank);
      }
      if (static_cast<int32_t>(ns) != t->shape()->Get(qd)) {
        return TensorError(StatusCode::kInvalidModel, index, name,
                           ": %u per-channel scales, dimension %d has "
                           "%" PRId32 " channels",
                           ns, qd, t->shape()->Get(qd));
      }
    }
    for (unsigned i = 0; i < ns; ++i) {
      float s = q->scale()->Get(i);
      if (!(std::isfinite(s) && s > 0.0f)) {
        return TensorError(StatusCode::kInvalidModel, index, name,
                           ": quantization scale %u is not a positive "
                           "finite number",
                           i);
      }
      // Zero points must be values of the tensor's own type (int32 bias
      // and float tensors: any small value; TFLite requires 0 for biases).
      int64_t zp = q->zero_point()->Get(i);
      int64_t lo = -32768, hi = 65535;
      switch (static_cast<DType>(t->type())) {
        case DType::kInt8:
          lo = -128;
          hi = 127;
          break;
        case DType::kUInt8:
          lo = 0;
          hi = 255;
          break;
        case DType::kInt16:
          lo = -32768;
          hi = 32767;
          break;
        default: break;
      }
      if (zp < lo || zp > hi) {
        return TensorError(StatusCode::kInvalidModel, index, name,
                           ": zero point %lld outside %lld..%lld for %s",
                           static_cast<long long>(zp), static_cast<long long>(lo),
                           static_cast<long long>(hi), DTypeName(static_cast<DType>(t->type())));
      }
    }
  }
  return Status::Ok();
}

Status CheckIndexVector(const flatbuffers::Vector<int32_t>* v, unsigned limit, bool allow_optional,
                        const char* what, int op) {
  if (v == nullptr) return Status::Ok();
  for (unsigned i = 0; i < v->size(); ++i) {
    const int t = v->Get(i);
    if (t == -1 && allow_optional) continue;
    if (t < 0 || static_cast<unsigned>(t) >= limit) {
      if (op >= 0) {
        return Invalid("op %d: %s %u refers to tensor %d, subgraph has %u", op, what, i, t, limit);
      }
      return Invalid("subgraph %s %u refers to tensor %d, subgraph has %u", what, i, t, limit);
    }
  }
  return Status::Ok();
}

// Everything before the structure check: arguments, size, file identifier.
Status CheckEnvelope(const uint8_t* data, size_t size, Model* out) {
  if (out == nullptr) {
    return Status::Error(StatusCode::kInvalidArgument, "Model::Create: out is null");
  }
  *out = Model();
  if (data == nullptr) {
    return Status::Error(StatusCode::kInvalidArgument, "Model::Create: model data is null");
  }
  if ((reinterpret_cast<uintptr_t>(data) & 3u) != 0) {
    return Status::Error(StatusCode::kInvalidArgument,
                         "Model::Create: model data must be 4-byte aligned");
  }
  if (size < 8 || size > kMaxModelBytes) {
    return Invalid("%zu bytes is not a plausible model size (up to 512 MiB)", size);
  }
  if (!flatbuffers::BufferHasIdentifier(data, "CIR0") &&
      !flatbuffers::BufferHasIdentifier(data, "TFL3")) {
    return Invalid(
        "file identifier is '%c%c%c%c', expected 'TFL3' (TFLite) or 'CIR0' "
        "(Circle)",
        data[4] >= 32 && data[4] < 127 ? data[4] : '?',
        data[5] >= 32 && data[5] < 127 ? data[5] : '?',
        data[6] >= 32 && data[6] < 127 ? data[6] : '?',
        data[7] >= 32 && data[7] < 127 ? data[7] : '?');
  }
  return Status::Ok();
}

}  // namespace

Status Model::Create(const uint8_t* data, size_t size, Model* out) {
  CIRCLET_RETURN_IF_ERROR(CheckEnvelope(data, size, out));
  // Depth 64 and 1M tables bound the Verifier's work on hostile input.
  flatbuffers::Verifier verifier(data, size, 64, 1000000);
  if (!verifier.VerifyBuffer<fb::Model>(nullptr)) {
    return Invalid(
        "flatbuffer structure check failed (truncated or corrupted "
        "file: an offset or vector points outside the %zu bytes)",
        size);
  }
  return CheckAndView(data, size, out, 0);
}

Status Model::CreateTrusted(const uint8_t* data, size_t size, Model* out) {
  CIRCLET_RETURN_IF_ERROR(CheckEnvelope(data, size, out));
  return CheckAndView(data, size, out, 0);
}

// Everything after the structure check: the semantic checks, then the view.
Status Model::CheckAndView(const uint8_t* data, size_t size, Model* out, int index) {
  const bool circle = flatbuffers::BufferHasIdentifier(data, "CIR0");
  const fb::Model* m = fb::GetModel(data);
  if (!circle && m->version() != 3) {
    return Status::Error(StatusCode::kUnsupported,
                         "TFLite schema version %" PRIu32 " is not supported (expected 3)",
                         m->version());
  }
  if (m->subgraphs() == nullptr || m->subgraphs()->size() <= static_cast<unsigned>(index)) {
    return Invalid("model has no subgraph %d", index);
  }
  if (m->buffers() == nullptr) return Invalid("model has no buffers table");
  // The subgraph's tensors, inputs, outputs, and every operator's opcode
  // and tensor indices.
  const fb::SubGraph* sg = m->subgraphs()->Get(index);
  if (sg->tensors() == nullptr || sg->inputs() == nullptr || sg->outputs() == nullptr) {
    return Invalid("subgraph %d lacks its tensors, inputs or outputs", index);
  }
  const unsigned nt = sg->tensors()->size();
  if (nt > kMaxTensors) return Invalid("%u tensors, at most %u", nt, kMaxTensors);
  const unsigned nops = sg->operators() != nullptr ? sg->operators()->size() : 0;
  if (nops > kMaxOperators) {
    return Invalid("%u operators, at most %u", nops, kMaxOperators);
  }
  const unsigned nopc = m->operator_codes() != nullptr ? m->operator_codes()->size() : 0;
  for (unsigned i = 0; i < nt; ++i) {
    CIRCLET_RETURN_IF_ERROR(CheckTensor(m, sg->tensors()->Get(i), static_cast<int>(i)));
  }
  CIRCLET_RETURN_IF_ERROR(CheckIndexVector(sg->inputs(), nt, false, "input", -1));
  CIRCLET_RETURN_IF_ERROR(CheckIndexVector(sg->outputs(), nt, false, "output", -1));
  for (unsigned k = 0; k < nops; ++k) {
    const fb::Operator* op = sg->operators()->Get(k);
    if (op->opcode_index() >= nopc) {
      return Invalid("op %u uses opcode %" PRIu32 ", model has %u opcodes", k, op->opcode_index(),
                     nopc);
    }
    CIRCLET_RETURN_IF_ERROR(CheckIndexVector(op->inputs(), nt, true, "input", static_cast<int>(k)));
    CIRCLET_RETURN_IF_ERROR(
        CheckIndexVector(op->outputs(), nt, false, "output", static_cast<int>(k)));
  }
  Model model;
  model.data_ = data;
  model.size_ = size;
  model.model_ = m;
  model.subgraph_ = sg;
  model.is_circle_ = circle;
  *out = model;
  return Status::Ok();
}

const char* Model::tensor_name(int t) const {
  return TensorLabel(fb_tensor(t));
}

int Model::num_subgraphs() const {
  return static_cast<int>(model_->subgraphs()->size());
}

Status Model::Subgraph(int index, Model* out) const {
  if (index < 0 || index >= num_subgraphs()) {
    return Invalid("subgraph %d does not exist (the model has %d)", index, num_subgraphs());
  }
  // The same checks as Create's, on that subgraph (the model's bytes were
  // verified by Create; CheckAndView only reads them).
  return CheckAndView(data_, size_, out, index);
}

}  // namespace circlet
