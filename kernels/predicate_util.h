// SPDX-License-Identifier: Apache-2.0
// The element predicates of the comparison operators (EQUAL, NOT_EQUAL,
// GREATER, GREATER_EQUAL, LESS, LESS_EQUAL; kernels/comparison_util.h) and of
// ARG_MAX / ARG_MIN (kernels/arg_min_max_util.h): a template operator()(T, T)
// -> bool with C++'s built-in operator on two values of one type (float NaN:
// false, except NotEqual: true).
#ifndef CIRCLET_KERNELS_PREDICATE_UTIL_H_
#define CIRCLET_KERNELS_PREDICATE_UTIL_H_

namespace circlet {
namespace kernels {

struct Equal {
  template <typename T>
  bool operator()(T a, T b) const {
    return a == b;
  }
};

struct NotEqual {
  template <typename T>
  bool operator()(T a, T b) const {
    return a != b;
  }
};

struct Greater {
  template <typename T>
  bool operator()(T a, T b) const {
    return a > b;
  }
};

struct GreaterEqual {
  template <typename T>
  bool operator()(T a, T b) const {
    return a >= b;
  }
};

struct Less {
  template <typename T>
  bool operator()(T a, T b) const {
    return a < b;
  }
};

struct LessEqual {
  template <typename T>
  bool operator()(T a, T b) const {
    return a <= b;
  }
};

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_PREDICATE_UTIL_H_
