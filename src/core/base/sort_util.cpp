#include "base/sort_util.h"

#include <algorithm>

namespace kg::sort_detail {

void stable_sort_positions(size_t n, void* context, IndexLess less, IndexSwap swap) {
    // order[k] is the position of the item that belongs at k. A bottom-up merge sort (rather
    // than std::stable_sort, whose instantiation alone is ~4 KB of wasm): runs of width 1, 2,
    // 4, ... are merged pairwise, taking from the right run only when it is strictly less,
    // so equal items keep their order.
    std::vector<size_t> order(n);
    for (size_t k = 0; k < n; ++k) order[k] = k;
    std::vector<size_t> merged(n);
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            const size_t mid = std::min(lo + width, n);
            const size_t hi = std::min(mid + width, n);
            size_t left = lo;
            size_t right = mid;
            for (size_t out = lo; out < hi; ++out) {
                const bool take_right =
                    right < hi && (left == mid || less(context, order[right], order[left]));
                merged[out] = order[take_right ? right++ : left++];
            }
        }
        order.swap(merged);
    }
    // Apply the permutation one cycle at a time: each swap puts one item in its place.
    for (size_t start = 0; start < n; ++start) {
        size_t at = start;
        while (order[at] != start) {
            const size_t from = order[at];
            swap(context, at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

}  // namespace kg::sort_detail
