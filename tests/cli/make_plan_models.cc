// SPDX-License-Identifier: Apache-2.0
// make_plan_models DIR — writes the models of the plan/fit CLI tests
// (tests/cli/plan_fit_test.py) with the model writer:
//
//   plan_small.tflite   x[1,8] -FC-> a[1,16] -FC-> b[1,4] -RESHAPE-> c[2,2] -FC-> d[2,3]
//                       float32: x 32 B, a 64 B, b 16 B (c is a view of b), d 24 B
//   fit_huge.tflite     x[1,4] -FC-> y[1,200000] float32: 3.2 MB of weights, 800 KB output
//   custom_clip.tflite  x[1,4] -FC-> a[1,4] -CUSTOM 'Clip' {lo: -1, hi: 1}-> y[1,4] float32
//                       (`circlet inspect` of a custom operator)
#include <flatbuffers/flexbuffers.h>

#include <cstdio>
#include <string>
#include <vector>

#include "circlet/op_resolver.h"
#include "tools/writer/model_writer.h"

using circlet::DType;
using circlet::writer::ModelWriter;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_plan_models DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  namespace op = circlet::opcode;
  {
    ModelWriter w;
    const int x = w.AddTensor("x", DType::kFloat32, {1, 8});
    const int w1 =
        w.AddConstant<float>("w1", DType::kFloat32, {16, 8}, std::vector<float>(128, 0.5f));
    const int a = w.AddTensor("a", DType::kFloat32, {1, 16});
    const int w2 =
        w.AddConstant<float>("w2", DType::kFloat32, {4, 16}, std::vector<float>(64, 0.25f));
    const int b = w.AddTensor("b", DType::kFloat32, {1, 4});
    const int c = w.AddTensor("c", DType::kFloat32, {2, 2});
    const int w3 = w.AddConstant<float>("w3", DType::kFloat32, {3, 2}, std::vector<float>(6, 1.0f));
    const int d = w.AddTensor("d", DType::kFloat32, {2, 3});
    w.AddOperator(op::FULLY_CONNECTED, {x, w1, -1}, {a}, circlet::writer::FullyConnectedOptions(0));
    w.AddOperator(op::FULLY_CONNECTED, {a, w2, -1}, {b}, circlet::writer::FullyConnectedOptions(0));
    w.AddOperator(op::RESHAPE, {b}, {c}, circlet::writer::ReshapeOptions({2, 2}));
    w.AddOperator(op::FULLY_CONNECTED, {c, w3, -1}, {d}, circlet::writer::FullyConnectedOptions(0));
    w.SetInputs({x});
    w.SetOutputs({d});
    if (!circlet::writer::WriteFile(dir + "/plan_small.tflite", w.Finish())) return 1;
  }
  {
    ModelWriter w;
    const int units = 200000;
    const int x = w.AddTensor("x", DType::kFloat32, {1, 4});
    const int wt = w.AddConstant<float>("w", DType::kFloat32, {units, 4},
                                        std::vector<float>(static_cast<size_t>(units) * 4, 0.0f));
    const int y = w.AddTensor("y", DType::kFloat32, {1, units});
    w.AddOperator(op::FULLY_CONNECTED, {x, wt, -1}, {y}, circlet::writer::FullyConnectedOptions(0));
    w.SetInputs({x});
    w.SetOutputs({y});
    if (!circlet::writer::WriteFile(dir + "/fit_huge.tflite", w.Finish())) return 1;
  }
  {
    ModelWriter w;
    const int x = w.AddTensor("x", DType::kFloat32, {1, 4});
    const int wt = w.AddConstant<float>("w", DType::kFloat32, {4, 4}, std::vector<float>(16, 0.5f));
    const int a = w.AddTensor("a", DType::kFloat32, {1, 4});
    const int y = w.AddTensor("y", DType::kFloat32, {1, 4});
    w.AddOperator(op::FULLY_CONNECTED, {x, wt, -1}, {a}, circlet::writer::FullyConnectedOptions(0));
    flexbuffers::Builder fbb;
    fbb.Map([&]() {
      fbb.Float("lo", -1.0f);
      fbb.Float("hi", 1.0f);
    });
    fbb.Finish();
    w.AddCustomOperator("Clip", {a}, {y}, fbb.GetBuffer());
    w.SetInputs({x});
    w.SetOutputs({y});
    if (!circlet::writer::WriteFile(dir + "/custom_clip.tflite", w.Finish())) return 1;
  }
  return 0;
}
