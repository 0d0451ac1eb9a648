// SPDX-License-Identifier: Apache-2.0
// The 12 output classes of MLPerf Tiny's keyword-spotting model
// (kws_ref_model), in the model's output order: the word_labels list of the
// MLPerf Tiny training scripts (benchmark/training/keyword_spotting).
#ifndef CIRCLET_EXAMPLES_KEYWORD_SPOTTING_LABELS_H_
#define CIRCLET_EXAMPLES_KEYWORD_SPOTTING_LABELS_H_

namespace kws {

constexpr int kNumLabels = 12;
constexpr const char* kLabels[kNumLabels] = {"down",  "go",   "left", "no",  "off",     "on",
                                             "right", "stop", "up",   "yes", "silence", "unknown"};

}  // namespace kws

#endif  // CIRCLET_EXAMPLES_KEYWORD_SPOTTING_LABELS_H_
