// SPDX-License-Identifier: Apache-2.0
/**
 * @file version.h
 * @brief circlet's version (C and C++). CMakeLists.txt checks at configure
 * time that it equals project(circlet VERSION ...), so the two cannot drift
 * apart.
 */
#ifndef CIRCLET_VERSION_H_
#define CIRCLET_VERSION_H_

/** @brief Major version: incompatible API changes (after 1.0). */
#define CIRCLET_VERSION_MAJOR 0
/** @brief Minor version: added features. */
#define CIRCLET_VERSION_MINOR 1
/** @brief Patch version: fixes. */
#define CIRCLET_VERSION_PATCH 0
/** @brief "MAJOR.MINOR.PATCH". */
#define CIRCLET_VERSION_STRING "0.1.0"

#endif  // CIRCLET_VERSION_H_
