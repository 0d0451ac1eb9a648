// SPDX-License-Identifier: Apache-2.0
#include "plan/planner.h"

#include <algorithm>

namespace circlet {

namespace {

bool LivesOverlap(const PlanItem& a, const PlanItem& b) {
  return a.first <= b.last && b.first <= a.last;
}

// Sort key comparison for strategy s: true if a must be placed before b.
bool Before(const PlanItem& a, const PlanItem& b, PlanStrategy s) {
  const int64_t la = a.last - a.first, lb = b.last - b.first;
  switch (s) {
    case PlanStrategy::kLargestFirst:
      if (a.size != b.size) return a.size > b.size;
      return a.first < b.first;
    case PlanStrategy::kLongestFirst:
      if (la != lb) return la > lb;
      return a.size > b.size;
    case PlanStrategy::kEarliestFirst:
      if (a.first != b.first) return a.first < b.first;
      return a.size > b.size;
    case PlanStrategy::kAreaFirst: {
      const uint64_t aa = static_cast<uint64_t>(a.size) * static_cast<uint64_t>(la + 1);
      const uint64_t ab = static_cast<uint64_t>(b.size) * static_cast<uint64_t>(lb + 1);
      if (aa != ab) return aa > ab;
      return a.size > b.size;
    }
    case PlanStrategy::kCount: break;
  }
  return false;
}

// Work layout: order[n] (uint32), placed[n] (uint32).
uint32_t* OrderArray(void* work) {
  return static_cast<uint32_t*>(work);
}
uint32_t* PlacedArray(void* work, size_t n) {
  return static_cast<uint32_t*>(work) + n;
}

}  // namespace

const char* PlanStrategyName(PlanStrategy s) {
  switch (s) {
    case PlanStrategy::kLargestFirst: return "largest-first";
    case PlanStrategy::kLongestFirst: return "longest-lifetime-first";
    case PlanStrategy::kEarliestFirst: return "earliest-first";
    case PlanStrategy::kAreaFirst: return "largest-area-first";
    case PlanStrategy::kCount: break;
  }
  return "?";
}

size_t PlanWorkBytes(size_t n) {
  return 2 * n * sizeof(uint32_t);
}

uint32_t PlanWithStrategy(PlanItem* items, size_t n, PlanStrategy s, void* work) {
  uint32_t* order = OrderArray(work);
  uint32_t* placed = PlacedArray(work, n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
  // Shell sort (in place, no heap, a few hundred bytes of code; about
  // O(n^1.3) with these gaps). Ties broken by index: deterministic plans.
  auto less = [items, s](uint32_t a, uint32_t b) {
    if (Before(items[a], items[b], s)) return true;
    if (Before(items[b], items[a], s)) return false;
    return a < b;
  };
  static const uint16_t kGaps[] = {1750, 701, 301, 132, 57, 23, 10, 4, 1};
  for (uint16_t gap : kGaps) {
    for (size_t i = gap; i < n; ++i) {
      const uint32_t v = order[i];
      size_t j = i;
      while (j >= gap && less(v, order[j - gap])) {
        order[j] = order[j - gap];
        j -= gap;
      }
      order[j] = v;
    }
  }
  // 64-bit arithmetic: sizes are below 2^31 each, but their sum need not
  // be. A peak past 32 bits is reported as UINT32_MAX (never fits an arena).
  uint64_t peak = 0;
  size_t num_placed = 0;  // `placed` is kept sorted by offset
  for (size_t k = 0; k < n; ++k) {
    PlanItem& it = items[order[k]];
    uint64_t candidate = 0;
    for (size_t p = 0; p < num_placed; ++p) {
      const PlanItem& other = items[placed[p]];
      if (!LivesOverlap(it, other)) continue;
      if (other.offset >= candidate + it.size) break;  // fits in the gap below
      candidate = std::max<uint64_t>(candidate, static_cast<uint64_t>(other.offset) + other.size);
    }
    if (candidate + it.size > UINT32_MAX) candidate = UINT32_MAX - it.size;
    it.offset = static_cast<uint32_t>(candidate);
    peak = std::max<uint64_t>(peak, candidate + it.size);
    size_t pos = num_placed;
    while (pos > 0 && items[placed[pos - 1]].offset > it.offset) {
      placed[pos] = placed[pos - 1];
      --pos;
    }
    placed[pos] = order[k];
    ++num_placed;
  }
  return peak >= UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(peak);
}

uint32_t PlanLowerBound(const PlanItem* items, size_t n) {
  uint64_t best = 0;
  // The sum can only peak at some item's first step.
  for (size_t i = 0; i < n; ++i) {
    const int32_t step = items[i].first;
    uint64_t sum = 0;
    for (size_t j = 0; j < n; ++j) {
      if (items[j].first <= step && step <= items[j].last) sum += items[j].size;
    }
    best = std::max(best, sum);
  }
  return best >= UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(best);
}

bool PlanIsValid(const PlanItem* items, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      if (!LivesOverlap(items[i], items[j])) continue;
      if (items[i].size == 0 || items[j].size == 0) continue;
      const uint64_t ei = static_cast<uint64_t>(items[i].offset) + items[i].size;
      const uint64_t ej = static_cast<uint64_t>(items[j].offset) + items[j].size;
      const bool disjoint = ei <= items[j].offset || ej <= items[i].offset;
      if (!disjoint) return false;
    }
  }
  return true;
}

PlanResult PlanArena(PlanItem* items, size_t n, void* work) {
  PlanResult r;
  r.lower_bound = PlanLowerBound(items, n);
  uint32_t best = UINT32_MAX;
  for (int s = 0; s < static_cast<int>(PlanStrategy::kCount); ++s) {
    uint32_t peak = PlanWithStrategy(items, n, static_cast<PlanStrategy>(s), work);
    r.peaks[s] = peak;
    if (peak < best) {
      best = peak;
      r.strategy = static_cast<PlanStrategy>(s);
    }
  }
  // Re-run the winner so that the items hold its offsets.
  r.peak = PlanWithStrategy(items, n, r.strategy, work);
  return r;
}

}  // namespace circlet
