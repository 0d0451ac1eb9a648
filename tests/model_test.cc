// SPDX-License-Identifier: Apache-2.0
// Model::Create on well-formed and malformed models: every malformed case
// must end in a clear Status naming what is wrong, never a crash.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "model/builtin_ops.h"
#include "model/schema.h"
#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;

// x[1,4] -> FC(w[2,4], b[2]) -> y[1,2]
ModelWriter SmallFc() {
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kFloat32, {1, 4});
  int w = mw.AddConstant<float>("w", DType::kFloat32, {2, 4}, {1, 2, 3, 4, 5, 6, 7, 8});
  int b = mw.AddConstant<float>("b", DType::kFloat32, {2}, {0.5f, -0.5f});
  int y = mw.AddTensor("y", DType::kFloat32, {1, 2});
  mw.AddOperator(9, {x, w, b}, {y}, writer::FullyConnectedOptions(0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  return mw;
}

Status Create(const std::vector<uint8_t>& bytes) {
  Model m;
  return Model::Create(bytes.data(), bytes.size(), &m);
}

// Names from the compact table in model.cc: every listed code gives its own
// name, anything else "UNKNOWN".
TEST(Model, BuiltinOpNames) {
  EXPECT_STREQ(BuiltinOpName(0), "ADD");
  EXPECT_STREQ(BuiltinOpName(9), "FULLY_CONNECTED");
  EXPECT_STREQ(BuiltinOpName(25), "SOFTMAX");
  EXPECT_STREQ(BuiltinOpName(114), "QUANTIZE");
  EXPECT_STREQ(BuiltinOpName(-1), "UNKNOWN");
  EXPECT_STREQ(BuiltinOpName(-7), "UNKNOWN");
  EXPECT_STREQ(BuiltinOpName(kOpCodeLimit), "UNKNOWN");
  EXPECT_STREQ(BuiltinOpName(1 << 20), "UNKNOWN");
  int listed = 0;
#define CIRCLET_CHECK_NAME(name, value)                         \
  EXPECT_EQ(std::string(BuiltinOpName(value)), #name) << value; \
  ++listed;
#define CIRCLET_CHECK_KNAME(name, value, versions, types) CIRCLET_CHECK_NAME(name, value)
  CIRCLET_OPS(CIRCLET_CHECK_KNAME, CIRCLET_CHECK_NAME)
#undef CIRCLET_CHECK_NAME
#undef CIRCLET_CHECK_KNAME
  EXPECT_GT(listed, 160);
  // Extended codes (past 127) and Circle's negative codes have names too.
  EXPECT_STREQ(BuiltinOpName(128), "CUMSUM");
  EXPECT_STREQ(BuiltinOpName(150), "GELU");
  EXPECT_STREQ(BuiltinOpName(-5), "GRU");
  EXPECT_STREQ(BuiltinOpName(-2), "INSTANCE_NORM");
}

TEST(Model, ValidModelLoadsAndRuns) {
  auto bytes = SmallFc().Finish();
  Model m;
  ASSERT_TRUE(Model::Create(bytes.data(), bytes.size(), &m).ok());
  EXPECT_EQ(m.num_tensors(), 4);
  EXPECT_EQ(m.num_operators(), 1);
  EXPECT_EQ(m.op_code(0), 9);
  EXPECT_FALSE(m.is_circle());
  EXPECT_TRUE(m.tensor_is_constant(1));
  EXPECT_FALSE(m.tensor_is_constant(0));
  // Zero copy: the constant's data points into the model bytes.
  TensorView w = m.tensor_view(1);
  EXPECT_GE(static_cast<const uint8_t*>(w.data), bytes.data());
  EXPECT_LT(static_cast<const uint8_t*>(w.data), bytes.data() + bytes.size());
  auto r = test::RunModel(bytes, {test::Bytes(std::vector<float>{1, 1, 1, 1})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{10.5f, 25.5f}));
}

TEST(Model, CircleIdentifierAccepted) {
  auto bytes = SmallFc().Finish(/*circle=*/true);
  Model m;
  ASSERT_TRUE(Model::Create(bytes.data(), bytes.size(), &m).ok());
  EXPECT_TRUE(m.is_circle());
  auto r = test::RunModel(bytes, {test::Bytes(std::vector<float>{1, 0, 0, 0})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{1.5f, 4.5f}));
}

TEST(Model, WrongIdentifier) {
  auto bytes = SmallFc().Finish();
  bytes[4] = 'X';
  Status s = Create(bytes);
  EXPECT_EQ(s.code(), StatusCode::kInvalidModel);
  EXPECT_STREQ(s.message(),
               "invalid model: file identifier is 'XFL3', expected 'TFL3' (TFLite) or 'CIR0' "
               "(Circle)");
}

TEST(Model, EveryTruncationFailsCleanly) {
  auto bytes = SmallFc().Finish();
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + n);
    Model m;
    Status s = Model::Create(cut.data(), cut.size(), &m);
    EXPECT_FALSE(s.ok()) << "truncated to " << n;
    EXPECT_FALSE(m.valid());
  }
}

TEST(Model, NullAndMisalignedData) {
  Model m;
  Status s = Model::Create(nullptr, 100, &m);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_STREQ(s.message(), "Model::Create: model data is null");
  auto bytes = SmallFc().Finish();
  std::vector<uint8_t> shifted(bytes.size() + 1);
  std::memcpy(shifted.data() + 1, bytes.data(), bytes.size());
  s = Model::Create(shifted.data() + 1, bytes.size(), &m);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_STREQ(s.message(), "Model::Create: model data must be 4-byte aligned");
}

// CreateTrusted skips only the flatbuffers structure check: a well-formed
// model gives the same view, and the envelope and semantic checks still
// reject what Create rejects after its structure check, with the same words.
TEST(Model, CreateTrustedKeepsTheOtherChecks) {
  auto bytes = SmallFc().Finish();
  Model trusted;
  ASSERT_TRUE(Model::CreateTrusted(bytes.data(), bytes.size(), &trusted).ok());
  EXPECT_EQ(trusted.num_tensors(), 4);
  EXPECT_EQ(trusted.num_operators(), 1);
  EXPECT_EQ(trusted.op_code(0), 9);
  Model verified;
  ASSERT_TRUE(Model::Create(bytes.data(), bytes.size(), &verified).ok());
  EXPECT_EQ(trusted.tensor_view(1).data, verified.tensor_view(1).data);
  EXPECT_EQ(trusted.tensor_view(1).num_elements(), 8);

  bytes[4] = 'X';
  Status s = Model::CreateTrusted(bytes.data(), bytes.size(), &trusted);
  EXPECT_EQ(s.code(), StatusCode::kInvalidModel);
  EXPECT_FALSE(trusted.valid());
  // Copied: the next error's message replaces this one (circlet/status.h).
  const std::string trusted_message = s.message();
  EXPECT_EQ(trusted_message, Create(bytes).message());

  ModelWriter mw = SmallFc();
  int y2 = mw.AddTensor("y2", DType::kFloat32, {1, 2});
  mw.AddOperator(9, {99, 1, 2}, {y2}, writer::FullyConnectedOptions(0));
  auto bad = mw.Finish();
  s = Model::CreateTrusted(bad.data(), bad.size(), &trusted);
  EXPECT_STREQ(s.message(), "invalid model: op 1: input 0 refers to tensor 99, subgraph has 5");
  EXPECT_FALSE(trusted.valid());
}

TEST(Model, OperatorInputIndexOutOfRange) {
  ModelWriter mw = SmallFc();
  int y2 = mw.AddTensor("y2", DType::kFloat32, {1, 2});
  mw.AddOperator(9, {99, 1, 2}, {y2}, writer::FullyConnectedOptions(0));
  Status s = Create(mw.Finish());
  EXPECT_STREQ(s.message(), "invalid model: op 1: input 0 refers to tensor 99, subgraph has 5");
}

TEST(Model, NegativeIndexOtherThanOptional) {
  ModelWriter mw = SmallFc();
  int y2 = mw.AddTensor("y2", DType::kFloat32, {1, 2});
  mw.AddOperator(9, {0, 1, 2}, {-3}, writer::FullyConnectedOptions(0));
  (void)y2;
  Status s = Create(mw.Finish());
  EXPECT_STREQ(s.message(), "invalid model: op 1: output 0 refers to tensor -3, subgraph has 5");
}

TEST(Model, GraphOutputOutOfRange) {
  ModelWriter mw = SmallFc();
  mw.SetOutputs({3, 7});
  Status s = Create(mw.Finish());
  EXPECT_STREQ(s.message(), "invalid model: subgraph output 1 refers to tensor 7, subgraph has 4");
}

TEST(Model, BufferTooShortForShape) {
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kFloat32, {1, 4});
  int w = mw.AddConstant<float>("w", DType::kFloat32, {2, 4}, {1, 2, 3});  // 12 bytes, needs 32
  int y = mw.AddTensor("y", DType::kFloat32, {1, 2});
  mw.AddOperator(9, {x, w}, {y}, writer::FullyConnectedOptions(0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  Status s = Create(mw.Finish());
  EXPECT_EQ(s.code(), StatusCode::kInvalidModel);
  EXPECT_STREQ(s.message(), "invalid model: tensor 1 'w': buffer 1 holds 12 bytes, shape needs 32");
}

// The TFLite converter may store an int64 bias 4 bytes past an 8-byte
// boundary: the loader accepts 8-byte elements 4-byte aligned and reads them
// in place (the interpreter decides per kernel; tests/kernels/ops/).
TEST(Model, Int64ConstantAtAFourByteOffsetLoads) {
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kInt64, {2});
  int c = mw.AddConstant<int64_t>("c", DType::kInt64, {2}, {5, -7});
  mw.StoreAtFourByteOffset(c);
  int y = mw.AddTensor("y", DType::kInt64, {2});
  mw.AddOperator(0, {x, c}, {y});
  mw.SetInputs({x});
  mw.SetOutputs({y});
  const std::vector<uint8_t> bytes = mw.Finish();
  ASSERT_EQ(reinterpret_cast<uintptr_t>(bytes.data()) % 8, 0u);
  Model m;
  Status s = Model::Create(bytes.data(), bytes.size(), &m);
  ASSERT_TRUE(s.ok()) << s.message();
  const TensorView t = m.tensor_view(c);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(t.data) % 8, 4u);
  int64_t v[2];
  std::memcpy(v, t.data, sizeof(v));
  EXPECT_EQ(v[0], 5);
  EXPECT_EQ(v[1], -7);
}

TEST(Model, LongTensorNameIsShortenedNotTheReason) {
  ModelWriter mw;
  const std::string name(300, 'n');
  int x = mw.AddTensor("x", DType::kFloat32, {1, 4});
  int w = mw.AddConstant<float>(name, DType::kFloat32, {2, 4}, {1, 2, 3});  // 12 bytes, needs 32
  int y = mw.AddTensor("y", DType::kFloat32, {1, 2});
  mw.AddOperator(9, {x, w}, {y}, writer::FullyConnectedOptions(0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  Status s = Create(mw.Finish());
  const std::string m = s.message();
  EXPECT_EQ(m, "invalid model: tensor 1 '" + std::string(37, 'n') +
                   "...': buffer 1 holds 12 bytes, shape needs 32");
  EXPECT_LT(m.size(), Status::kMaxMessage);
}

TEST(Model, NegativeDimension) {
  ModelWriter mw = SmallFc();
  mw.AddTensor("bad", DType::kFloat32, {1, -5, 3});
  Status s = Create(mw.Finish());
  EXPECT_STREQ(s.message(), "invalid model: tensor 4 'bad' has negative dimension -5 at axis 1");
}

TEST(Model, HugeShapeOverflows) {
  ModelWriter mw = SmallFc();
  mw.AddTensor("huge", DType::kFloat32, {65536, 65536, 65536});
  Status s = Create(mw.Finish());
  EXPECT_STREQ(s.message(), "invalid model: tensor 4 'huge': shape too large (over 2 GiB, zero dimensions aside)");
}

TEST(Model, QuantizationCountMismatch) {
  ModelWriter mw = SmallFc();
  writer::Quant q{{0.5f, 0.25f, 0.1f}, {0, 0, 0}, 1};
  mw.AddTensor("q", DType::kInt8, {1, 2}, q);
  Status s = Create(mw.Finish());
  EXPECT_STREQ(s.message(),
               "invalid model: tensor 4 'q': 3 per-channel scales, dimension 1 has 2 channels");
  ModelWriter mw2 = SmallFc();
  mw2.AddTensor("q2", DType::kInt8, {1, 2}, writer::Quant{{0.5f}, {0, 1}, 0});
  s = Create(mw2.Finish());
  EXPECT_STREQ(s.message(),
               "invalid model: tensor 4 'q2': 1 quantization scales but 2 zero points");
  ModelWriter mw3 = SmallFc();
  mw3.AddTensor("q3", DType::kInt8, {1, 2}, writer::Quant{{-0.5f}, {0}, 0});
  s = Create(mw3.Finish());
  EXPECT_STREQ(s.message(),
               "invalid model: tensor 4 'q3': quantization scale 0 is not a positive finite "
               "number");
}

TEST(Model, ZeroPointOutsideItsType) {
  ModelWriter mw = SmallFc();
  mw.AddTensor("zp", DType::kInt8, {1, 2}, writer::PerTensor(0.5f, 200));
  Status s = Create(mw.Finish());
  EXPECT_STREQ(s.message(),
               "invalid model: tensor 4 'zp': zero point 200 outside -128..127 for int8");
  ModelWriter mw2 = SmallFc();
  mw2.AddTensor("zp16", DType::kInt16, {2}, writer::PerTensor(0.5f, 40000));
  s = Create(mw2.Finish());
  EXPECT_STREQ(s.message(),
               "invalid model: tensor 4 'zp16': zero point 40000 outside -32768..32767 for int16");
}

TEST(Model, OpcodeIndexOutOfRange) {
  // Build by hand: the writer always makes valid opcode indices.
  flatbuffers::FlatBufferBuilder b;
  std::vector<int32_t> shape{1};
  std::vector<flatbuffers::Offset<fb::Tensor>> tensors{
      fb::CreateTensor(b, b.CreateVector(shape), fb::TensorType_FLOAT32, 0),
      fb::CreateTensor(b, b.CreateVector(shape), fb::TensorType_FLOAT32, 0)};
  std::vector<int32_t> in{0}, out{1};
  std::vector<flatbuffers::Offset<fb::Operator>> ops{
      fb::CreateOperator(b, 5, b.CreateVector(in), b.CreateVector(out))};
  std::vector<flatbuffers::Offset<fb::SubGraph>> sgs{fb::CreateSubGraph(
      b, b.CreateVector(tensors), b.CreateVector(in), b.CreateVector(out), b.CreateVector(ops))};
  std::vector<flatbuffers::Offset<fb::Buffer>> bufs{fb::CreateBuffer(b)};
  std::vector<flatbuffers::Offset<fb::OperatorCode>> codes{fb::CreateOperatorCode(b, 22)};
  b.Finish(
      fb::CreateModel(b, 3, b.CreateVector(codes), b.CreateVector(sgs), 0, b.CreateVector(bufs)),
      "TFL3");
  std::vector<uint8_t> bytes(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
  Status s = Create(bytes);
  EXPECT_STREQ(s.message(), "invalid model: op 0 uses opcode 5, model has 1 opcodes");
}

TEST(Model, UnsupportedSchemaVersionAndType) {
  ModelWriter mw = SmallFc();
  mw.AddTensor("c64", static_cast<DType>(8), {2});
  Status s = Create(mw.Finish());
  EXPECT_EQ(s.code(), StatusCode::kUnsupported);
  EXPECT_STREQ(s.message(),
               "tensor 4 'c64': element type 8 is not supported (float32, int8, int16, int32, "
               "int64, uint8, bool)");
}

}  // namespace
}  // namespace circlet
