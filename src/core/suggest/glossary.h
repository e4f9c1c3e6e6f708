// A small Japanese -> English glossary of software design-review vocabulary, so that a
// Japanese review meets an English key (and an English review a Japanese key): the
// tokenizer emits the English stems of every glossary entry found in a katakana or Han run.
// It names general concepts of reliability, security and performance reviews (リトライ,
// 冪等, 認証 ...), nothing specific to any key.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kg {

struct GlossaryHit {
    std::string_view japanese;                 // the entry as written in the glossary
    const std::vector<std::string>* english;   // its English terms, already stemmed
};

// Entries found in a run of katakana (katakana = true) or Han characters. Short katakana
// entries (キー, ログ) must be the whole run; longer ones and Han entries may be part of it.
void glossary_lookup(std::string_view run, bool katakana, std::vector<GlossaryHit>& out);

}  // namespace kg
