// Tokenizer for match terms; see tokenize.h for the rules.
//
// Index (search for "// ---- <name>"):
//   English stemming
//   Stop terms
//   The scanner
#include "suggest/tokenize.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <unordered_map>
#include "suggest/glossary.h"
#include "base/text.h"

// A function kept out of its callers, or put into them (GCC, Clang): the scanner's hot
// path is laid out by hand rather than left to the inliner's size estimates.
#define KG_NOINLINE __attribute__((noinline))
#define KG_INLINE inline __attribute__((always_inline))

namespace kg {

uint64_t term_hash(std::string_view term) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : term) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

// ---- English stemming --------------------------------------------------------------

// Suffix tests on literals: the length is known at compile time, so these stay cheap in
// the tokenizer's hot path (stemming runs once per word of every review).
template <size_t N>
static bool ends_with(const std::string& s, const char (&suffix)[N]) {
    constexpr size_t n = N - 1;
    return s.size() >= n && std::memcmp(s.data() + s.size() - n, suffix, n) == 0;
}

static bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// "committ" -> "commit", "stopp" -> "stop"; keeps ll/ss/zz ("call", "miss").
static void undouble(std::string& s) {
    const size_t n = s.size();
    if (n >= 3 && s[n - 1] == s[n - 2] && !is_vowel(s[n - 1]) && s[n - 1] != 'l' &&
        s[n - 1] != 's' && s[n - 1] != 'z')
        s.pop_back();
}

// Replaces a suffix when what remains is at least min_stem letters long.
template <size_t N>
static bool replace_suffix(std::string& s, const char (&suffix)[N], const char* with, size_t min_stem) {
    constexpr size_t n = N - 1;
    if (!ends_with(s, suffix) || s.size() - n < min_stem) return false;
    s.resize(s.size() - n);
    s += with;
    return true;
}

static constexpr size_t kStemCap = 6;   // prefix length that stems are cut to (truncation stemming)

static void stem_in_place(std::string& s) {
    if (s.size() <= 3) return;
    for (char c : s)
        if (c < 'a' || c > 'z') return;   // only plain words are stemmed
    // Plurals.
    if (s.back() == 's') {
        if (!replace_suffix(s, "ies", "y", 2) && !replace_suffix(s, "sses", "ss", 2) &&
            !ends_with(s, "ss") && !ends_with(s, "us") && !ends_with(s, "is"))
            s.pop_back();
    }
    // Inflections.
    if (s.back() == 'g') {
        if (replace_suffix(s, "ing", "", 3)) undouble(s);
    } else if (s.back() == 'd') {
        if (!replace_suffix(s, "ied", "y", 2) && replace_suffix(s, "ed", "", 3)) undouble(s);
    }
    if (s.size() >= 6 && s.back() == 'y') replace_suffix(s, "ly", "", 4);
    // A few derivational suffixes, so the noun meets its verb or adjective.
    switch (s.back()) {
        case 'l': replace_suffix(s, "ational", "ate", 3); break;
        case 'n': replace_suffix(s, "ation", "ate", 3) || replace_suffix(s, "tion", "t", 3); break;
        case 'y':
            replace_suffix(s, "ability", "able", 3) || replace_suffix(s, "ibility", "ible", 3) ||
                replace_suffix(s, "ency", "ent", 3);
            break;
        case 'e': replace_suffix(s, "ence", "ent", 3) || replace_suffix(s, "ure", "", 4); break;
        case 's': replace_suffix(s, "ness", "", 4); break;
        default: break;
    }
    if (s.back() == 'e') replace_suffix(s, "able", "", 4) || replace_suffix(s, "ible", "", 4);
    if (s.size() >= 4 && s.back() == 'e') s.pop_back();
    // "-ate" verbs meet their "-ation" nouns and their roots: validat(e/ion) -> valid,
    // expirat(ion) -> expir (= expire). Short stems keep it (threat, format, migrat).
    if (s.size() >= 7 && ends_with(s, "at")) s.resize(s.size() - 2);
    if (s.size() > kStemCap) s.resize(kStemCap);
}

std::string stem_english(std::string_view lower_word) {
    std::string s(lower_word);
    stem_in_place(s);
    return s;
}

// ---- Stop terms --------------------------------------------------------------------

// Function words plus the rubric's own vocabulary ("identifies", "mentions", "specific",
// "missing" ...): criteria are written with them, so they must not count as topic.
static const char* const kEnglishStopWords[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "doesn", "don", "down", "during",
    "each", "either", "etc", "few", "for", "from", "further", "had", "has", "have", "having",
    "he", "her", "here", "hers", "him", "his", "how", "however", "if", "in", "into", "is", "isn",
    "it", "its", "itself", "just", "may", "might", "more", "most", "must", "my", "no", "nor",
    "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "out", "over",
    "own", "per", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "through", "thus", "to",
    "too", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were", "what",
    "when", "where", "whether", "which", "while", "who", "whom", "why", "will", "with",
    "within", "without", "would", "yet", "you", "your", "eg", "ie", "e.g", "i.e", "vs",
    "section", "sec", "see", "also", "i", "s", "t",
    // rubric and review boilerplate
    "identify", "identifies", "identified", "mention", "mentions", "mentioned", "mentioning",
    "explain", "explains", "explaining", "explicitly", "explicit", "specific", "specifically",
    "recommend", "recommends", "recommending", "recommendation", "propose", "proposes",
    "proposing", "suggest", "suggests", "detail", "details", "detailed", "address",
    "addresses", "addressing", "connect", "connects", "general", "generally", "concern",
    "concerns", "need", "needs", "lack", "lacks", "lacking", "absence", "absent", "missing",
    "undefined", "define", "defined", "defines", "definition", "specify", "specified",
    "specifies", "describe", "described", "discuss", "discussed", "discussion", "consider",
    "considered", "consideration", "point", "points", "include", "includes", "including",
    "ensure", "ensures", "issue", "issues", "problem", "problems", "finding", "findings",
    "design", "designs", "detect", "detected", "detection", "partial", "call", "calls",
    "state", "states", "stated", "use", "uses", "using", "used", "make", "makes", "like",
    "example", "instance", "well", "new", "existing", "current", "currently", "potential",
    "possible", "possibly", "likely", "clearly", "clear",
};

// Japanese rubric words as the tokenizer sees them (Han bigrams).
static const char* const kCjkStopTerms[] = {
    "言及", "指摘", "検出", "具体", "体的", "必要", "提案", "記述", "説明", "明示", "欠如",
    "不足", "定義", "考慮", "場合", "可能", "対策", "懸念", "関連", "特定", "一般", "般的",
    "問題", "部分", "判定", "基準", "識別", "設計", "未定", "義さ", "場合", "未検", "触れ",
    "推奨", "記載", "以上", "以下", "含む", "示す", "上記", "下記", "各種", "全体",
};

namespace {
// Open-addressing set of term hashes: one probe or two per lookup in the hot path.
struct StopTable {
    std::vector<uint64_t> slots;   // 0 = empty
    void insert(uint64_t h) {
        if (h == 0) h = 1;
        const size_t mask = slots.size() - 1;
        size_t i = static_cast<size_t>(h ^ (h >> 29)) & mask;
        while (slots[i] != 0 && slots[i] != h) i = (i + 1) & mask;
        slots[i] = h;
    }
    StopTable() {
        slots.assign(4096, 0);
        for (const char* w : kEnglishStopWords) {
            std::string s(w);
            stem_in_place(s);
            insert(term_hash(s));
            insert(term_hash(w));
        }
        for (const char* w : kCjkStopTerms) insert(term_hash(w));
    }
    bool has(std::string_view term) const {
        uint64_t h = term_hash(term);
        if (h == 0) h = 1;
        const size_t mask = slots.size() - 1;
        for (size_t i = static_cast<size_t>(h ^ (h >> 29)) & mask;; i = (i + 1) & mask) {
            if (slots[i] == h) return true;
            if (slots[i] == 0) return false;
        }
    }
};
const StopTable& stop_table() {
    static const StopTable table;
    return table;
}
}  // namespace

bool is_stop_term(std::string_view term) { return stop_table().has(term); }

// ---- The scanner -------------------------------------------------------------------

namespace {

enum class CharClass { Alnum, Connector, Apostrophe, Han, Katakana, Section, Other };

bool is_han(uint32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F) || cp == 0x3005 ||
           cp == 0x3006;
}

bool is_katakana(uint32_t cp) {
    return (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC || (cp >= 0x31F0 && cp <= 0x31FF);
}

// Full-width ASCII (Ａ, ０, ／ ...) is read as ASCII.
uint32_t fold_width(uint32_t cp) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFF01 + 0x21;
    return cp;
}

CharClass classify(uint32_t cp) {
    if (cp < 0x80) {
        const char c = static_cast<char>(cp);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            return CharClass::Alnum;
        if (c == '-' || c == '_' || c == '/' || c == '.') return CharClass::Connector;
        if (c == '\'') return CharClass::Apostrophe;
        return CharClass::Other;
    }
    if (cp == 0x2019) return CharClass::Apostrophe;
    if (cp == 0x00A7) return CharClass::Section;   // §
    if (is_han(cp)) return CharClass::Han;
    if (is_katakana(cp)) return CharClass::Katakana;
    return CharClass::Other;
}

bool is_connector(char c) { return c == '-' || c == '_' || c == '/' || c == '.'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr uint64_t kFnvOffset = 1469598103934665603ull;   // term_hash: 64-bit FNV-1a
constexpr uint64_t kFnvPrime = 1099511628211ull;
constexpr size_t kMaxRun = 96;   // longer runs (hashes, base64) are not words

// ASCII character classes, computed once; bytes 80-FF (parts of other characters) read as
// Other, so the word scan tests a byte with one lookup.
struct AsciiClasses {
    CharClass cls[256];
    AsciiClasses() {
        for (int c = 0; c < 256; ++c) cls[c] = c < 128 ? classify(static_cast<uint32_t>(c)) : CharClass::Other;
    }
};
const CharClass* ascii_table() {
    static const AsciiClasses table;
    return table.cls;
}

// Classes of the 3-byte UTF-8 characters (U+0800-U+FFFF), one byte per code point (64 KB):
// Japanese text is nearly all such characters, and the table spares decoding them one by
// one. Characters of other classes, or full-width ASCII (read as ASCII), are kMixed: those
// are decoded and classified one by one.
constexpr uint8_t kMixed = 0xFF;
struct Cjk3Classes {
    uint8_t cls[0x10000];   // by slot(bytes), not by code point
    Cjk3Classes() {
        for (uint32_t cp = 0; cp < 0x10000; ++cp) {
            const bool encodable = cp >= 0x800 && !(cp >= 0xD800 && cp < 0xE000);   // no overlong forms, no surrogates
            const uint32_t bytes = 0x8080E0u | (cp >> 12) | ((cp >> 6) & 0x3Fu) << 8 | (cp & 0x3Fu) << 16;
            cls[slot(bytes)] = encodable ? only_run_class(cp) : kMixed;
        }
    }
    // Other, Han or Katakana as read (no width folding); kMixed for any other class.
    static uint8_t only_run_class(uint32_t cp) {
        const CharClass c = classify(cp);
        if (fold_width(cp) != cp || (c != CharClass::Other && c != CharClass::Han && c != CharClass::Katakana))
            return kMixed;
        return static_cast<uint8_t>(c);
    }
    // The 16 payload bits of a well-formed 3-byte character (lead byte lowest in `w`) as a
    // table slot: one multiply gathers them instead of three shifts and masks. The constant
    // was searched for: it maps the 65,536 characters to 65,536 different slots.
    static uint32_t slot(uint32_t w) {
        return static_cast<uint32_t>(((w & 0x3F3F0Fu) * 0x100440000000000ull) >> 48);
    }
    // The class of the character whose bytes are the low three of `w` (little-endian: lead
    // byte lowest), or kMixed: also for anything but a lead byte E0-EF and two continuation
    // bytes, overlong forms (E0 80-9F) and surrogates, which next_codepoint then reads (as
    // U+FFFD) like any character it has to decode. One mask tests all three bytes.
    uint8_t of_bytes(uint32_t w) const {
        if ((w & 0xC0C0F0u) != 0x8080E0u) return kMixed;
        return cls[slot(w)];
    }
    // The same for the 3-byte character at p (3 bytes readable).
    uint8_t at(const char* p) const { return of_bytes(load3(p)); }
    // Where the run of class c3 that goes on at j ends: the first character at or after j
    // that is not a well-formed 3-byte character of class c3. kFold: each character of the
    // run is folded into h as well (fold_char: a Han run's memo key, made in the same pass).
    template <bool kFold>
    size_t run_end(std::string_view text, size_t j, uint8_t c3, uint64_t& h) const {
        const char* p = text.data();
        while (j + 4 <= text.size()) {   // four bytes readable: one load per character
            uint32_t w;
            std::memcpy(&w, p + j, 4);
            if (of_bytes(w) != c3) return j;
            if (kFold) h = fold_char(h, w & 0xFFFFFFu);
            j += 3;
        }
        while (j + 3 <= text.size() && at(p + j) == c3) {
            if (kFold) h = fold_char(h, load3(p + j));
            j += 3;
        }
        return j;
    }
    // Folds one character (its bytes packed little-endian) into a hash, FNV-1a style but a
    // character at a time.
    static uint64_t fold_char(uint64_t h, uint32_t bytes) { return (h ^ bytes) * 1099511628211ull; }
    static uint32_t load3(const char* p) {
        return static_cast<uint32_t>(static_cast<unsigned char>(p[0])) |
               static_cast<uint32_t>(static_cast<unsigned char>(p[1])) << 8 |
               static_cast<uint32_t>(static_cast<unsigned char>(p[2])) << 16;
    }
};
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "Cjk3Classes::run_end reads characters little-endian");
const Cjk3Classes& cjk3_table() {
    static const Cjk3Classes table;
    return table;
}
bool is_lead3(char c) { return (static_cast<unsigned char>(c) & 0xF0) == 0xE0; }

}  // namespace

// The scanner behind Tokenizer. It remembers what each word run produced (memo), so a
// review's repeated words cost one hash lookup instead of a split + stem + stop check.
class Tokenizer::Impl {
public:

    void begin(TermSink& sink) {
        sink_ = &sink;
        if (sink.id_space() != id_space_) {   // another numbering: renumber what the memo holds
            id_space_ = sink.id_space();
            for (MemoItem& m : memo_items_) m.id = sink.resolve(m.hash);
            for (MemoEntry& e : memo_)
                if (e.hash != 0) summarize(e);
        }
        counts_only_ = sink.counts_only() && sink.id_space() != nullptr;
        batched_terms_ = batched_japanese_ = 0;
        pending_section_ = false;
        skip_letters_ = false;
    }

    void feed(std::string_view text) {
        const CharClass* ascii = ascii_table();
        const Cjk3Classes& t3 = cjk3_table();
        size_t i = 0;
        while (i < text.size()) {
            const size_t start = i;
            const unsigned char byte = static_cast<unsigned char>(text[i]);
            uint32_t cp;
            CharClass cls;
            if (byte < 0x80) {
                cls = ascii[byte];
                if (cls == CharClass::Alnum && !skip_letters_ && han_chars_ == 0 && kata_chars_ == 0) {
                    // Fast path: most of a review is ASCII words; take the whole word at once.
                    // The scan that finds the word's end also hashes it (term_hash), so the
                    // common word, starting with a letter and ending with a letter or digit,
                    // skips flush_run's own pass (which strips trailing connectors and
                    // checks for numbers).
                    size_t j = i + 1;
                    uint64_t h = (kFnvOffset ^ byte) * kFnvPrime;
                    while (j < text.size()) {
                        const unsigned char b = static_cast<unsigned char>(text[j]);
                        const CharClass c = ascii[b];
                        if (c != CharClass::Alnum && c != CharClass::Connector) break;
                        h = (h ^ b) * kFnvPrime;
                        ++j;
                    }
                    if (ascii_.empty() && j < text.size()) {
                        // whole word in view: no copy
                        const std::string_view run = text.substr(i, j - i);
                        if (is_digit(static_cast<char>(byte)) ||
                            ascii[static_cast<unsigned char>(run.back())] == CharClass::Connector)
                            flush_run(run);
                        else flush_stripped_run(run, h, false);
                    } else {
                        ascii_.append(text.data() + i, j - i);
                    }
                    i = j;
                    continue;
                }
                if (cls == CharClass::Other && ascii_.empty() && han_chars_ == 0 && kata_chars_ == 0) {
                    // Spaces and punctuation between words: nothing to flush.
                    skip_letters_ = false;
                    ++i;
                    continue;
                }
                cp = byte;
                ++i;
            } else {
                // Well-formed 3-byte characters of one of the run classes (nearly all of a
                // Japanese text) are taken a run at a time, without decoding: the same as
                // the character-by-character steps below (only one of the ASCII, Han and
                // katakana runs is ever open, so the order of the flushes does not matter).
                const uint8_t c3 = is_lead3(text[i]) && i + 3 <= text.size() ? t3.at(text.data() + i) : kMixed;
                if (c3 != kMixed) {
                    // A Han run's memo key grows with the scan (see append_han).
                    uint64_t han_hash = han_chars_ ? han_hash_ : kFnvOffset;
                    size_t j;
                    if (c3 == static_cast<uint8_t>(CharClass::Han)) {
                        han_hash = Cjk3Classes::fold_char(han_hash, Cjk3Classes::load3(text.data() + i));
                        j = t3.run_end<true>(text, i + 3, c3, han_hash);
                    } else {
                        j = t3.run_end<false>(text, i + 3, c3, han_hash);
                    }
                    skip_letters_ = false;
                    if (!ascii_.empty()) flush_ascii();
                    const CharClass run = static_cast<CharClass>(c3);
                    if (run != CharClass::Han && han_chars_) flush_han();
                    if (run != CharClass::Katakana && kata_chars_) flush_katakana();
                    if (run == CharClass::Han) {
                        // A whole run in view (what follows is no Han character: Han outside
                        // this table are 4-byte), seen before: replayed from the view.
                        const std::string_view whole = text.substr(i, j - i);
                        const MemoEntry* hit = han_chars_ == 0 && j < text.size() &&
                                                       static_cast<unsigned char>(text[j]) < 0xF0
                                                   ? memo_find(han_hash ^ kHanSalt)
                                                   : nullptr;
                        if (hit) {
                            if (hit->count > 0) replay(*hit);
                        } else {
                            han_.append(whole.data(), whole.size());
                            han_chars_ += whole.size() / 3;
                            han_hash_ = han_hash;
                        }
                    } else if (run == CharClass::Katakana) {
                        // The same for a whole katakana run (what follows is none: katakana
                        // outside this table are in its kMixed blocks).
                        const std::string_view whole = text.substr(i, j - i);
                        const bool closed = j < text.size() &&
                                            (!is_lead3(text[j]) || (j + 3 <= text.size() && t3.at(text.data() + j) != kMixed));
                        if (!(kata_chars_ == 0 && closed && katakana_from_memo(whole))) {
                            kata_.append(whole.data(), whole.size());
                            kata_chars_ += whole.size() / 3;
                        }
                    }
                    i = j;
                    continue;
                }
                cp = fold_width(next_codepoint(text, i));
                cls = classify(cp);
            }
            if (skip_letters_) {
                if (cls == CharClass::Alnum) continue;
                skip_letters_ = false;
            }
            if (cls != CharClass::Alnum && cls != CharClass::Connector && !ascii_.empty()) flush_ascii();
            if (cls != CharClass::Han && han_chars_) flush_han();
            if (cls != CharClass::Katakana && kata_chars_) flush_katakana();
            switch (cls) {
                case CharClass::Alnum: ascii_.push_back(static_cast<char>(cp)); break;
                case CharClass::Connector:
                    // A connector joins an identifier; a leading "/" or "." has nothing to join.
                    if (!ascii_.empty()) ascii_.push_back(static_cast<char>(cp));
                    break;
                case CharClass::Apostrophe:
                    skip_letters_ = true;   // drop the "s" of "service's", the "t" of "don't"
                    break;
                case CharClass::Han:
                    // The bytes as written: valid UTF-8 (else it would be U+FFFD, Other), so
                    // the same bytes as the code point re-encoded.
                    append_han_char(text.data() + start, i - start);
                    break;
                case CharClass::Katakana:
                    kata_.append(text.data() + start, i - start);
                    ++kata_chars_;
                    break;
                case CharClass::Section: pending_section_ = true; break;
                case CharClass::Other: break;
            }
        }
    }

    void end() {
        if (!ascii_.empty()) flush_ascii();
        flush_han();
        flush_katakana();
        if (batched_terms_ > 0) sink_->counted(batched_terms_, batched_japanese_, nullptr, 0);
        batched_terms_ = batched_japanese_ = 0;
        sink_ = nullptr;
    }

private:
    void emit(std::string_view t, TermKind kind) { emit(t, kind, t); }
    void emit(std::string_view t, TermKind kind, std::string_view surface) {
        emit(term_hash(t), t, kind, surface);
    }

    void emit(uint64_t h, std::string_view t, TermKind kind, std::string_view surface) {
        if (t.empty()) return;
        if (recording_) record(h, t, kind, surface);
        if (kind == TermKind::Number && pending_section_) {
            // "Section 6.1" -> "§6"
            const size_t dot = t.find('.');
            section_ = "\xC2\xA7";
            section_ += t.substr(0, dot);
            pending_section_ = false;
            sink_->term_hashed(h, t, kind, surface);
            sink_->term_hashed(term_hash(section_), section_, TermKind::Section, section_);
            return;
        }
        pending_section_ = false;
        sink_->term_hashed(h, t, kind, surface);
    }

    // One plain word or identifier part: lowercase, stem, drop stop words.
    void emit_word(std::string_view raw) {
        if (raw.size() < 2) {
            pending_section_ = false;
            return;
        }
        bool all_digits = true;
        word_.assign(raw.data(), raw.size());
        for (char& c : word_) {
            if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
            else if (!is_digit(c)) all_digits = false;
            if (is_upper(c) || is_lower(c)) all_digits = false;
        }
        if (all_digits) {
            emit(word_, TermKind::Number);
            return;
        }
        if (is_section_word(word_)) {
            pending_section_ = true;
            state_changed_ = true;   // depends on what follows: not memoized
            return;
        }
        stem_in_place(word_);
        if (is_stop_term(word_)) {
            pending_section_ = false;
            return;
        }
        emit(word_, TermKind::Word, raw);
    }

    static bool is_section_word(const std::string& w) {
        switch (w.size()) {
            case 3: return std::memcmp(w.data(), "sec", 3) == 0;
            case 7: return std::memcmp(w.data(), "section", 7) == 0 || std::memcmp(w.data(), "chapter", 7) == 0;
            default: return false;
        }
    }

    // Splits "WeatherAPI" -> Weather|API, "eventId" -> event|Id, "APIKey" -> API|Key.
    void emit_camel_parts(std::string_view part) {
        size_t start = 0;
        for (size_t k = 1; k < part.size(); ++k) {
            const char prev = part[k - 1], cur = part[k];
            const bool lower_to_upper = is_lower(prev) && is_upper(cur);
            const bool acronym_end =
                is_upper(prev) && is_upper(cur) && k + 1 < part.size() && is_lower(part[k + 1]);
            if (lower_to_upper || acronym_end) {
                emit_word(part.substr(start, k - start));
                start = k;
            }
        }
        emit_word(part.substr(start));
    }

    static bool has_camel(std::string_view part) {
        for (size_t k = 1; k < part.size(); ++k) {
            if (is_lower(part[k - 1]) && is_upper(part[k])) return true;
            if (k + 1 < part.size() && is_upper(part[k - 1]) && is_upper(part[k]) &&
                is_lower(part[k + 1]))
                return true;
        }
        return false;
    }

    void emit_identifier(std::string_view whole) {
        lower_.assign(whole.begin(), whole.end());
        for (char& c : lower_)
            if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
        if (!is_stop_term(lower_)) emit(lower_, TermKind::Identifier);
    }

    void flush_ascii() {
        flush_run(ascii_);
        ascii_.clear();
    }

    // Turns one run of ASCII letters, digits and connectors into terms.
    void flush_run(std::string_view run) {
        while (!run.empty() && is_connector(run.back())) run.remove_suffix(1);
        if (run.empty() || run.size() > kMaxRun) {
            return;
        }
        bool numeric = true;
        uint64_t h = kFnvOffset;   // term_hash(run), computed in the same pass
        for (char c : run) {
            if (!is_digit(c) && c != '.') numeric = false;
            h ^= static_cast<unsigned char>(c);
            h *= kFnvPrime;
        }
        flush_stripped_run(run, h, numeric);
    }

    // flush_run once the trailing connectors are gone and the hash (term_hash(run)) and
    // "digits and dots only" are known.
    KG_INLINE void flush_stripped_run(std::string_view run, uint64_t h, bool numeric) {
        if (run.empty() || run.size() > kMaxRun) {
            return;
        }
        if (!numeric) {
            if (const MemoEntry* hit = memo_find(h)) {
                replay(*hit);
                return;
            }
        }
        flush_new_run(run, h, numeric);
    }

    // flush_stripped_run for a number or a run the memo does not have, out of line: the
    // memo hit, nearly every word of a review, then saves the registers this path needs.
    KG_NOINLINE void flush_new_run(std::string_view run, uint64_t h, bool numeric) {
        if (numeric) {
            // "99.5", "6.1": one number (a lone digit carries nothing).
            if (run.size() >= 2 || pending_section_) {
                lower_.assign(run.begin(), run.end());
                emit(lower_, TermKind::Number);
            }
            return;
        }
        begin_recording();
        split_run(run);
        end_recording(h);
    }

    void split_run(std::string_view run) {
        bool has_conn = false;
        for (char c : run)
            if (is_connector(c)) has_conn = true;
        if (!has_conn) {
            if (has_camel(run)) {
                emit_identifier(run);
                emit_camel_parts(run);
            } else {
                emit_word(run);
            }
            return;
        }
        // An identifier: the whole, then every "/" or "." segment that is itself compound,
        // then the words.
        emit_identifier(run);
        size_t seg_start = 0;
        for (size_t k = 0; k <= run.size(); ++k) {
            if (k < run.size() && run[k] != '/' && run[k] != '.') continue;
            std::string_view seg = run.substr(seg_start, k - seg_start);
            seg_start = k + 1;
            if (seg.empty()) continue;
            const bool compound = seg.find_first_of("-_") != std::string_view::npos;
            if (compound && seg.size() < run.size()) emit_identifier(seg);
            size_t part_start = 0;
            for (size_t m = 0; m <= seg.size(); ++m) {
                if (m < seg.size() && seg[m] != '-' && seg[m] != '_') continue;
                std::string_view part = seg.substr(part_start, m - part_start);
                part_start = m + 1;
                if (part.empty()) continue;
                if (has_camel(part)) {
                    emit_identifier(part);
                    emit_camel_parts(part);
                } else {
                    emit_word(part);
                }
            }
        }
    }

    // ---- memo of word runs ----
    using MemoItem = HashedTerm;
    struct MemoEntry {
        uint64_t hash = 0;   // 0 = empty slot
        uint32_t first = 0, count = 0;
        // The summary a counts_only sink receives: the numbered terms' ids are
        // memo_ids_[first, first + n_ids). Not kept for a word of more than 65535 terms.
        uint16_t n_ids = 0, japanese = 0;
        bool summarized = false;
        bool plain = false;  // no Number terms: replay needs no "Section N" handling
    };
    static constexpr size_t kMemoLimit = 1 << 14;   // entries; cleared beyond (bounded memory)

    // Before the memo is allocated, memo_slots_ is one empty slot (mask 0): a probe then
    // ends at once, with no test for "allocated" on every word.
    static const MemoEntry* no_slot() {
        static const MemoEntry empty;
        return &empty;
    }
    const MemoEntry* memo_find(uint64_t h) const {
        if (h == 0) h = 1;
        const MemoEntry* slots = memo_slots_;
        const size_t mask = memo_mask_;
        for (size_t i = static_cast<size_t>(h ^ (h >> 31)) & mask;; i = (i + 1) & mask) {
            if (slots[i].hash == h) return &slots[i];
            if (slots[i].hash == 0) return nullptr;
        }
    }
    // Fills an entry's summary from its items (their ids in the current numbering).
    void summarize(MemoEntry& e) {
        e.summarized = e.count <= 0xFFFF;
        if (!e.summarized) return;
        uint32_t n = 0, ja = 0;
        for (uint32_t k = e.first; k < e.first + e.count; ++k) {
            const MemoItem& m = memo_items_[k];
            ja += is_japanese_kind(m.kind);
            if (m.id >= 0) memo_ids_[e.first + n++] = m.id;
        }
        e.n_ids = static_cast<uint16_t>(n);
        e.japanese = static_cast<uint16_t>(ja);
    }
    void memo_insert(const MemoEntry& entry) {
        if (memo_.empty()) {
            memo_.resize(256);
            memo_mask_ = memo_.size() - 1;
        }
        if ((memo_count_ + 1) * 2 > memo_.size()) {   // grow at half load
            std::vector<MemoEntry> old(memo_.size() * 2);
            old.swap(memo_);
            memo_mask_ = memo_.size() - 1;
            memo_count_ = 0;
            for (const MemoEntry& e : old)
                if (e.hash != 0) memo_insert(e);
        }
        memo_slots_ = memo_.data();
        uint64_t h = entry.hash;
        if (h == 0) h = 1;
        const size_t mask = memo_mask_;
        size_t i = static_cast<size_t>(h ^ (h >> 31)) & mask;
        while (memo_[i].hash != 0 && memo_[i].hash != h) i = (i + 1) & mask;
        if (memo_[i].hash == 0) ++memo_count_;
        memo_[i] = entry;
        memo_[i].hash = h;
    }

    void begin_recording() {
        recording_ = true;
        state_changed_ = false;
        record_first_ = static_cast<uint32_t>(memo_items_.size());
    }
    void record(uint64_t h, std::string_view t, TermKind kind, std::string_view surface) {
        MemoItem m;
        m.hash = h;
        m.text_at = static_cast<uint32_t>(memo_text_.size());
        m.text_len = static_cast<uint32_t>(t.size());
        memo_text_.append(t.data(), t.size());
        m.surface_at = static_cast<uint32_t>(memo_text_.size());
        m.surface_len = static_cast<uint32_t>(surface.size());
        memo_text_.append(surface.data(), surface.size());
        m.kind = kind;
        m.id = sink_->resolve(h);
        memo_items_.push_back(m);
    }
    void end_recording(uint64_t h) {
        recording_ = false;
        if (state_changed_ || memo_count_ >= kMemoLimit) {
            if (memo_count_ >= kMemoLimit) {   // a huge vocabulary: start over, memory stays bounded
                memo_.clear();
                memo_slots_ = no_slot();
                memo_mask_ = 0;
                memo_count_ = 0;
                memo_items_.clear();
                memo_ids_.clear();
                memo_text_.clear();
            } else {
                memo_items_.resize(record_first_);
            }
            return;
        }
        MemoEntry e;
        e.hash = h;
        e.first = record_first_;
        e.count = static_cast<uint32_t>(memo_items_.size()) - record_first_;
        e.plain = true;
        for (size_t k = record_first_; k < memo_items_.size(); ++k)
            if (memo_items_[k].kind == TermKind::Number) e.plain = false;
        memo_ids_.resize(memo_items_.size());
        summarize(e);
        memo_insert(e);
    }
    KG_INLINE void replay(const MemoEntry& e) {
        if (e.plain && !recording_) {
            // No numbers inside: emit() would only clear the pending "Section" and pass the
            // terms on, so do exactly that without the detour.
            pending_section_ = false;
            if (e.count == 0) return;
            if (counts_only_ && e.summarized) {
                // The totals wait for end(); only a word with key terms calls the sink now.
                batched_terms_ += e.count;
                batched_japanese_ += e.japanese;
                if (e.n_ids > 0) sink_->counted(0, 0, memo_ids_.data() + e.first, e.n_ids);
            } else {
                sink_->terms_hashed(memo_items_.data() + e.first, e.count, memo_text_.data());
            }
            return;
        }
        replay_each(e);
    }
    // replay's long way: each term through emit (numbers may follow a "Section").
    KG_NOINLINE void replay_each(const MemoEntry& e) {
        for (uint32_t k = e.first; k < e.first + e.count; ++k) {
            const MemoItem& m = memo_items_[k];
            emit(m.hash, std::string_view(memo_text_.data() + m.text_at, m.text_len), m.kind,
                 std::string_view(memo_text_.data() + m.surface_at, m.surface_len));
        }
    }

    // A Han run's terms are memoized like an ASCII word's (reviews repeat their words): the
    // same terms in the same order. A run that gave no terms is not replayed at all, since
    // replaying would clear a pending "Section" that emitting nothing leaves alone.
    static constexpr uint64_t kHanSalt = 0xC2B2AE3D27D4EB4Full;   // memo keys of Han runs
    // Adds one character (1-4 bytes) to the open Han run. han_hash_, the run's memo key,
    // folds in each character's bytes (Cjk3Classes::fold_char), as the run scan in feed does.
    void append_han_char(const char* p, size_t bytes) {
        if (han_chars_ == 0) han_hash_ = kFnvOffset;
        uint32_t packed = 0;
        for (size_t k = 0; k < bytes; ++k) packed |= static_cast<uint32_t>(static_cast<unsigned char>(p[k])) << (8 * k);
        han_hash_ = Cjk3Classes::fold_char(han_hash_, packed);
        han_.append(p, bytes);
        ++han_chars_;
    }

    void flush_han() {
        if (han_chars_ == 0) return;
        const uint64_t h = han_hash_ ^ kHanSalt;
        if (const MemoEntry* hit = memo_find(h)) {
            if (hit->count > 0) replay(*hit);
        } else {
            begin_recording();
            han_terms();
            end_recording(h);
        }
        han_.clear();
        han_chars_ = 0;
    }

    void han_terms() {
        if (han_chars_ == 1) {
            if (!is_stop_term(han_)) emit(han_, TermKind::CjkSingle);
        } else {
            // Han characters are all 3 or 4 bytes; walk code point boundaries.
            size_t a = 0;
            size_t b = next_boundary(han_, a);
            while (b < han_.size()) {
                const size_t c = next_boundary(han_, b);
                std::string_view bigram(han_.data() + a, c - a);
                if (!is_stop_term(bigram)) emit(bigram, TermKind::CjkBigram);
                a = b;
                b = c;
            }
        }
        emit_glossary(han_, false);
    }

    // English equivalents of the glossary entries in a Japanese run (see glossary.h).
    void emit_glossary(const std::string& run, bool katakana) {
        // Reviews repeat their Japanese words: the hits of a run are remembered (they point
        // into the static glossary), bounded like the word memo. Output is identical.
        const uint64_t key = term_hash(run) ^ (katakana ? 0x9E3779B97F4A7C15ull : 0);
        auto it = glossary_memo_.find(key);
        if (it == glossary_memo_.end() || it->second.first != run) {
            if (glossary_memo_.size() >= kGlossaryMemoLimit) glossary_memo_.clear();
            hits_.clear();
            glossary_lookup(run, katakana, hits_);
            it = glossary_memo_.insert_or_assign(key, std::make_pair(run, hits_)).first;
        }
        for (const GlossaryHit& h : it->second.second)
            for (const std::string& stem : *h.english) emit(stem, TermKind::Word, h.japanese);
    }

    // Trailing long-vowel marks are spelling variation: サーバー = サーバ (but キー stays).
    // Cuts them off `run` (of `chars` characters); returns the characters left.
    static size_t strip_long_vowels(std::string_view& run, size_t chars) {
        static constexpr std::string_view kLongVowel = "\xE3\x83\xBC";   // ー
        while (chars > 2 && run.size() >= 3 && run.substr(run.size() - 3) == kLongVowel) {
            run.remove_suffix(3);
            --chars;
        }
        return chars;
    }
    static bool is_section_katakana(std::string_view run) {
        return run == "\xE3\x82\xBB\xE3\x82\xAF\xE3\x82\xB7\xE3\x83\xA7\xE3\x83\xB3";   // セクション
    }
    static constexpr uint64_t kKataSalt = 0x165667B19E3779F9ull;   // memo keys of katakana runs

    // A whole katakana run in view, not opened: replayed when the memo has it, and true;
    // false when it must go the long way (flush_katakana).
    bool katakana_from_memo(std::string_view run) {
        const size_t chars = strip_long_vowels(run, run.size() / 3);
        if (chars < 2) return true;   // gives no terms at all
        if (is_section_katakana(run)) return false;
        const MemoEntry* hit = memo_find(term_hash(run) ^ kKataSalt);
        if (!hit) return false;
        if (hit->count > 0) replay(*hit);
        return true;
    }

    void flush_katakana() {
        if (kata_chars_ == 0) return;
        std::string_view run = kata_;
        const size_t chars = strip_long_vowels(run, kata_chars_);
        kata_.resize(run.size());
        if (chars >= 2) {
            if (is_section_katakana(kata_)) {
                pending_section_ = true;
                emit_glossary(kata_, true);
            } else {
                // Memoized like a Han run (its own salt), and replayed the same way.
                const uint64_t h = term_hash(kata_) ^ kKataSalt;
                if (const MemoEntry* hit = memo_find(h)) {
                    if (hit->count > 0) replay(*hit);
                } else {
                    begin_recording();
                    if (!is_stop_term(kata_)) emit(kata_, TermKind::Katakana);
                    emit_glossary(kata_, true);
                    end_recording(h);
                }
            }
        }
        kata_.clear();
        kata_chars_ = 0;
    }

    static size_t next_boundary(const std::string& s, size_t i) {
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
        return i;
    }

    TermSink* sink_ = nullptr;
    const void* id_space_ = nullptr;   // the numbering of MemoItem::id (TermSink::id_space)
    std::vector<GlossaryHit> hits_;
    static constexpr size_t kGlossaryMemoLimit = 1 << 12;
    std::unordered_map<uint64_t, std::pair<std::string, std::vector<GlossaryHit>>> glossary_memo_;
    std::string ascii_, han_, kata_;
    size_t han_chars_ = 0, kata_chars_ = 0;
    uint64_t han_hash_ = 0;
    std::string word_, lower_, section_;
    bool pending_section_ = false;
    bool skip_letters_ = false;
    bool recording_ = false, state_changed_ = false;
    uint32_t record_first_ = 0;
    std::vector<MemoEntry> memo_;   // open addressing, allocated on first use
    const MemoEntry* memo_slots_ = no_slot();   // memo_.data() once allocated
    size_t memo_mask_ = 0;          // memo_.size() - 1 once allocated (24-byte entries: no division per probe)
    size_t memo_count_ = 0;
    std::vector<MemoItem> memo_items_;
    std::vector<int32_t> memo_ids_;   // per entry, its numbered terms' ids (see MemoEntry)
    bool counts_only_ = false;        // the sink takes summaries (TermSink::counts_only)
    uint32_t batched_terms_ = 0, batched_japanese_ = 0;   // summaries not yet given to it
    std::string memo_text_;
};

namespace {

class CollectSink : public TermSink {
public:
    std::vector<Term> terms;
    void term(std::string_view text, TermKind kind, std::string_view surface) override {
        terms.push_back(Term{std::string(text), kind, std::string(surface)});
    }
};

}  // namespace

Tokenizer::Tokenizer() : impl_(std::make_unique<Impl>()) {}
Tokenizer::~Tokenizer() = default;
void Tokenizer::begin(TermSink& sink) { impl_->begin(sink); }
void Tokenizer::feed(std::string_view text) { impl_->feed(text); }
void Tokenizer::end() { impl_->end(); }
void Tokenizer::run(std::string_view text, TermSink& sink) {
    impl_->begin(sink);
    impl_->feed(text);
    impl_->end();
}

void tokenize(std::string_view text, TermSink& sink) {
    Tokenizer tokenizer;
    tokenizer.run(text, sink);
}

std::vector<Term> tokenize(std::string_view text) {
    CollectSink sink;
    tokenize(text, sink);
    return std::move(sink.terms);
}

std::vector<std::string> tokenize_terms(std::string_view text) {
    std::vector<std::string> out;
    for (auto& t : tokenize(text)) out.push_back(std::move(t.text));
    return out;
}

}  // namespace kg
