// SPDX-License-Identifier: Apache-2.0
/// @file
/// circlet's version. CMakeLists.txt checks at configure time that it equals
/// project(circlet VERSION ...), so the two cannot drift apart.
#ifndef CIRCLET_VERSION_H_
#define CIRCLET_VERSION_H_

/// Major version: incompatible API changes (0 while the API settles).
#define CIRCLET_VERSION_MAJOR 0
/// Minor version: while the major version is 0, a minor release may change the API.
#define CIRCLET_VERSION_MINOR 1
/// Patch version: fixes only.
#define CIRCLET_VERSION_PATCH 0
/// "MAJOR.MINOR.PATCH".
#define CIRCLET_VERSION_STRING "0.1.0"

#endif  // CIRCLET_VERSION_H_
