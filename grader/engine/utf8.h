// Reading UTF-8 one code point at a time, for the escaping of text from a submission.
#pragma once

#include <cstddef>
#include <string_view>

namespace threadlings {

/// Decodes the UTF-8 sequence at s[i] into `cp`: its length in bytes, or 0 when the bytes
/// there are not valid UTF-8 (overlong, a surrogate, past U+10FFFF, cut short).
size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp);

}  // namespace threadlings
