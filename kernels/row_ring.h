// SPDX-License-Identifier: Apache-2.0
// RowRing: input rows of an in-place convolution saved before the output
// overwrites them (the analysis is in kernels/conv_util.h, "In-place
// convolution"). Plain pointers, no OpContext: the reference loops and the
// optimized routines (kernels/arm/) share it. Inactive (every row read from
// the input) when the op runs out of place.
#ifndef CIRCLET_KERNELS_ROW_RING_H_
#define CIRCLET_KERNELS_ROW_RING_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "base/code_size.h"

namespace circlet {
namespace kernels {

template <typename T>
class RowRing {
 public:
  RowRing() = default;

  // Out of place: rows of row_in elements read from the input.
  void SetRowLength(ptrdiff_t row_in) { row_in_ = row_in; }

  // In place: a ring of `rows` rows at `ring`; the output (rows of row_out
  // elements) starts where the input (in_h rows per batch) starts and is
  // written backwards when `reverse` (it is larger than the input).
  void Activate(T* ring, int32_t rows, ptrdiff_t row_out, int32_t in_h, bool reverse) {
    ring_ = ring;
    rows_ = rows;
    row_out_ = row_out;
    in_h_ = in_h;
    reverse_ = reverse;
  }

  bool active() const { return rows_ != 0; }
  // Rows (and batches) run backwards: the output is larger than the input.
  bool reverse() const { return reverse_; }

  // At the start of each batch: nothing saved.
  void NewBatch() {
    saved_lo_ = reverse_ ? in_h_ : 0;
    saved_hi_ = reverse_ ? in_h_ : 0;
  }

  // Forward: the batch's output elements [0, end) are about to be written
  // over its input xb, and input rows >= first are still to be read. Saves
  // the rows that write overwrites and that are still needed.
  void BeforeWriteTo(const T* xb, ptrdiff_t end, int32_t first) {
    if (rows_ == 0 || end <= 0) return;
    int32_t clob = static_cast<int32_t>((end - 1) / row_in_);
    if (clob > in_h_ - 1) clob = in_h_ - 1;
    for (int32_t r = std::max(saved_hi_, first); r <= clob; ++r) Save(xb, r);
    if (clob + 1 > saved_hi_) saved_hi_ = clob + 1;
  }

  // Reverse: output elements from `begin` on are about to be written, and
  // input rows <= last are still to be read.
  void BeforeWriteFrom(const T* xb, ptrdiff_t begin, int32_t last) {
    if (rows_ == 0) return;
    const ptrdiff_t c = begin / row_in_;
    if (c >= in_h_) return;
    const int32_t clob = static_cast<int32_t>(c);
    for (int32_t r = std::min(saved_lo_ - 1, last); r >= clob; --r) Save(xb, r);
    if (clob < saved_lo_) saved_lo_ = clob;
  }

  // Before output row oy is written (the reference loops, which read the
  // input while they write the row). Forward: output rows >= oy read input
  // rows >= first; reverse: output rows <= oy read input rows <= last.
  void BeforeOutputRow(const T* xb, int32_t oy, int32_t first, int32_t last) {
    if (!reverse_) {
      BeforeWriteTo(xb, (static_cast<ptrdiff_t>(oy) + 1) * row_out_, first);
    } else {
      BeforeWriteFrom(xb, static_cast<ptrdiff_t>(oy) * row_out_, last);
    }
  }

  // Input row r of the batch whose input is xb.
  CIRCLET_INLINE const T* Row(const T* xb, int32_t r) const {
    return r >= saved_lo_ && r < saved_hi_ ? ring_ + static_cast<ptrdiff_t>(r % rows_) * row_in_
                                           : xb + r * row_in_;
  }

 private:
  void Save(const T* xb, int32_t r) {
    std::memcpy(ring_ + static_cast<ptrdiff_t>(r % rows_) * row_in_, xb + r * row_in_,
                static_cast<size_t>(row_in_) * sizeof(T));
  }

  // ptrdiff_t: element offsets within one tensor (the arena is < 2 GiB),
  // native width on 32-bit targets.
  T* ring_ = nullptr;
  ptrdiff_t row_in_ = 0, row_out_ = 0;
  int32_t rows_ = 0, in_h_ = 0;
  // Rows in [saved_lo_, saved_hi_) have been overwritten: read from the ring
  // (those still needed were saved).
  int32_t saved_lo_ = 0, saved_hi_ = 0;
  bool reverse_ = false;
};

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_ROW_RING_H_
