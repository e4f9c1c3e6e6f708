// stable_sort_by (the one shared sort of the core) gives exactly std::stable_sort's order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "base/sort_util.h"

using namespace kg;

TEST_CASE("stable_sort_by matches std::stable_sort, ties kept in order", "[sort]") {
    std::mt19937 rng(42);
    for (int n = 0; n <= 70; ++n) {
        for (int keys : {1, 3, 1000}) {
            std::vector<std::pair<int, std::string>> items;
            for (int i = 0; i < n; ++i) {
                items.emplace_back(static_cast<int>(rng() % static_cast<unsigned>(keys)),
                                   "item " + std::to_string(i));
            }
            auto by_key = [](const std::pair<int, std::string>& a,
                             const std::pair<int, std::string>& b) { return a.first < b.first; };
            std::vector<std::pair<int, std::string>> expected = items;
            std::stable_sort(expected.begin(), expected.end(), by_key);
            stable_sort_by(items, by_key);
            REQUIRE(items == expected);
        }
    }
}

TEST_CASE("stable_sort_by sorts descending and by operator<", "[sort]") {
    std::vector<int> v{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5};
    stable_sort_by(v, [](int a, int b) { return a > b; });
    CHECK(v == std::vector<int>{9, 6, 5, 5, 5, 4, 3, 3, 2, 1, 1});

    std::vector<std::string> names{"b", "a", "c", "a"};
    stable_sort_by(names);
    CHECK(names == std::vector<std::string>{"a", "a", "b", "c"});

    std::vector<std::string> empty;
    stable_sort_by(empty);
    CHECK(empty.empty());
}
