// Reads test fixtures relative to the source tree (works natively and under node via NODERAWFS).
#pragma once
#include <fstream>
#include <sstream>
#include <string>

inline std::string fixture_path(const std::string& relative) {
    return std::string(KG_SOURCE_DIR) + "/" + relative;
}

inline std::string read_fixture(const std::string& relative) {
    std::ifstream in(fixture_path(relative), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
