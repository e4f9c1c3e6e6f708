// See classify.h for the rules and their order.
#include "intake/classify.h"

#include <cctype>

#include "base/text.h"
#include "key/answer_key.h"
#include "review/review.h"

namespace kg {

namespace {

constexpr FileKind kAllKinds[] = {FileKind::Auto,       FileKind::Key,       FileKind::Review,
                                  FileKind::Judge,      FileKind::Comparison, FileKind::Prompt,
                                  FileKind::Reference,  FileKind::Workspace,  FileKind::Ignored};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string stem_of(std::string_view base) {
    const size_t dot = base.find_last_of('.');
    return std::string(dot == std::string_view::npos || dot == 0 ? base : base.substr(0, dot));
}

// The lines of a text, at most `limit` of them (classification reads the head of big files).
template <class F>
void each_line(std::string_view text, size_t limit, F&& f) {
    size_t begin = 0;
    for (size_t n = 0; begin < text.size() && n < limit; ++n) {
        size_t end = text.find('\n', begin);
        if (end == std::string_view::npos) end = text.size();
        if (!f(text.substr(begin, end - begin))) return;
        begin = end + 1;
    }
}

bool has_verdict_symbol(std::string_view cell) {
    return contains(cell, "○") || contains(cell, "△") || contains(cell, "×") ||
           contains(cell, "◯") || contains(cell, "✕");
}

// "P01", "S1", "C-1", "B03", "1": the first cell of a verdict-matrix row.
bool looks_like_id_cell(std::string_view cell) {
    const std::string c = trim(cell);
    if (c.empty() || c.size() > 12) return false;
    bool digit = false;
    for (const char ch : c) {
        if (is_digit(ch)) digit = true;
        else if (!std::isalpha(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_' &&
                 ch != '*') return false;
    }
    return digit;
}

bool names_run(std::string_view lower_line) {
    for (const char* m : {"run1", "run 1", "run2", "run 2", "run-1", "run-2"}) {
        if (contains(lower_line, m)) return true;
    }
    return false;
}

// "v008-…" at the start of a base name: the round.
int round_from_prompt_prefix(std::string_view base) {
    if (base.size() < 2 || (base[0] != 'v' && base[0] != 'V') || !is_digit(base[1])) return -1;
    int n = 0;
    size_t i = 1;
    while (i < base.size() && is_digit(base[i]) && i < 7) n = n * 10 + (base[i++] - '0');
    if (i == base.size() || base[i] == '-' || base[i] == '_' || base[i] == '.') return n;
    return -1;
}

bool name_says_reference(const std::string& lower_base) {
    static const char* const words[] = {"test-document", "test_document", "perspective",
                                        "knowledge",     "scope",         "design",
                                        "document",      "spec",          "reference",
                                        "観点",          "設計",          "仕様"};
    for (const char* w : words) {
        if (contains(lower_base, w)) return true;
    }
    return false;
}

std::string first_heading(std::string_view text) {
    std::string out;
    each_line(text, 40, [&](std::string_view line) {
        const std::string t = trim(line);
        if (!starts_with(t, "#")) return true;
        out = trim(std::string_view(t).substr(t.find_first_not_of('#') == std::string::npos
                                                  ? t.size() : t.find_first_not_of('#')));
        return false;
    });
    return out;
}

bool looks_like_comparison(std::string_view text) {
    const std::string title = to_lower_ascii(first_heading(text));
    return contains(title, "comparison") || contains(title, "比較");
}

bool looks_like_prompt(std::string_view text) {
    bool found = false;
    each_line(text, 30, [&](std::string_view line) {
        const std::string t = to_lower_ascii(trim(line));
        if (starts_with(t, "you are ") || starts_with(t, "あなたは")) found = true;
        return !found;
    });
    return found;
}

}  // namespace

const char* file_kind_name(FileKind k) {
    switch (k) {
        case FileKind::Auto: return "auto";
        case FileKind::Key: return "key";
        case FileKind::Review: return "review";
        case FileKind::Judge: return "judge";
        case FileKind::Comparison: return "comparison";
        case FileKind::Prompt: return "prompt";
        case FileKind::Reference: return "reference";
        case FileKind::Workspace: return "workspace";
        case FileKind::Ignored: return "ignored";
    }
    return "auto";
}

FileKind file_kind_from_name(std::string_view name) {
    for (FileKind k : kAllKinds) {
        if (name == file_kind_name(k)) return k;
    }
    return FileKind::Auto;
}

std::string normalize_path(std::string_view path) {
    std::string out;
    std::string part;
    auto flush = [&]() -> bool {
        if (part == "..") return false;
        if (!part.empty() && part != ".") {
            if (!out.empty()) out += '/';
            out += part;
        }
        part.clear();
        return true;
    };
    if (!path.empty() && (path[0] == '/' || path[0] == '\\')) return "";
    for (const char c : path) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "";
        if (c == '/' || c == '\\') {
            if (!flush()) return "";
        } else {
            part += c;
        }
    }
    if (!flush()) return "";
    if (out.size() >= 2 && out[1] == ':') return "";   // "C:/…"
    return out;
}

FilePlace place_of(std::string_view path) {
    FilePlace p;
    p.path = normalize_path(path);
    if (p.path.empty()) {
        // Keep what can be kept: the last part of the name.
        const size_t slash = path.find_last_of("/\\");
        p.path = normalize_path(slash == std::string_view::npos ? path : path.substr(slash + 1));
    }
    const size_t slash = p.path.rfind('/');
    p.base = slash == std::string::npos ? p.path : p.path.substr(slash + 1);
    std::string dir = slash == std::string::npos ? "" : p.path.substr(0, slash);
    for (const char* sub : {"results", "prompts", "reports"}) {
        const std::string s = sub;
        if (dir == s) {
            dir.clear();
        } else if (dir.size() > s.size() && dir.compare(dir.size() - s.size(), s.size(), s) == 0 &&
                   dir[dir.size() - s.size() - 1] == '/') {
            dir.resize(dir.size() - s.size() - 1);
        }
    }
    p.folder = dir;
    return p;
}

BenchmarkName benchmark_name(std::string_view path, std::string_view text) {
    const FilePlace place = place_of(path);
    BenchmarkName out;
    const std::string stem = stem_of(place.base);
    out.round = round_from_prompt_prefix(place.base);
    if (out.round < 0) out.round = round_from_text(stem);
    if (out.round < 0) {
        const std::string title = first_heading(text);
        if (!title.empty()) out.round = round_from_text(title);
    }
    std::string lower = to_lower_ascii(stem);
    for (const char* suffix : {"-scoring", "_scoring", "-score", "-judge"}) {
        const std::string s = suffix;
        if (lower.size() > s.size() && lower.compare(lower.size() - s.size(), s.size(), s) == 0) {
            out.prompt = stem.substr(0, stem.size() - s.size());
            return out;
        }
    }
    for (const char* prefix : {"scoring-", "scoring_", "judge-", "score-"}) {
        if (starts_with(lower, prefix)) {
            out.prompt = stem.substr(std::string(prefix).size());
            return out;
        }
    }
    const PromptRun pr = prompt_run_from_file_name(place.base);
    out.prompt = pr.prompt;
    out.run = pr.run;
    return out;
}

bool looks_like_workspace_json(std::string_view text) {
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || text[first] != '{') return false;
    return contains(text.substr(0, 4096), "\"keygrader-workspace\"");
}

bool looks_like_judge_report(std::string_view text) {
    int verdict_rows = 0;
    bool run_marker = false;
    bool totals = false;
    each_line(text, 6000, [&](std::string_view raw) {
        const std::string line = trim(raw);
        const std::string lower = to_lower_ascii(line);
        if (names_run(lower)) run_marker = true;
        if (contains(lower, "mean=") || contains(lower, "sd=") || contains(lower, "score") ||
            contains(line, "スコア") || contains(line, "採点") || contains(line, "検出判定")) {
            totals = true;
        }
        if (starts_with(line, "|") && has_verdict_symbol(line)) {
            const size_t next = line.find('|', 1);
            if (next != std::string::npos &&
                looks_like_id_cell(std::string_view(line).substr(1, next - 1))) {
                ++verdict_rows;
            }
        }
        return true;
    });
    return verdict_rows >= 2 && (run_marker || totals);
}

Classification classify_file(std::string_view path, std::string_view bytes) {
    Classification c;
    const InputCheck check = check_text_input(bytes);
    if (!check.ok) {
        c.kind = FileKind::Ignored;
        c.reason = check.error;
        return c;
    }
    const FilePlace place = place_of(path);
    const std::string lower_base = to_lower_ascii(place.base);
    const BenchmarkName name = benchmark_name(path, bytes);
    auto is = [&](FileKind k, const char* reason) {
        c.kind = k;
        c.reason = reason;
        return c;
    };
    const size_t first = bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first != std::string_view::npos && (bytes[first] == '{' || bytes[first] == '[')) {
        if (looks_like_workspace_json(bytes)) return is(FileKind::Workspace, "KeyGrader workspace");
        const bool json_name = lower_base.size() > 5 &&
                               lower_base.compare(lower_base.size() - 5, 5, ".json") == 0;
        if (json_name || bytes[first] == '{') {
            return is(FileKind::Ignored, "JSON that is not a KeyGrader workspace");
        }
    }
    if (looks_like_answer_key(bytes)) return is(FileKind::Key, "answer-key title or sections");
    if (name.run == 0 && name_says_reference(lower_base)) {
        return is(FileKind::Reference, "reference material by its name");
    }
    // Comparison reports hold verdict matrices too (per problem, across prompts): their title
    // or name decides first.
    if (looks_like_comparison(bytes)) return is(FileKind::Comparison, "comparison title");
    if (contains(lower_base, "comparison") && name.run == 0) {
        return is(FileKind::Comparison, "comparison report by its name");
    }
    const bool scoring_name = contains(lower_base, "scoring");
    if (looks_like_judge_report(bytes)) {
        if (name.run == 0 || scoring_name) return is(FileKind::Judge, "verdict matrix per problem");
    }
    if (scoring_name && name.run == 0) {
        return is(FileKind::Judge, "scoring report by its name");
    }
    if (name.run == 0 && looks_like_prompt(bytes)) return is(FileKind::Prompt, "reads as a prompt");
    const bool in_prompts = contains("/" + place.path, "/prompts/");
    if (in_prompts && name.run == 0) return is(FileKind::Prompt, "in a prompts folder");
    if (name.run > 0) return is(FileKind::Review, "run number in the name");
    if (!parse_review(normalize_text(bytes)).findings.empty()) {
        return is(FileKind::Review, "has findings");
    }
    return is(FileKind::Ignored,
              "no findings, and not an answer key, judge report, comparison, prompt or reference");
}

}  // namespace kg
