// SPDX-License-Identifier: Apache-2.0
#include "runtime/op_context.h"

#include <cinttypes>
#include <cstring>

#include "plan/lifetimes.h"

namespace circlet {

OpContext::OpContext(Interpreter* interp, int op, bool preparing)
    : interp_(interp),
      op_(op),
      preparing_(preparing),
      rec_(&interp->ops_[op]),
      fbop_(interp->model_->fb_operator(op)) {}

const fb::Operator* OpContext::op() const {
  return preparing_ ? fbop_ : FlatbufferInEval();
}

const void* OpContext::OptionsOfType(int type) const {
  const fb::Operator* o = op();
  return o->builtin_options_type() == type ? o->builtin_options() : nullptr;
}

int OpContext::num_inputs() const {
  return ListSize(rec_->inputs);
}
int OpContext::num_outputs() const {
  return ListSize(rec_->outputs);
}
int32_t OpContext::InputIndex(int i) const {
  return static_cast<uint32_t>(i) < static_cast<uint32_t>(num_inputs()) ? rec_->inputs[i] : -1;
}
int32_t OpContext::OutputIndex(int i) const {
  return static_cast<uint32_t>(i) < static_cast<uint32_t>(num_outputs()) ? rec_->outputs[i] : -1;
}
bool OpContext::has_input(int i) const {
  return InputIndex(i) >= 0;
}

const fb::Operator* OpContext::FlatbufferInEval() const {
#if !defined(NDEBUG) && !defined(CIRCLET_ALLOW_FLATBUFFER_IN_EVAL)
  // A kernel's eval read its options or the operator table: keep what it
  // needs in op data at prepare instead (kernels/README.md).
  __builtin_trap();
#endif
  return interp_->model_->fb_operator(op_);
}

namespace {
const int32_t kScalarDims[2] = {0, 1};  // {rank word, the one dimension}

// A record's dimensions: in the model, or the scalar's.
inline const int32_t* RecordDims(const uint8_t* model, uint32_t info) {
  const uint32_t shape = info & TensorRecord::kShapeMask;
  return shape != 0 ? reinterpret_cast<const int32_t*>(model) + shape : kScalarDims + 1;
}
}  // namespace

// Out of line (one copy, not one per kernel) and compiled for speed: every
// eval's tensor views come from here.
CIRCLET_SPEED TensorView OpContext::View(int32_t t) const {
  // One object returned from every path (no copy of the 40-byte view).
  TensorView v;
  if (preparing_ || t < 0) {
    v = interp_->tensor(t);
    return v;
  }
  const TensorRecord& r = interp_->tensors_[t];
  const uint32_t info = r.info;
  const int32_t* dims = RecordDims(interp_->model_->data(), info);
  v.data = r.data;
  v.dims = dims;
  v.rank = dims[-1];
  v.type = r.type();
  v.index = t;
  v.is_constant = r.is_constant();
#ifndef NDEBUG
  // Eval views carry no quantization. Debug builds give them an absurd one,
  // so that a kernel reading it at eval fails its tests visibly.
  static const float kPoisonScale[1] = {12345.0f};
  static const int64_t kPoisonZeroPoint[1] = {77};
  v.quant.scales = kPoisonScale;
  v.quant.zero_points = kPoisonZeroPoint;
  v.quant.count = 1;
#endif
  return v;
}

CIRCLET_SPEED TensorView OpContext::input(int i) const {
  return View(InputIndex(i));
}

CIRCLET_SPEED void* OpContext::input_data(int i) const {
  const int32_t t = InputIndex(i);
  if (t < 0) return nullptr;
  return preparing_ ? interp_->tensor(t).data : interp_->tensors_[t].data;
}

CIRCLET_SPEED void* OpContext::output_data(int i) const {
  const int32_t t = OutputIndex(i);
  if (t < 0) return nullptr;
  return preparing_ ? interp_->tensor(t).data : interp_->tensors_[t].data;
}

CIRCLET_SPEED const int32_t* OpContext::input_dims(int i) const {
  const int32_t t = InputIndex(i);
  if (t < 0) return nullptr;
  return preparing_ ? interp_->tensor(t).dims
                    : RecordDims(interp_->model_->data(), interp_->tensors_[t].info);
}

CIRCLET_SPEED TensorView OpContext::output(int i) const {
  return View(OutputIndex(i));
}

const char* OpContext::op_name() const {
  return BuiltinOpName(interp_->model_->op_code(op_));
}

int32_t OpContext::version() const {
  return interp_->model_->op_version(op_);
}

Status OpContext::UseState(int i) {
  const int32_t t = InputIndex(i);
  if (t < 0 || !interp_->model_->tensor_is_variable(t)) {
    return Error(StatusCode::kInvalidModel,
                 "input %d (tensor %d) must be a variable tensor (the state)", i,
                 static_cast<int>(t));
  }
  // Claimed already by another op sharing the state.
  if (!preparing_ || interp_->state_claimed(t)) return Status::Ok();
  const size_t n = interp_->model_->tensor_bytes(t);
  const size_t before = interp_->persistent_used_ + interp_->persistent_overflow_;
  void* p = AllocatePersistent(n > 0 ? n : 1);
  if (p == nullptr) {
    return Error(StatusCode::kArenaTooSmall, "no room for the state (tensor %d)",
                 static_cast<int>(t));
  }
  interp_->report_.state_bytes +=
      interp_->persistent_used_ + interp_->persistent_overflow_ - before;
  interp_->tensors_[t].data = static_cast<uint8_t*>(p);
  interp_->InitVariable(t);
  return Status::Ok();
}

void* OpContext::AllocatePersistent(size_t bytes) {
  if (!preparing_) return nullptr;
  return interp_->AllocatePersistent(bytes);
}

Status OpContext::RequestScratch(size_t bytes, ScratchRecord** ref) {
  *ref = nullptr;
  if (!preparing_) return Error(StatusCode::kBadState, "scratch requested outside prepare");
  if (bytes > 0x7FFFFFFFu) return Error(StatusCode::kUnsupported, "scratch of %zu bytes", bytes);
  auto* rec = static_cast<ScratchRecord*>(AllocatePersistent(sizeof(ScratchRecord)));
  if (rec == nullptr) {
    return Error(StatusCode::kArenaTooSmall, "no room for a scratch record");
  }
  rec->size = static_cast<uint32_t>(bytes);
  rec->offset = 0;
  rec->op = op_;
  rec->next = interp_->scratch_;
  interp_->scratch_ = rec;
  *ref = rec;
  return Status::Ok();
}

void* OpContext::scratch(const ScratchRecord* ref) const {
  // Unsigned arithmetic: with memory pools the offset may wrap around.
  return reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(interp_->arena_) + ref->offset);
}

Status OpContext::CheckTableTypes(uint16_t types) const {
  if (num_inputs() == 0 || !has_input(0)) return Status::Ok();
  const TensorView in = input(0);
  // optype bit of each DType value (0 float32, 2 int32, 3 uint8, 4 int64,
  // 6 bool, 7 int16, 9 int8); 0 for types no kernel takes.
  static constexpr uint8_t kBit[10] = {optype::F32, 0,         optype::I32,  optype::U8,
                                       optype::I64, 0,         optype::BOOL, optype::I16,
                                       0,           optype::I8};
  const auto t = static_cast<uint32_t>(in.type);
  // ANY also takes a resource handle (READ_VARIABLE, ASSIGN_VARIABLE).
  if ((t < 10 && (kBit[t] & types) != 0) || types == optype::ANY) return Status::Ok();
  return Error(StatusCode::kUnsupported, "input 0 (tensor %d) is %s: not a type %s takes", in.index,
               DTypeName(in.type), op_name());
}

#if CIRCLET_INT64_ALIGNMENT_CHECK
Status OpContext::CheckConstantAlignment(uint8_t unaligned_ok) const {
  for (int i = 0; i < num_inputs(); ++i) {
    if (!has_input(i)) continue;
    const TensorView t = input(i);
    if (!t.is_constant || DTypeSize(t.type) != 8 ||
        (reinterpret_cast<uintptr_t>(t.data) & 7) == 0 ||
        ((unaligned_ok >> (i < 7 ? i : 7)) & 1) != 0) {
      continue;
    }
    return Error(StatusCode::kUnsupported,
                 "input %d (tensor %d): constant %s data at a 4-byte offset, which %s reads with "
                 "8-byte loads (store the buffer 8-byte aligned)",
                 i, t.index, DTypeName(t.type), op_name());
  }
  return Status::Ok();
}
#endif

void OpContext::ViewOutput(int out, int in, size_t byte_offset) {
  if (!preparing_ || interp_->temp_ == nullptr) return;
  const int32_t o = rec_->outputs[out];
  const int32_t x = rec_->inputs[in];
  interp_->temp_->group[o] = static_cast<uint16_t>(x);
  interp_->temp_->rel[o] = static_cast<int32_t>(byte_offset);
  if (interp_->prepare_observer_ != nullptr) {
    interp_->prepare_observer_->OnView(op_, o, x, byte_offset);
  }
}

void OpContext::AllowInPlace(InPlace kind) {
  if (preparing_ && interp_->temp_ != nullptr) {
    interp_->temp_->inplace[op_] = static_cast<uint8_t>(kind);
  }
}

void OpContext::AllowRowWindows(int stride, int pad, int extent, size_t row_scratch, size_t kept) {
  PrepareTemp* tp = interp_->temp_;  // set during the kernels' prepare only
  if (tp != nullptr && tp->row_sink != nullptr)
    tp->row_sink(*tp, op_, stride, pad, extent, row_scratch, kept);
}

Status OpContext::Error(StatusCode code, const char* fmt, ...) const {
  char buf[Status::kMaxMessage];
  va_list args;
  va_start(args, fmt);
  FormatV(buf, sizeof(buf), fmt, args);
  va_end(args);
  return Status::Error(code, "op %d %s: %s", op_, op_name(), buf);
}

namespace {

// CheckOutputShape's error: the shapes in words take stack only when they
// differ, not in the frame of every prepare's check.
CIRCLET_COLD Status OutputShapeError(const OpContext& ctx, int i, const TensorView& out,
                                     const int32_t* dims, int rank) {
  char want[64], have[64];
  size_t n = 0;
  want[0] = have[0] = '\0';
  for (int d = 0; d < rank; ++d) {
    n += Format(want + n, sizeof(want) - n, d ? "x%" PRId32 : "%" PRId32, dims[d]);
  }
  n = 0;
  for (int d = 0; d < out.rank; ++d) {
    n += Format(have + n, sizeof(have) - n, d ? "x%" PRId32 : "%" PRId32, out.dims[d]);
  }
  return ctx.Error(StatusCode::kInvalidModel,
                   "output %d (tensor %d) has shape [%s], the op computes [%s]", i, out.index, have,
                   want);
}

}  // namespace

Status OpContext::CheckOutputShape(int i, const int32_t* dims, int rank) const {
  const TensorView out = output(i);
  bool same = out.rank == rank;
  for (int d = 0; same && d < rank; ++d) same = out.dims[d] == dims[d];
  if (same) return Status::Ok();
  return OutputShapeError(*this, i, out, dims, rank);
}

Status OpContext::ExpectType(const TensorView& t, DType want, const char* role) const {
  if (t.type == want) return Status::Ok();
  return Error(StatusCode::kUnsupported, "%s (tensor %d) is %s, expected %s", role, t.index,
               DTypeName(t.type), DTypeName(want));
}

}  // namespace circlet
