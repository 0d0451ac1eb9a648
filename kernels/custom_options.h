// SPDX-License-Identifier: Apache-2.0
// Reading a custom operator's options (for custom kernels' prepare).
//
// The TFLite converter stores a custom operator's attributes as a FlexBuffer
// map in Operator.custom_options (OpContext::custom_options() gives the raw
// bytes). These helpers read one scalar of that map by key with the header-
// only flexbuffers.h (Debian: libflatbuffers-dev): no heap, the bytes are
// read in place. The bytes come from the model, so they are verified
// (flexbuffers::Verifier, no reuse tracker: no allocation) before any read;
// call CheckCustomOptions() in prepare to refuse malformed ones by name.
//
// A header for kernel authors, not part of the installed API
// (include/circlet/ never includes flatbuffers). Read the options in
// prepare and keep the values in op data: eval must not walk the bytes.
//
//   Status ClipPrepare(OpContext& ctx) {
//     CIRCLET_RETURN_IF_ERROR(CheckCustomOptions(ctx));
//     auto* d = ctx.AllocateOpData<ClipData>();
//     d->lo = static_cast<float>(CustomOptionFloat(ctx, "lo", -1.0));
//     ...
#ifndef CIRCLET_KERNELS_CUSTOM_OPTIONS_H_
#define CIRCLET_KERNELS_CUSTOM_OPTIONS_H_

#include <flatbuffers/flexbuffers.h>

#include <cstdint>
#include <cstring>

#include "runtime/op_context.h"

namespace circlet {

// The op's custom options as a FlexBuffer root; a null reference when the op
// has none or they are not a valid FlexBuffer.
inline flexbuffers::Reference CustomOptionsRoot(const OpContext& ctx) {
  const OpContext::Bytes b = ctx.custom_options();
  if (b.data == nullptr || !flexbuffers::VerifyBuffer(b.data, b.size, nullptr)) {
    return flexbuffers::Reference();
  }
  return flexbuffers::GetRoot(b.data, b.size);
}

// Fails (kInvalidModel, naming the op) unless the op has no custom options
// or they are a valid FlexBuffer map.
inline Status CheckCustomOptions(const OpContext& ctx) {
  const OpContext::Bytes b = ctx.custom_options();
  if (b.data == nullptr) return Status::Ok();
  if (!flexbuffers::VerifyBuffer(b.data, b.size, nullptr) ||
      !flexbuffers::GetRoot(b.data, b.size).IsMap()) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "custom options (%zu bytes) are not a valid FlexBuffer map", b.size);
  }
  return Status::Ok();
}

namespace custom_options_internal {

// A map that finds a key's element in place: flexbuffers' own AsInt64() /
// AsDouble() would also parse strings (strtod_l with a locale object from
// libflatbuffers), which no custom option needs.
class OptionsMap : public flexbuffers::Map {
 public:
  explicit OptionsMap(const flexbuffers::Map& m) : flexbuffers::Map(m) {}
  // The element of `key`: its address, width and packed type; false if absent.
  bool Find(const char* key, const uint8_t** elem, uint8_t* width, uint8_t* packed) const {
    const flexbuffers::TypedVector keys = Keys();
    for (size_t i = 0; i < size(); ++i) {
      if (std::strcmp(keys[i].AsKey(), key) != 0) continue;
      *elem = data_ + i * byte_width_;
      *width = byte_width_;
      *packed = data_[size() * byte_width_ + i];
      return true;
    }
    return false;
  }
};

// Option `key` as a number: true and *i / *d set for an int, uint, float or
// bool value (inline or indirect); false when absent or of another type.
inline bool ReadNumber(const OpContext& ctx, const char* key, int64_t* i, double* d) {
  const flexbuffers::Reference root = CustomOptionsRoot(ctx);
  if (!root.IsMap()) return false;
  const uint8_t* p = nullptr;
  uint8_t width = 0, packed = 0;
  if (!OptionsMap(root.AsMap()).Find(key, &p, &width, &packed)) return false;
  auto type = static_cast<flexbuffers::Type>(packed >> 2);
  if (type == flexbuffers::FBT_INDIRECT_INT || type == flexbuffers::FBT_INDIRECT_UINT ||
      type == flexbuffers::FBT_INDIRECT_FLOAT) {
    p = flexbuffers::Indirect(p, width);
    width = static_cast<uint8_t>(1u << (packed & 3u));
    type =
        static_cast<flexbuffers::Type>(type - flexbuffers::FBT_INDIRECT_INT + flexbuffers::FBT_INT);
  }
  switch (type) {
    case flexbuffers::FBT_INT:
      *i = flexbuffers::ReadInt64(p, width);
      *d = static_cast<double>(*i);
      return true;
    case flexbuffers::FBT_UINT:
    case flexbuffers::FBT_BOOL:
      *i = static_cast<int64_t>(flexbuffers::ReadUInt64(p, width));
      *d = static_cast<double>(flexbuffers::ReadUInt64(p, width));
      return true;
    case flexbuffers::FBT_FLOAT:
      *d = flexbuffers::ReadDouble(p, width);
      *i = static_cast<int64_t>(*d);
      return true;
    default: return false;
  }
}

}  // namespace custom_options_internal

// Integer option `key` of the op's custom-options map (a float value is
// truncated, a bool is 0/1), `def` when absent or not a number.
inline int64_t CustomOptionInt(const OpContext& ctx, const char* key, int64_t def) {
  int64_t i = 0;
  double d = 0;
  return custom_options_internal::ReadNumber(ctx, key, &i, &d) ? i : def;
}

// Float option `key` (an integer value is converted), `def` when absent or
// not a number.
inline double CustomOptionFloat(const OpContext& ctx, const char* key, double def) {
  int64_t i = 0;
  double d = 0;
  return custom_options_internal::ReadNumber(ctx, key, &i, &d) ? d : def;
}

}  // namespace circlet

#endif  // CIRCLET_KERNELS_CUSTOM_OPTIONS_H_
