// SPDX-License-Identifier: Apache-2.0
// circlet's version. CMakeLists.txt checks at configure time that it equals
// project(circlet VERSION ...), so the two cannot drift apart.
#ifndef CIRCLET_VERSION_H_
#define CIRCLET_VERSION_H_

#define CIRCLET_VERSION_MAJOR 0
#define CIRCLET_VERSION_MINOR 1
#define CIRCLET_VERSION_PATCH 0
#define CIRCLET_VERSION_STRING "0.1.0"

#endif  // CIRCLET_VERSION_H_
