// SPDX-License-Identifier: Apache-2.0
// circlet plan MODEL [--svg FILE]: the memory plan, buffer by buffer.
//
// Text: every buffer the planner placed (tensor or scratch) with its bytes,
// arena offset, lifetime [first op, last op] and in-place group; views
// (RESHAPE outputs) that share a buffer's bytes; the peak and the op where
// it is reached; the lower bound; each strategy's peak; the peak with and
// without in-place execution; the arena it all adds up to.
//
// SVG: operators along x (one column per op), arena offset along y (0 at
// the bottom), one rectangle per buffer spanning its lifetime, labelled
// "t<index> <size>" where it has room (every rectangle has a <title>
// tooltip), the peak as a red line, the lower bound as a grey one.
#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <string>
#include <vector>

#include "runtime/patch.h"
#include "tools/cli/memplan.h"

namespace circlet {
namespace cli {
namespace {

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20) out += c;
    }
  }
  return out;
}

std::string Printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string Printf(const char* fmt, ...) {
  char buf[1024];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof(buf), fmt, args);
  va_end(args);
  return buf;
}

std::string OpName(const Model& m, int op) {
  return BuiltinOpName(m.op_code(op));
}

std::string BufferLabel(const PlanBuffer& b) {
  if (b.kind == PlanBuffer::kWindow) return "window t" + std::to_string(b.tensor);
  if (b.kind == PlanBuffer::kKept)
    return "kept ops " + std::to_string(b.first) + "-" + std::to_string(b.last);
  return b.kind == PlanBuffer::kScratch ? "scratch op " + std::to_string(b.op)
                                        : "t" + std::to_string(b.tensor);
}

// A colour per buffer: hues spread by the golden angle; scratch is grey.
std::string Fill(const PlanBuffer& b) {
  if (b.kind == PlanBuffer::kScratch) return "#b0b0b0";
  if (b.kind == PlanBuffer::kWindow) return "#f4b942";
  if (b.kind == PlanBuffer::kKept) return "#d9a441";
  const int hue = (b.tensor * 137) % 360;
  return Printf("hsl(%d,60%%,72%%)", hue);
}

void WriteSvg(const std::string& path, const Model& m, const std::string& model_name,
              const PlanAnalysis& a) {
  const int nops = std::max(m.num_operators(), 1);
  const double col = std::max(28.0, std::min(110.0, 1100.0 / nops));
  const double left = 90, right = 30, top_margin = 56, plot_h = 520, bottom = 150;
  const double plot_w = col * nops;
  const double width = left + plot_w + right, height = top_margin + plot_h + bottom;
  const size_t ymax_bytes = std::max<size_t>({a.peak, a.lower_bound, 4});
  const double yscale = plot_h / (static_cast<double>(ymax_bytes) * 1.08);
  auto Y = [&](double bytes) { return top_margin + plot_h - bytes * yscale; };

  std::string s;
  s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  s += Printf(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 "
      "%.0f %.0f\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n",
      width, height, width, height);
  s += Printf("<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n", width,
              height);
  s += Printf(
      "<text x=\"%.0f\" y=\"22\" font-size=\"15\" font-weight=\"bold\">circlet memory plan: "
      "%s</text>\n",
      left, XmlEscape(model_name).c_str());
  s += Printf(
      "<text x=\"%.0f\" y=\"41\" font-size=\"12\">peak %zu B at op %d, lower bound %zu B, %d "
      "buffers, strategy %s; x: operator, y: arena offset</text>\n",
      left, a.peak, a.peak_op, a.lower_bound, a.num_planned(), XmlEscape(a.strategy).c_str());

  // Axes, op columns, y ticks.
  s += "<g stroke=\"#dddddd\" stroke-width=\"1\">\n";
  for (int op = 0; op <= nops; ++op) {
    const double x = left + op * col;
    s += Printf("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", x, top_margin, x,
                top_margin + plot_h);
  }
  s += "</g>\n";
  s += "<g font-size=\"11\" fill=\"#333333\">\n";
  for (int i = 0; i <= 5; ++i) {
    const double bytes = static_cast<double>(ymax_bytes) * i / 5.0;
    s += Printf(
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999999\"/>"
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
        left - 5, Y(bytes), left, Y(bytes), left - 8, Y(bytes) + 4,
        XmlEscape(HumanBytes(static_cast<size_t>(bytes + 0.5))).c_str());
  }
  for (int op = 0; op < m.num_operators(); ++op) {
    const double x = left + (op + 0.5) * col;
    const double y = top_margin + plot_h + 14;
    s += Printf("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n", x, y, op);
    s += Printf(
        "<text x=\"%.1f\" y=\"%.1f\" transform=\"rotate(-50 %.1f %.1f)\" "
        "text-anchor=\"end\" font-size=\"10\">%s</text>\n",
        x + 3, y + 14, x + 3, y + 14, XmlEscape(OpName(m, op)).c_str());
  }
  s += Printf(
      "<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\" "
      "font-size=\"12\">arena offset (bytes)</text>\n",
      top_margin + plot_h / 2, top_margin + plot_h / 2);
  s += Printf(
      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\">operator</text>\n",
      left + plot_w / 2, height - 8);
  s += "</g>\n";
  s += Printf(
      "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
      "stroke=\"#666666\"/>\n",
      left, top_margin, plot_w, plot_h);

  // The patch-based stage: its operators' columns shaded, its grid named.
  if (a.stage_first >= 0) {
    const double x0 = left + a.stage_first * col, x1 = left + (a.stage_last + 1) * col;
    s += Printf(
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fff3d6\" "
        "stroke=\"#f4b942\" stroke-dasharray=\"4 3\"/>\n",
        x0, top_margin, x1 - x0, plot_h);
    s += Printf(
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#8a5a00\">patches: ops %d-%d, "
        "%s</text>\n",
        x0 + 4, top_margin + 14, a.stage_first, a.stage_last, XmlEscape(a.stage_text).c_str());
  }
  // One rectangle per planned buffer; labels on top of every rectangle.
  std::string labels = "<g id=\"labels\" fill=\"#111111\">\n";
  s += "<g id=\"buffers\" stroke=\"#333333\" stroke-width=\"0.8\">\n";
  for (const PlanBuffer& b : a.buffers) {
    if (b.kind == PlanBuffer::kView) continue;
    // In-place hand-over: an input and the output written over it share
    // the op's column, half each.
    double x0 = std::max(b.first, 0) * col, x1 = (b.last + 1) * col;
    for (const PlanBuffer& c : a.buffers) {
      if (b.group == 0 || c.group != b.group || &c == &b) continue;
      if (c.last == b.first && c.first < b.first) x0 = std::max(x0, (b.first + 0.5) * col);
      if (c.first == b.last && c.last > b.last) x1 = std::min(x1, (b.last + 0.5) * col);
    }
    const double x = left + x0 + 1;
    const double w = x1 - x0 - 2;
    const double y1 = Y(static_cast<double>(b.offset + b.bytes));
    const double h = std::max(Y(static_cast<double>(b.offset)) - y1, 0.5);
    std::string views;
    for (const PlanBuffer& v : a.buffers) {
      if (v.kind == PlanBuffer::kView && v.root == b.tensor)
        views += " t" + std::to_string(v.tensor);
    }
    std::string title =
        BufferLabel(b) +
        (b.kind == PlanBuffer::kTensor ? " '" + std::string(m.tensor_name(b.tensor)) + "'"
                                       : std::string()) +
        Printf(": %zu bytes at offset %zu, ops %d..%d", b.bytes, b.offset, b.first, b.last);
    if (!views.empty()) title += "; views:" + views;
    if (b.group != 0) title += Printf("; in-place group %d", b.group);
    s += Printf(
        "<rect class=\"buffer\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
        "fill=\"%s\" fill-opacity=\"0.85\"%s><title>%s</title></rect>\n",
        x, y1, w, h, Fill(b).c_str(), b.group != 0 ? " stroke-dasharray=\"4 2\"" : "",
        XmlEscape(title).c_str());
    // The label where it fits: one line, or two in a narrow tall box.
    const std::string name = BufferLabel(b), size = HumanBytes(b.bytes);
    const double chars = static_cast<double>(name.size() + 1 + size.size());
    const double fs = std::min(11.0, std::min(h - 2, w / (0.62 * chars)));
    if (fs >= 7) {
      labels += Printf(
          "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" text-anchor=\"middle\">%s %s</text>\n",
          x + w / 2, y1 + h / 2 + fs * 0.35, fs, XmlEscape(name).c_str(), XmlEscape(size).c_str());
    } else {
      const double fs2 =
          std::min(10.0, std::min((h - 2) / 2, w / (0.62 * std::max(name.size(), size.size()))));
      if (fs2 >= 6.5) {
        labels += Printf(
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" text-anchor=\"middle\">%s<tspan "
            "x=\"%.1f\" dy=\"%.1f\">%s</tspan></text>\n",
            x + w / 2, y1 + h / 2 - fs2 * 0.2, fs2, XmlEscape(name).c_str(), x + w / 2, fs2,
            XmlEscape(size).c_str());
      }
    }
  }
  s += "</g>\n" + labels + "</g>\n";

  // Lower bound and peak.
  if (a.lower_bound > 0 && a.lower_bound != a.peak) {
    s += Printf(
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#777777\" "
        "stroke-width=\"1.2\" stroke-dasharray=\"2 3\"/>\n"
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#555555\" text-anchor=\"end\">lower "
        "bound %zu B</text>\n",
        left, Y(static_cast<double>(a.lower_bound)), left + plot_w,
        Y(static_cast<double>(a.lower_bound)), left + plot_w - 4,
        Y(static_cast<double>(a.lower_bound)) + 13, a.lower_bound);
  }
  const double py = Y(static_cast<double>(a.peak));
  s += Printf(
      "<line id=\"peak\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d62728\" "
      "stroke-width=\"2\" stroke-dasharray=\"6 3\"/>\n",
      left, py, left + plot_w, py);
  if (a.peak_op >= 0) {
    const double px = left + (a.peak_op + 0.5) * col;
    s += Printf("<path d=\"M %.1f %.1f l -6 -9 l 12 0 z\" fill=\"#d62728\"/>\n", px, py - 1);
  }
  s += Printf(
      "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" font-weight=\"bold\" fill=\"#d62728\">peak "
      "%zu B at op %d %s</text>\n",
      a.peak_op >= 0 && a.peak_op < nops / 2 ? left + (a.peak_op + 0.5) * col + 12 : left + 4,
      py - 6, a.peak, a.peak_op, a.peak_op >= 0 ? XmlEscape(OpName(m, a.peak_op)).c_str() : "");
  s += "</svg>\n";
  WriteFile(path, s.data(), s.size());
}

}  // namespace

int Plan(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv, 2, "plan",
                              {{"--svg", nullptr, true},
                               {"--arena", nullptr, true},
                               {"--pools", nullptr, true},
                               {"--json", nullptr, false},
                               {"--no-patches", nullptr, false}});
  if (args.positional.size() != 1) {
    throw UsageError(
        "usage: circlet plan MODEL [--svg FILE] [--json] [--pools NAME:BYTES,...] (see circlet "
        "--help)");
  }
  if (args.has("--pools") && args.has("--svg")) {
    throw UsageError("--svg draws one arena: leave out --pools");
  }
  Session s(args.positional[0], ArenaBytes(args), PoolArgs(args), !args.has("--no-patches"));
  const bool pools = s.interp->num_pools() > 0;
  const Interpreter& interp = *s.interp;
  const Model& m = s.loaded.model;
  const ArenaReport& rep = interp.report();
  const PlanAnalysis a = AnalyzePlan(interp, s.views);
  // The stage's kept area (runtime/patch.h), 0 without a stage.
  const size_t kept_bytes =
      interp.patch_stage() != nullptr ? interp.patch_stage()->plan.window_bytes[0] : 0;

  int nt = 0, nv = 0, ns = 0;
  for (const PlanBuffer& b : a.buffers) {
    nt += b.kind == PlanBuffer::kTensor;
    nv += b.kind == PlanBuffer::kView;
    ns += b.kind == PlanBuffer::kScratch;
  }
  if (args.has("--json")) {
    static const char* const kKind[] = {"tensor", "view", "scratch", "window",
                                        "kept"};  // PlanBuffer::Kind
    nlohmann::json buffers = nlohmann::json::array();
    for (const PlanBuffer& b : a.buffers) {
      nlohmann::json e = {{"label", BufferLabel(b)}, {"kind", kKind[static_cast<int>(b.kind)]},
                          {"bytes", b.bytes},        {"offset", b.offset},
                          {"first_op", b.first},     {"last_op", b.last},
                          {"group", b.group}};
      if (pools) e["pool"] = b.pool;
      if (b.kind == PlanBuffer::kScratch) {
        e["op"] = b.op;
      } else if (b.kind != PlanBuffer::kKept) {
        e["tensor"] = b.tensor;
        e["name"] = m.tensor_name(b.tensor);
      }
      if (b.kind == PlanBuffer::kView) e["view_of"] = b.root;
      if (b.kind == PlanBuffer::kWindow) e["reader_op"] = b.op;
      buffers.push_back(e);
    }
    nlohmann::json peaks = nlohmann::json::object();
    for (const auto& p : a.strategy_peaks) peaks[p.first] = p.second;
    nlohmann::json j = {
        {"model", s.loaded.path},
        {"buffers", buffers},
        {"in_place_groups", a.num_groups},
        {"peak_bytes", a.peak},
        {"peak_op", a.peak_op},
        {"lower_bound_bytes", a.lower_bound},
        {"strategy", a.strategy},
        {"strategy_peaks", peaks},
        {"recomputed_matches_prepare", a.recomputed_ok},
        {"activation_bytes_without_inplace", a.peak_without_inplace},
        {"patches",
         {{"first_op", rep.patch_first_op},
          {"ops", rep.patch_ops},
          {"grid", {rep.patch_grid_rows, rep.patch_ops > 0 ? 1 : 0}},
          {"calls", rep.patch_calls},
          {"recomputed_rows", rep.patch_recomputed_rows},
          {"moved_bytes", rep.patch_moved_bytes},
          {"window_bytes", rep.patch_window_bytes},
          {"kept_bytes", kept_bytes},
          {"activation_bytes_without_patches", rep.activation_bytes_without_patches}}},
        {"report", ReportJson(rep)}};
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("model        %s\n", s.loaded.path.c_str());
  std::printf("buffers      %d planned (%d tensors, %d scratch), %d views, %d in-place groups\n",
              nt + ns, nt, ns, nv, a.num_groups);
  std::printf("\n  %-14s %6s  %-28s %9s %9s %9s  %-13s %s%s\n", "buffer", "tensor", "name", "bytes",
              "offset", "end", "lifetime", "group", pools ? "  pool" : "");
  for (const PlanBuffer& b : a.buffers) {
    if (b.kind == PlanBuffer::kView) continue;
    const std::string life = "[" + std::to_string(b.first) + ", " + std::to_string(b.last) + "]";
    const std::string tensor = b.kind == PlanBuffer::kTensor || b.kind == PlanBuffer::kWindow
                                   ? std::to_string(b.tensor)
                                   : "-";
    std::string name =
        b.kind == PlanBuffer::kTensor ? m.tensor_name(b.tensor)
        : b.kind == PlanBuffer::kWindow
            ? "(rows of t" + std::to_string(b.tensor) + " op " + std::to_string(b.op) + " reads)"
        : b.kind == PlanBuffer::kKept ? "(kept from band to band)"
                                      : "(" + OpName(m, b.op) + " scratch)";
    if (name.size() > 28) name = name.substr(0, 25) + "...";
    const std::string group = b.group != 0 ? std::to_string(b.group) : "-";
    std::printf("  %-14s %6s  %-28s %9zu %9zu %9zu  %-13s ", BufferLabel(b).c_str(), tensor.c_str(),
                name.c_str(), b.bytes, b.offset, b.offset + b.bytes, life.c_str());
    if (pools) {
      std::printf("%-5s  %s\n", group.c_str(), rep.pools[b.pool < 0 ? 0 : b.pool].name);
    } else {
      std::printf("%s\n", group.c_str());
    }
  }
  if (nv > 0) {
    std::printf("\n  views (no bytes of their own)\n");
    for (const PlanBuffer& b : a.buffers) {
      if (b.kind != PlanBuffer::kView) continue;
      std::printf("  t%-13d %6d  %-28s %9zu %9zu  view of t%d\n", b.tensor, b.tensor,
                  m.tensor_name(b.tensor), b.bytes, b.offset, b.root);
    }
  }
  if (pools) {
    // Offsets are per pool: the one-arena figures below do not apply.
    std::printf("\nlower bound  %zu bytes (largest sum of simultaneously live buffers)\n",
                a.lower_bound);
    std::printf(
        "arena        %zu bytes in %d pools (activations %zu, prepare temp %zu, "
        "persistent %zu)\n",
        rep.arena_bytes, rep.num_pools, rep.activation_bytes, rep.prepare_temp_bytes,
        rep.persistent_bytes);
    PrintPools(rep);
    return 0;
  }
  std::printf("\npeak         %zu bytes", a.peak);
  if (a.peak_op >= 0) std::printf(" at op %d %s", a.peak_op, OpName(m, a.peak_op).c_str());
  std::printf("\nlower bound  %zu bytes (largest sum of simultaneously live buffers)\n",
              a.lower_bound);
  std::printf("strategy     %s; peak of each:", a.strategy.c_str());
  for (size_t i = 0; i < a.strategy_peaks.size(); ++i) {
    std::printf("%s %s %u", i ? "," : "", a.strategy_peaks[i].first.c_str(),
                a.strategy_peaks[i].second);
  }
  std::printf("%s\n", a.recomputed_ok ? "" : " (recomputed by the tool: differs from Prepare()'s)");
  std::printf("in place     %zu bytes with in-place execution (%zu ops), %zu bytes without\n",
              rep.activation_bytes, a.inplace_ops, a.peak_without_inplace);
  std::printf("arena        %zu bytes = max(activations %zu, prepare temp %zu) + persistent %zu\n",
              rep.arena_bytes, rep.activation_bytes, rep.prepare_temp_bytes, rep.persistent_bytes);
  if (rep.patch_ops > 0) {
    std::printf(
        "patches      ops %d-%d (%s ... %s) run on a %d x 1 grid of one-row bands, full "
        "width: %zu calls, recomputed rows %zu (halo rows kept), windows %zu bytes, "
        "halo bytes moved %zu, kept from band to band %zu bytes\n",
        rep.patch_first_op, rep.patch_first_op + rep.patch_ops - 1,
        OpName(m, rep.patch_first_op).c_str(),
        OpName(m, rep.patch_first_op + rep.patch_ops - 1).c_str(), rep.patch_grid_rows,
        rep.patch_calls, rep.patch_recomputed_rows, rep.patch_window_bytes, rep.patch_moved_bytes,
        kept_bytes);
    std::printf("             activations %zu bytes with patches, %zu without\n",
                rep.activation_bytes, rep.activation_bytes_without_patches);
  }
  if (rep.state_bytes != 0) {
    std::printf("state        %zu bytes of persistent: variable tensors, kept across Invoke()\n",
                rep.state_bytes);
  }
  if (const std::string* svg = args.last("--svg")) {
    std::string name = s.loaded.path;
    WriteSvg(*svg, m, name, a);
    std::printf("svg          %s\n", svg->c_str());
  }
  return 0;
}

}  // namespace cli
}  // namespace circlet
