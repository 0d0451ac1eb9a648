// SPDX-License-Identifier: Apache-2.0
// stb_image's implementation (Debian's libstb-dev header), compiled once, for
// PNG and JPEG only. This file is built without the project's warning flags
// (third-party code; see CMakeLists.txt).
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#include <stb/stb_image.h>
