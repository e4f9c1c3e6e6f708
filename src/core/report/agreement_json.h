// Writes an Agreement's fields into a JSON object already opened on any rapidjson-style
// writer (Writer or PrettyWriter): "n", "exact", "kappa", "weighted_kappa", "confusion"
// (rows: the first grader, columns: the second, in the order ○ △ ×). Shared by
// `keygrader eval-suggest --json` and the page's query() so both spell it the same way.
// A template on the writer (see base/json_write.h for why).
#pragma once
#include "grading/agreement.h"

namespace kg {

template <class JsonWriter>
void write_agreement_fields(JsonWriter& w, const Agreement& a) {
    w.Key("n");
    w.Int(a.n);
    w.Key("exact");
    w.Double(a.exact);
    w.Key("kappa");
    w.Double(a.kappa);
    w.Key("weighted_kappa");
    w.Double(a.weighted_kappa);
    w.Key("confusion");
    w.StartArray();
    for (const auto& row : a.confusion) {
        w.StartArray();
        for (int count : row) w.Int(count);
        w.EndArray();
    }
    w.EndArray();
}

}  // namespace kg
