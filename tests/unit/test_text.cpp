#include <catch2/catch.hpp>

#include "base/text.h"

using namespace kg;

TEST_CASE("check_text_input accepts UTF-8 text, with or without BOM", "[text]") {
    CHECK(check_text_input("# Title\nbody\n").ok);
    CHECK(check_text_input("\xEF\xBB\xBF# 正解キー\n").ok);
    CHECK(check_text_input("emoji \xF0\x9F\x94\xB4 ok").ok);
}

TEST_CASE("check_text_input rejects empty and whitespace-only input", "[text]") {
    const InputCheck empty = check_text_input("");
    CHECK_FALSE(empty.ok);
    CHECK(empty.reason == "empty file");
    CHECK(empty.line == 0);
    CHECK_FALSE(check_text_input(" \n\t\r\n").ok);
    CHECK_FALSE(check_text_input("\xEF\xBB\xBF").ok);
}

TEST_CASE("check_text_input finds NUL bytes with their line", "[text]") {
    const InputCheck r = check_text_input(std::string("a\nb\nc\0d", 7));
    CHECK_FALSE(r.ok);
    CHECK(r.line == 3);
    CHECK(r.reason == "binary file (NUL byte)");
    CHECK(r.error == "binary file (NUL byte) at line 3");
}

TEST_CASE("check_text_input finds invalid UTF-8 with its line", "[text]") {
    const auto line_of_error = [](std::string_view s) {
        const InputCheck r = check_text_input(s);
        CHECK_FALSE(r.ok);
        CHECK(r.reason == "invalid UTF-8");
        return r.line;
    };
    CHECK(line_of_error("ok\nok\nok\n\xFF") == 4);
    CHECK(line_of_error("\xC3") == 1);                   // truncated
    CHECK(line_of_error("\xC0\xAF") == 1);               // overlong '/'
    CHECK(line_of_error("\xE0\x80\xAF") == 1);           // overlong 3-byte
    CHECK(line_of_error("\xED\xA0\x80") == 1);           // surrogate
    CHECK(line_of_error("\xF4\x90\x80\x80") == 1);       // > U+10FFFF
    CHECK(line_of_error("a\r\nb\rc\n\x80") == 4);        // CRLF and lone CR count as line ends
}

TEST_CASE("normalize_text strips BOM and turns CRLF / CR into LF", "[text]") {
    CHECK(normalize_text("\xEF\xBB\xBFhello\r\nworld\rend\n") == "hello\nworld\nend\n");
    CHECK(normalize_text("no change\n") == "no change\n");
    CHECK(normalize_text("") == "");
}

TEST_CASE("LineIndex maps offsets to lines and back", "[text]") {
    const std::string text = "one\ntwo\n\nfour\n";
    const LineIndex idx(text);
    CHECK(idx.line_count() == 4);
    CHECK(idx.line_of(0) == 1);
    CHECK(idx.line_of(3) == 1);   // the '\n' belongs to its line
    CHECK(idx.line_of(4) == 2);
    CHECK(idx.line_of(8) == 3);
    CHECK(idx.line_of(9) == 4);
    CHECK(idx.line_of(1000) == 4);
    CHECK(idx.line_start(2) == 4);
    CHECK(idx.line_text(text, 2) == "two");
    CHECK(idx.line_text(text, 3) == "");
    CHECK(idx.line_text(text, 4) == "four");
    CHECK(idx.line_text(text, 5) == "");
    CHECK(LineIndex("no newline").line_count() == 1);
}

TEST_CASE("string helpers", "[text]") {
    CHECK(trim("  \t x y \n") == "x y");
    CHECK(trim("\xE3\x80\x80全角\xE3\x80\x80") == "全角");
    CHECK(to_lower_ascii("Ab-C 日本") == "ab-c 日本");
    CHECK(starts_with("Round 8", "Round"));
    CHECK_FALSE(starts_with("Ro", "Round"));
    CHECK(contains("answer key", "key"));
    CHECK(split_lines("a\r\nb\n\nc") == std::vector<std::string>{"a", "b", "", "c"});
}

TEST_CASE("content_hash is FNV-1a 64 in 16 hex digits", "[text]") {
    CHECK(content_hash("") == "cbf29ce484222325");
    CHECK(content_hash("a") == "af63dc4c8601ec8c");
    CHECK(content_hash("review one") != content_hash("review two"));
}

TEST_CASE("next_codepoint decodes UTF-8 and replaces bad bytes", "[text]") {
    const std::string s = "a\xC3\xA9\xE3\x81\x82\xF0\x9F\x94\xB4\xFF";
    size_t i = 0;
    CHECK(next_codepoint(s, i) == 'a');
    CHECK(next_codepoint(s, i) == 0xE9);
    CHECK(next_codepoint(s, i) == 0x3042);
    CHECK(next_codepoint(s, i) == 0x1F534);
    CHECK(next_codepoint(s, i) == 0xFFFD);
    CHECK(i == s.size());
    CHECK(next_codepoint(s, i) == 0xFFFD);   // past the end: no crash
}

TEST_CASE("is_cjk covers kana, kanji, full-width forms", "[text]") {
    CHECK(is_cjk(0x3042));   // あ
    CHECK(is_cjk(0x30A2));   // ア
    CHECK(is_cjk(0x6F22));   // 漢
    CHECK(is_cjk(0xFF1A));   // ：
    CHECK(is_cjk(0x3001));   // 、
    CHECK_FALSE(is_cjk('a'));
    CHECK_FALSE(is_cjk(0x25CB));   // ○ is a symbol, not CJK text
}

TEST_CASE("is_valid_utf8 follows the strict rules, at any alignment", "[text]") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("plain ASCII text that is longer than eight bytes"));
    CHECK(is_valid_utf8(u8"正解キー 🔴 é, mixed with ASCII runs of every length"));
    // Each bad sequence, placed at every offset after 0-17 ASCII bytes (the 8-byte fast
    // path must not step over it) and followed by ASCII.
    for (const std::string bad : {"\x80", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xED\xA0\x80",
                                  "\xF0\x80\x80\xAF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF",
                                  "\xE3\x81", "\xE3\x81" "A"}) {
        for (size_t pad = 0; pad < 18; ++pad) {
            CAPTURE(bad, pad);
            CHECK_FALSE(is_valid_utf8(std::string(pad, 'a') + bad + "tail bytes"));
            CHECK_FALSE(is_valid_utf8(std::string(pad, 'a') + bad));
        }
    }
    // Agrees with check_text_input on the edges it also knows.
    CHECK(is_valid_utf8("\xED\x9F\xBF"));        // U+D7FF, just below the surrogates
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));    // U+10FFFF
}
