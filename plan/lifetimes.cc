// SPDX-License-Identifier: Apache-2.0
#include "plan/lifetimes.h"

#include "circlet/interpreter.h"
#include "model/schema.h"

namespace circlet {

bool IsGraphOutput(const Model& m, int t) {
  for (int i = 0; i < m.num_outputs(); ++i) {
    if (m.output_tensor(i) == t) return true;
  }
  return false;
}

Status ComputeLifetimes(const Model& m, PrepareTemp& tp) {
  uint16_t* first = tp.first;
  uint16_t* last = tp.last;
  uint16_t* root = tp.root;
  const int nt = m.num_tensors();
  const int nops = m.num_operators();
  const uint16_t end = static_cast<uint16_t>(nops > 0 ? nops - 1 : 0);
  for (int t = 0; t < nt; ++t) {
    first[t] = kNone;
    last[t] = kNone;
    root[t] = static_cast<uint16_t>(t);
  }
  for (int i = 0; i < m.num_inputs(); ++i) {
    const int t = m.input_tensor(i);
    if (m.tensor_is_constant(t)) {
      return Status::Error(StatusCode::kInvalidModel,
                           "invalid model: graph input %d (tensor %d) is constant", i, t);
    }
    // Like TFLite Micro: an input's bytes may be reused once its last
    // reader has run (read inputs before Invoke(), not after).
    first[t] = 0;
    last[t] = 0;
  }
  for (int op = 0; op < nops; ++op) {
    const fb::Operator* fop = m.fb_operator(op);
    const char* name = BuiltinOpName(m.op_code(op));
    if (fop->inputs() != nullptr) {
      for (uint32_t j = 0; j < fop->inputs()->size(); ++j) {
        const int t = fop->inputs()->Get(j);
        // A constant has the model's bytes; a variable (also never planned)
        // the persistent storage its stateful kernel gave it in prepare
        // (OpContext::UseState), or none if no kernel keeps it: then it is
        // never written, the error below.
        if (t < 0 ||
            (m.tensor_is_constant(t) && (tp.records == nullptr || tp.records[t].data != nullptr))) {
          continue;
        }
        const uint16_t r = root[t];
        if (first[r] == kNone) {
          return Status::Error(
              StatusCode::kInvalidModel,
              "invalid model: op %d %s reads tensor %d before any op "
              "writes it (graph out of order, a cycle, or an unset input or variable)",
              op, name, t);
        }
        if (last[r] == kNone || last[r] < op) last[r] = static_cast<uint16_t>(op);
      }
    }
    // An operator may have no outputs (ASSIGN_VARIABLE, CALL_ONCE): it acts
    // on state only.
    if (fop->outputs() == nullptr) continue;
    for (uint32_t j = 0; j < fop->outputs()->size(); ++j) {
      const int t = fop->outputs()->Get(j);
      if (m.tensor_is_constant(t)) {
        return Status::Error(StatusCode::kInvalidModel,
                             "invalid model: op %d %s writes constant or variable tensor %d", op,
                             name, t);
      }
      if (first[t] != kNone || root[t] != t) {
        return Status::Error(StatusCode::kInvalidModel,
                             "invalid model: op %d %s writes tensor %d, which is a graph "
                             "input or written by an earlier op",
                             op, name, t);
      }
      const uint16_t in = tp.group[t];
      if (in != kNoTensor) {
        // A view: the output's bytes are the input's, from rel[t] on.
        root[t] = root[in];
        tp.rel[t] += tp.rel[in];
        // A view of a constant reads the model's bytes; the constant counts
        // as written (constants are never planned), so the view's readers
        // and a graph output that is the view pass the checks.
        if (m.tensor_is_constant(in)) first[root[t]] = static_cast<uint16_t>(op);
      } else {
        first[t] = static_cast<uint16_t>(op);
        last[t] = static_cast<uint16_t>(op);
      }
    }
  }
  for (int i = 0; i < m.num_outputs(); ++i) {
    const int t = m.output_tensor(i);
    if (m.tensor_is_constant(t)) continue;
    const uint16_t r = root[t];
    if (first[r] == kNone) {
      return Status::Error(StatusCode::kInvalidModel,
                           "invalid model: graph output %d (tensor %d) is never written", i, t);
    }
    if (!m.tensor_is_constant(r)) last[r] = end;
  }
  return Status::Ok();
}

int BuildInPlaceGroups(const Model& m, PrepareTemp& tp, bool use_inplace) {
  const int nt = m.num_tensors();
  const int nops = m.num_operators();
  for (int t = 0; t < nt; ++t) {
    tp.group[t] = static_cast<uint16_t>(t);
    if (tp.root[t] == t) tp.rel[t] = 0;  // a view keeps its offset
  }
  int merges = 0;
  for (int op = 0; use_inplace && op < nops; ++op) {
    const InPlace kind = static_cast<InPlace>(tp.inplace[op]);
    if (kind == InPlace::kNone) continue;
    const fb::Operator* fop = m.fb_operator(op);
    if (fop->inputs() == nullptr || fop->inputs()->size() == 0) continue;
    const int32_t in = fop->inputs()->Get(0);
    const int32_t out = fop->outputs()->Get(0);
    if (in < 0 || m.tensor_is_constant(in)) continue;
    const uint16_t ri = tp.root[in];
    if (m.tensor_is_constant(ri) || tp.last[ri] != op || IsGraphOutput(m, ri)) {
      continue;
    }
    if (tp.root[out] != out || tp.group[out] != out) continue;
    // No input of this op may be a partial view of input 0's root (a SPLIT
    // piece, smaller than the root: the output would overlay bytes other
    // than input 0's, or bytes the op still reads), nor live in input 0's
    // group otherwise.
    const size_t root_bytes = m.tensor_bytes(ri);
    bool shared = false;
    for (uint32_t j = 0; j < fop->inputs()->size(); ++j) {
      const int32_t other = fop->inputs()->Get(j);
      if (other < 0 || m.tensor_is_constant(other)) continue;
      const uint16_t ro = tp.root[other];
      shared |= ro == ri ? m.tensor_bytes(other) != root_bytes : tp.group[ro] == tp.group[ri];
    }
    if (shared) continue;
    const uint16_t g = tp.group[ri];
    const int32_t in_size = static_cast<int32_t>(root_bytes);
    const int32_t out_size = static_cast<int32_t>(m.tensor_bytes(out));
    int32_t rel = tp.rel[ri];
    if (kind == InPlace::kEndAligned) rel += in_size - out_size;
    tp.group[out] = g;
    tp.rel[out] = rel;
    if (rel < 0) {
      for (int t = 0; t < nt; ++t) {
        if (tp.group[t] == g) tp.rel[t] -= rel;
      }
    }
    ++merges;
  }
  return merges;
}

void JoinGroup(PrepareTemp& tp, int num_tensors, int into, int t, int32_t rel) {
  const uint16_t from = tp.group[t], to = tp.group[into];
  const int32_t shift = tp.rel[into] + rel - tp.rel[t];
  for (int u = 0; u < num_tensors; ++u) {
    if (tp.group[u] == from && tp.root[u] == u) {
      tp.group[u] = to;
      tp.rel[u] += shift;
    }
  }
  int32_t low = 0;
  for (int u = 0; u < num_tensors; ++u) {
    if (tp.group[u] == to && tp.root[u] == u && tp.rel[u] < low) low = tp.rel[u];
  }
  if (low == 0) return;
  for (int u = 0; u < num_tensors; ++u) {
    if (tp.group[u] == to && tp.root[u] == u) tp.rel[u] -= low;
  }
}

}  // namespace circlet
