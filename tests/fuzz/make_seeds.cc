// SPDX-License-Identifier: Apache-2.0
// Writes the fuzzer's seed models (made with the model writer) into a
// directory: small models covering each kernel's options.
#include <cstdio>
#include <string>

#include "circlet/op_resolver.h"
#include "tools/writer/model_writer.h"

using circlet::DType;
using circlet::writer::ModelWriter;
using circlet::writer::PerTensor;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  int written = 0;
  auto save = [&](const std::string& name, const ModelWriter& mw, bool circle = false) {
    if (circlet::writer::WriteFile(dir + "/" + name + ".tflite", mw.Finish(circle))) ++written;
  };
  namespace fbo = circlet::fb;
  {
    ModelWriter mw;
    int x = mw.AddTensor("x", DType::kFloat32, {1, 4});
    int w = mw.AddConstant<float>("w", DType::kFloat32, {2, 4}, {1, 2, 3, 4, 5, 6, 7, 8});
    int y = mw.AddTensor("y", DType::kFloat32, {1, 2});
    mw.AddOperator(circlet::opcode::FULLY_CONNECTED, {x, w, -1}, {y},
                   circlet::writer::FullyConnectedOptions(1));
    mw.SetInputs({x});
    mw.SetOutputs({y});
    save("fc_float", mw);
    save("fc_float_circle", mw, true);
  }
  {
    ModelWriter mw;
    int x = mw.AddTensor("x", DType::kInt8, {1, 4, 4, 2}, PerTensor(0.1f, -5));
    int w = mw.AddConstant<int8_t>("w", DType::kInt8, {3, 3, 3, 2}, std::vector<int8_t>(54, 3),
                                   circlet::writer::Quant{{0.1f, 0.05f, 0.2f}, {0, 0, 0}, 0});
    int b = mw.AddConstant<int32_t>("b", DType::kInt32, {3}, {10, -10, 3});
    int c = mw.AddTensor("c", DType::kInt8, {1, 2, 2, 3}, PerTensor(0.2f, 1));
    int p = mw.AddTensor("p", DType::kInt8, {1, 1, 1, 3}, PerTensor(0.2f, 1));
    int r = mw.AddTensor("r", DType::kInt8, {1, 3}, PerTensor(0.2f, 1));
    int s = mw.AddTensor("s", DType::kInt8, {1, 3}, PerTensor(1.0f / 256, -128));
    mw.AddOperator(circlet::opcode::CONV_2D, {x, w, b}, {c},
                   circlet::writer::Conv2DOptions(fbo::Padding_SAME, 2, 2, 1));
    mw.AddOperator(1, {c}, {p}, circlet::writer::Pool2DOptions(fbo::Padding_VALID, 2, 2, 2, 2, 0));
    mw.AddOperator(circlet::opcode::RESHAPE, {p}, {r}, circlet::writer::ReshapeOptions({1, 3}));
    mw.AddOperator(25, {r}, {s}, circlet::writer::SoftmaxOptions(1.0f));
    mw.SetInputs({x});
    mw.SetOutputs({s});
    save("conv_pool_softmax_int8", mw);
  }
  {
    ModelWriter mw;
    int a = mw.AddTensor("a", DType::kInt8, {1, 3, 3, 2}, PerTensor(0.1f, 3));
    int b = mw.AddTensor("b", DType::kInt8, {1, 1, 1, 2}, PerTensor(0.3f, -2));
    int s = mw.AddTensor("s", DType::kInt8, {1, 3, 3, 2}, PerTensor(0.2f, 0));
    int w = mw.AddConstant<int8_t>("dw", DType::kInt8, {1, 3, 3, 4}, std::vector<int8_t>(36, -7),
                                   PerTensor(0.02f, 0));
    int d = mw.AddTensor("d", DType::kInt8, {1, 3, 3, 4}, PerTensor(0.1f, 0));
    int m = mw.AddTensor("m", DType::kInt8, {1, 3, 3, 4}, PerTensor(0.1f, 0));
    int c = mw.AddTensor("c", DType::kInt8, {1, 3, 3, 8}, PerTensor(0.1f, 0));
    mw.AddOperator(0, {a, b}, {s}, circlet::writer::AddOptions(0));
    mw.AddOperator(4, {s, w, -1}, {d},
                   circlet::writer::DepthwiseConv2DOptions(fbo::Padding_SAME, 1, 1, 2, 3));
    mw.AddOperator(18, {d, d}, {m}, circlet::writer::MulOptions(0));
    mw.AddOperator(2, {d, m}, {c}, circlet::writer::ConcatenationOptions(-1, 0));
    mw.SetInputs({a, b});
    mw.SetOutputs({c});
    save("add_dwconv_mul_concat_int8", mw);
  }
  std::printf("make_seeds: %d seed models in %s\n", written, dir.c_str());
  return written > 0 ? 0 : 1;
}
