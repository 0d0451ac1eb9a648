/* SPDX-License-Identifier: Apache-2.0 */
/* C side of the cc-array consumer (tests/consumers/cc_array/main.cc): with
 * -DHEADER_IN_C the header `circlet cc-array` wrote is compiled here, as C
 * (C11: _Alignas; C99: __attribute__((aligned))), otherwise only declared
 * as in every source file but the one that includes it. */
#ifdef HEADER_IN_C
#include "consumer_model.h"
#else
extern const unsigned char consumer_model[];
extern const unsigned int consumer_model_len;
#endif

unsigned int consumer_model_len_from_c(void);
unsigned int consumer_model_len_from_c(void) {
  return consumer_model_len;
}
