// Byte-level tools of the share link (share_link.h): base64url without padding, LEB128
// varints, length-prefixed UTF-8 strings and a checksum. The reader is defensive: every read
// checks the bytes left and reports failure instead of reading past the end or trusting a
// length it cannot back with input.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace kg::share_codec {

std::string base64url_encode(std::string_view bytes);
// False on a character outside the base64url alphabet or an impossible length. Trailing '='
// padding is accepted (some tools add it).
bool base64url_decode(std::string_view text, std::string& bytes);

// FNV-1a 32-bit: cheap corruption check (not security: a link is not signed).
uint32_t checksum(std::string_view bytes);

// True when s is well-formed UTF-8 (no overlong forms, surrogates or stray bytes).
bool valid_utf8(std::string_view s);

class Writer {
public:
    void varint(uint32_t v);
    void byte(uint8_t b) { out_ += static_cast<char>(b); }
    void raw(std::string_view bytes) { out_.append(bytes.data(), bytes.size()); }
    void string(std::string_view s);
    // 16 hex digits as 8 bytes; false (and nothing written) when s is not 16 hex digits.
    bool hex64(std::string_view s);
    std::string& bytes() { return out_; }
private:
    std::string out_;
};

class Reader {
public:
    explicit Reader(std::string_view bytes) : in_(bytes) {}
    bool varint(uint32_t& v);                  // at most 5 bytes, value fits 31 bits
    bool byte(uint8_t& b);
    bool raw(size_t n, std::string& out);
    bool string(std::string& s);               // valid UTF-8 only
    bool hex64(std::string& s);                // 8 bytes -> 16 lowercase hex digits
    // A count of items that each take at least min_bytes: rejects counts the input cannot
    // hold, so a forged count never drives a huge allocation.
    bool count(uint32_t& n, size_t min_bytes = 1);
    size_t left() const { return in_.size() - pos_; }
    size_t position() const { return pos_; }
private:
    std::string_view in_;
    size_t pos_ = 0;
};

}  // namespace kg::share_codec
