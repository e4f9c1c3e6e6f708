// One stable sort shared by the whole core.
//
// Why: every std::stable_sort (and std::sort) instantiation adds 2-4 KB of code to the web
// page's wasm download, and the core sorted nine different element types. stable_sort_by()
// sorts positions with the single non-template routine in sort_util.cpp and then moves the
// items into place; each call site only adds two tiny adapter functions. The vectors sorted
// here are small (problems, findings, table rows), so the indirect comparator call costs
// nothing measurable. The result is exactly std::stable_sort's: equal items keep their order.
#pragma once
#include <cstddef>
#include <utility>
#include <vector>

namespace kg {

namespace sort_detail {
using IndexLess = bool (*)(const void* context, size_t a, size_t b);
using IndexSwap = void (*)(void* context, size_t a, size_t b);
// Stable-sorts the positions 0..n-1 by less(), then permutes the items with swap().
void stable_sort_positions(size_t n, void* context, IndexLess less, IndexSwap swap);
}  // namespace sort_detail

// Same result as std::stable_sort(items.begin(), items.end(), less).
template <class T, class Less>
void stable_sort_by(std::vector<T>& items, const Less& less) {
    struct Context {
        std::vector<T>* items;
        const Less* less;
    } context{&items, &less};
    sort_detail::stable_sort_positions(
        items.size(), &context,
        [](const void* c, size_t a, size_t b) {
            const Context& x = *static_cast<const Context*>(c);
            return static_cast<bool>((*x.less)((*x.items)[a], (*x.items)[b]));
        },
        [](void* c, size_t a, size_t b) {
            std::vector<T>& v = *static_cast<Context*>(c)->items;
            using std::swap;
            swap(v[a], v[b]);
        });
}

// Ascending by operator<.
template <class T>
void stable_sort_by(std::vector<T>& items) {
    stable_sort_by(items, [](const T& a, const T& b) { return a < b; });
}

}  // namespace kg
