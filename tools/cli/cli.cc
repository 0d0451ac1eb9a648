// SPDX-License-Identifier: Apache-2.0
#include "tools/cli/cli.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace circlet {
namespace cli {

void Check(const Status& s) {
  if (!s.ok()) throw CliError(s.message());
}

AlignedBuffer::AlignedBuffer(size_t bytes) : size_(bytes) {
  const size_t rounded = ((bytes + 15) / 16) * 16;
  data_.reset(static_cast<uint8_t*>(std::aligned_alloc(16, rounded == 0 ? 16 : rounded)));
  if (data_ == nullptr) {
    throw CliError("cannot allocate " + std::to_string(bytes) + " bytes");
  }
}

std::vector<uint8_t> ReadFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw CliError("cannot open '" + path + "': " + std::strerror(errno));
  std::vector<uint8_t> out;
  uint8_t buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) out.insert(out.end(), buf, buf + n);
  const bool bad = std::ferror(f) != 0;
  std::fclose(f);
  if (bad) throw CliError("cannot read '" + path + "'");
  return out;
}

void WriteFile(const std::string& path, const void* data, size_t bytes) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) throw CliError("cannot write '" + path + "': " + std::strerror(errno));
  const bool ok = std::fwrite(data, 1, bytes, f) == bytes;
  if (std::fclose(f) != 0 || !ok) throw CliError("cannot write '" + path + "'");
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Args ParseArgs(int argc, char** argv, int first, const std::string& command,
               const std::vector<OptionSpec>& spec) {
  Args args;
  bool options_done = false;
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (options_done || a.size() < 2 || a[0] != '-') {
      args.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    std::string value;
    bool inline_value = false;
    const size_t eq = a.find('=');
    if (a.compare(0, 2, "--") == 0 && eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      inline_value = true;
    }
    const OptionSpec* found = nullptr;
    for (const OptionSpec& o : spec) {
      if (a == o.name || (o.alias != nullptr && a == o.alias)) found = &o;
    }
    if (found == nullptr) {
      throw UsageError("unknown option '" + a + "' for '" + command + "' (see circlet --help)");
    }
    if (!found->takes_value) {
      if (inline_value) throw UsageError(std::string(found->name) + " takes no value");
      args.flags[found->name] = true;
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= argc) throw UsageError(std::string(found->name) + " needs a value");
      value = argv[++i];
    }
    args.values[found->name].push_back(value);
  }
  return args;
}

uint64_t ParseUnsigned(const std::string& s, const char* what, uint64_t max, bool allow_suffix) {
  std::string digits = s;
  uint64_t factor = 1;
  if (allow_suffix && !digits.empty()) {
    const char c = digits.back();
    if (c == 'k' || c == 'K') factor = 1024;
    if (c == 'm' || c == 'M') factor = 1024 * 1024;
    if (factor != 1) digits.pop_back();
  }
  int base = 10;
  size_t start = 0;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    base = 16;
    start = 2;
  }
  uint64_t v = 0;
  bool ok = start < digits.size();
  for (size_t i = start; ok && i < digits.size(); ++i) {
    const char c = digits[i];
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else {
      ok = false;
      break;
    }
    if (v > (max - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) {
      ok = false;
      break;
    }
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  if (ok && v > max / factor) ok = false;
  if (!ok) {
    throw UsageError(std::string(what) + " '" + s + "' is not a number from 0 to " +
                     std::to_string(max) + " (decimal or 0x hex)");
  }
  return v * factor;
}

LoadedModel::LoadedModel(const std::string& p) : path(p) {
  const std::vector<uint8_t> file = ReadFile(path);
  size = file.size();
  bytes.reset(new AlignedBuffer(size));
  if (size > 0) std::memcpy(bytes->data(), file.data(), size);
  const Status s = Model::Create(bytes->data(), size, &model);
  if (!s.ok()) throw CliError(path + ": " + s.message());
}

Session::Session(const std::string& path, size_t arena_bytes, const std::vector<PoolArg>& p,
                 bool patches)
    : loaded(path), arena(p.empty() ? arena_bytes : 8), pool_args(p) {
  if (pool_args.empty()) {
    interp.reset(new Interpreter(loaded.model, AllOpsResolver(), arena.data(), arena.size()));
  } else {
    for (const PoolArg& a : pool_args) {
      pool_memory.emplace_back(new AlignedBuffer(a.bytes));
      pools.push_back(MemoryPool{pool_memory.back()->data(), a.bytes, a.name.c_str()});
    }
    interp.reset(new Interpreter(loaded.model, AllOpsResolver(), pools.data(),
                                 static_cast<int>(pools.size())));
  }
  interp->set_prepare_observer(&views);
  if (patches) EnablePatchExecution(*interp);
  Check(interp->Prepare());
}

size_t ArenaBytes(const Args& args) {
  const std::string* v = args.last("--arena");
  if (v == nullptr) return kDefaultArenaBytes;
  const uint64_t n = ParseUnsigned(*v, "--arena", uint64_t{1} << 40, true);
  if (n == 0) throw UsageError("--arena must be at least 1 byte");
  return static_cast<size_t>(n);
}

std::vector<PoolArg> PoolArgs(const Args& args) {
  std::vector<PoolArg> out;
  const std::string* v = args.last("--pools");
  if (v == nullptr) return out;
  size_t at = 0;
  while (at <= v->size()) {
    const size_t comma = std::min(v->find(',', at), v->size());
    const std::string item = v->substr(at, comma - at);
    const size_t colon = item.find(':');
    if (colon == std::string::npos || colon == 0) {
      throw UsageError("--pools: '" + item + "' is not NAME:BYTES (e.g. dtcm:64k,sram:1m)");
    }
    PoolArg a;
    a.name = item.substr(0, colon);
    a.bytes = static_cast<size_t>(
        ParseUnsigned(item.substr(colon + 1), "--pools", uint64_t{1} << 40, true));
    if (a.bytes == 0) throw UsageError("--pools: pool '" + a.name + "' has 0 bytes");
    out.push_back(a);
    at = comma + 1;
  }
  if (out.size() > static_cast<size_t>(kMaxMemoryPools)) {
    throw UsageError("--pools: at most " + std::to_string(kMaxMemoryPools) + " pools");
  }
  return out;
}

void PrintPools(const ArenaReport& r) {
  if (r.num_pools == 0) return;
  std::printf(
      "pools        %d, fastest first; traffic per inference (planned tensors and scratch: "
      "each written once, read once per reader)\n",
      r.num_pools);
  for (int p = 0; p < r.num_pools; ++p) {
    const PoolReport& q = r.pools[p];
    const double density = q.activation_bytes > 0
                               ? static_cast<double>(q.read_bytes + q.written_bytes) /
                                     static_cast<double>(q.activation_bytes)
                               : 0.0;
    std::printf(
        "  %-10s used %9zu B (activations %zu, persistent %zu); read %zu B, written %zu B "
        "(%.1f B per byte); %s\n",
        q.name, q.used_bytes, q.activation_bytes, q.persistent_bytes, q.read_bytes, q.written_bytes,
        density, q.strategy);
  }
}

void XorShift32::Fill(const TensorView& t) {
  const int64_t n = t.num_elements();
  for (int64_t i = 0; i < n; ++i) {
    const uint32_t x = Next();
    switch (t.type) {
      case DType::kFloat32:
        t.as<float>()[i] = (static_cast<float>(x >> 8) / 16777216.0f) * 2.0f - 1.0f;
        break;
      case DType::kInt8: t.as<int8_t>()[i] = static_cast<int8_t>(x & 0xFF); break;
      case DType::kUInt8: t.as<uint8_t>()[i] = static_cast<uint8_t>(x & 0xFF); break;
      case DType::kInt16: t.as<int16_t>()[i] = static_cast<int16_t>(x & 0xFFFF); break;
      case DType::kInt32: t.as<int32_t>()[i] = static_cast<int32_t>(x); break;
      default:
        throw CliError("cannot generate " + std::string(DTypeName(t.type)) + " input for tensor " +
                       std::to_string(t.index) + "; give it with -i");
    }
  }
}

uint32_t SeedFrom(const Args& args) {
  const std::string* v = args.last("--seed");
  return v == nullptr ? kDefaultSeed
                      : static_cast<uint32_t>(ParseUnsigned(*v, "--seed", 0xFFFFFFFFu));
}

std::string ShapeString(const TensorView& t) {
  std::string s = "[";
  for (int i = 0; i < t.rank; ++i) {
    if (i > 0) s += ",";
    s += std::to_string(t.dim(i));
  }
  return s + "]";
}

std::string TensorLabel(const Model& m, int t) {
  std::string s = "tensor " + std::to_string(t);
  const char* name = m.tensor_name(t);
  if (name != nullptr && name[0] != '\0') s += std::string(" '") + name + "'";
  return s;
}

uint32_t Fnv1a(const void* data, size_t bytes) {
  uint32_t h = 2166136261u;
  const auto* p = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < bytes; ++i) {
    h ^= p[i];
    h *= 16777619u;
  }
  return h;
}

nlohmann::json PoolsJson(const ArenaReport& r) {
  nlohmann::json pools = nlohmann::json::array();
  for (int p = 0; p < r.num_pools; ++p) {
    const PoolReport& q = r.pools[p];
    pools.push_back({{"name", q.name},
                     {"used_bytes", q.used_bytes},
                     {"activation_bytes", q.activation_bytes},
                     {"persistent_bytes", q.persistent_bytes},
                     {"read_bytes", q.read_bytes},
                     {"written_bytes", q.written_bytes},
                     {"strategy", q.strategy}});
  }
  return pools;
}

nlohmann::json ReportJson(const ArenaReport& r) {
  return {{"arena_bytes", r.arena_bytes},
          {"activation_bytes", r.activation_bytes},
          {"persistent_bytes", r.persistent_bytes},
          {"runtime_bytes", r.runtime_bytes},
          {"op_data_bytes", r.op_data_bytes},
          {"state_bytes", r.state_bytes},
          {"scratch_bytes", r.scratch_bytes},
          {"lower_bound_bytes", r.lower_bound_bytes},
          {"activation_bytes_without_inplace", r.activation_bytes_without_inplace},
          {"inplace_ops", r.inplace_ops},
          {"prepare_temp_bytes", r.prepare_temp_bytes},
          {"planned_buffers", r.planned_buffers},
          {"strategy", r.strategy != nullptr ? r.strategy : "?"},
          {"pools", PoolsJson(r)}};
}

}  // namespace cli
}  // namespace circlet
