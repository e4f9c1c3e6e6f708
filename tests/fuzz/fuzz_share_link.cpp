// Fuzz target: decoding and applying a share-link fragment never crashes, whatever the bytes.
#include <cstdint>
#include <string>
#include "persist/share_link.h"
#include "model/workspace.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string fragment(reinterpret_cast<const char*>(data), size);
    kg::Workspace ws;
    kg::ReviewFile review;
    review.name = "v008-baseline-run1.md";
    review.text = "# Review\n";
    ws.reviews.push_back(review);
    (void)kg::looks_like_share_link(fragment);
    (void)kg::apply_share_link(fragment, ws);
    return 0;
}
