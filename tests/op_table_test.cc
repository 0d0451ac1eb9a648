// SPDX-License-Identifier: Apache-2.0
// The operator table (include/circlet/op_table.h) is the one source of each
// operator's code, name, versions and types: the linked kernels, the names
// and the resolver agree with it, extended codes (past 127) and Circle's
// negative codes resolve by builtin_code, and an operator without a kernel
// is refused by name.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

struct Row {
  const char* name;
  int32_t code;
  int versions;
  uint16_t types;
};

using namespace optype;  // NOLINT: the table's TYPES column
constexpr Row kRows[] = {
#define ROW_K_(NAME, CODE, VERSIONS, TYPES) {#NAME, CODE, VERSIONS, static_cast<uint16_t>(TYPES)},
#define ROW_N_(NAME, CODE) {#NAME, CODE, 0, 0},
    CIRCLET_OPS(ROW_K_, ROW_N_)
#undef ROW_K_
#undef ROW_N_
};

TEST(OpTable, EveryKernelMatchesItsLine) {
  std::set<int32_t> codes;
  int kernels = 0;
  for (const Row& r : kRows) {
    EXPECT_TRUE(codes.insert(r.code).second) << "code " << r.code << " listed twice";
    EXPECT_STREQ(BuiltinOpName(r.code), r.name);
    const KernelReg* reg = AllOpsResolver().Find(r.code);
    if (r.versions == 0) {
      EXPECT_EQ(reg, nullptr) << r.name << " is N(...) but has a kernel";
      continue;
    }
    ++kernels;
    ASSERT_NE(reg, nullptr) << r.name;
    EXPECT_EQ(reg->code, r.code) << r.name;
    EXPECT_EQ(reg->max_version, r.versions) << r.name;
    EXPECT_EQ(reg->types, r.types) << r.name;
    EXPECT_NE(r.types, 0) << r.name << " accepts no type";
  }
  EXPECT_EQ(static_cast<size_t>(kernels), AllOpsResolver().size());
  EXPECT_GE(kernels, 97);
}

TEST(OpTable, ExtendedCodeResolvesThroughBuiltinCode) {
  // CUMSUM is 128: the writer stores 127 in deprecated_builtin_code.
  test::OpTest t(opcode::CUMSUM);
  t.Input<float>({4}, {1, 2, 3, 4});
  t.Const<int32_t>({}, {0});
  t.Output<float>({4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 3, 6, 10}));
}

TEST(OpTable, CircleOperatorWithoutKernelIsRefusedByName) {
  // Circle's INSTANCE_NORM (-2) is known by name; circlet has no kernel for it.
  test::OpTest t(opcode::INSTANCE_NORM);
  t.Input<float>({1, 2}, {1, 2});
  t.Output<float>({1, 2});
  EXPECT_EQ(t.Run(), "1 operator not registered or unsupported: INSTANCE_NORM v1");
}

TEST(OpTable, VersionAboveTheKernelsIsRefused) {
  test::OpTest t(opcode::ABS, writer::NoOptions(), 99);
  t.Input<float>({2}, {-1, 2});
  t.Output<float>({2});
  const std::string err = t.Run();
  EXPECT_EQ(err.rfind("1 operator not registered or unsupported: ABS v99 (kernel has v1-v", 0), 0u)
      << err;
}

}  // namespace
}  // namespace circlet
