// Byte-level tools of the share link: see share_codec.h.
#include "persist/internal/share_codec.h"

#include "base/text.h"

namespace kg::share_codec {

namespace {

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    uint32_t acc = 0;
    int bits = 0;
    for (char c : bytes) {
        acc = (acc << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(acc >> bits) & 0x3F];
        }
    }
    if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 0x3F];
    return out;
}

bool base64url_decode(std::string_view text, std::string& bytes) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    if (text.size() % 4 == 1) return false;   // no byte count leaves one lone character
    bytes.clear();
    bytes.reserve(text.size() * 3 / 4);
    uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const int v = sextet(c);
        if (v < 0) return false;
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return true;
}

uint32_t checksum(std::string_view bytes) {
    uint32_t h = 2166136261u;
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    return h;
}

bool valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const size_t before = i;
        const uint32_t cp = next_codepoint(s, i);
        // next_codepoint answers U+FFFD for a bad byte and skips just that byte; a real,
        // well-formed U+FFFD takes three.
        if (cp == 0xFFFD && i - before != 3) return false;
    }
    return true;
}

void Writer::varint(uint32_t v) {
    while (v >= 0x80) {
        byte(static_cast<uint8_t>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    byte(static_cast<uint8_t>(v));
}

void Writer::string(std::string_view s) {
    varint(static_cast<uint32_t>(s.size()));
    raw(s);
}

bool Writer::hex64(std::string_view s) {
    if (s.size() != 16) return false;
    std::string packed;
    for (size_t i = 0; i < 16; i += 2) {
        const int hi = hex_digit(s[i]);
        const int lo = hex_digit(s[i + 1]);
        if (hi < 0 || lo < 0) return false;
        packed += static_cast<char>((hi << 4) | lo);
    }
    raw(packed);
    return true;
}

bool Reader::byte(uint8_t& b) {
    if (pos_ >= in_.size()) return false;
    b = static_cast<uint8_t>(in_[pos_++]);
    return true;
}

bool Reader::varint(uint32_t& v) {
    v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        uint8_t b = 0;
        if (!byte(b)) return false;
        const uint64_t wide = static_cast<uint64_t>(v) | (static_cast<uint64_t>(b & 0x7F) << shift);
        if (wide > 0x7FFFFFFFull) return false;
        v = static_cast<uint32_t>(wide);
        if (!(b & 0x80)) return true;
    }
    return false;
}

bool Reader::raw(size_t n, std::string& out) {
    if (n > left()) return false;
    out.assign(in_.data() + pos_, n);
    pos_ += n;
    return true;
}

bool Reader::string(std::string& s) {
    uint32_t n = 0;
    return varint(n) && raw(n, s) && valid_utf8(s);
}

bool Reader::hex64(std::string& s) {
    std::string packed;
    if (!raw(8, packed)) return false;
    static const char kHex[] = "0123456789abcdef";
    s.clear();
    for (char c : packed) {
        const auto b = static_cast<unsigned char>(c);
        s += kHex[b >> 4];
        s += kHex[b & 0x0F];
    }
    return true;
}

bool Reader::count(uint32_t& n, size_t min_bytes) {
    if (!varint(n)) return false;
    return min_bytes == 0 || n <= left() / min_bytes;
}

}  // namespace kg::share_codec
