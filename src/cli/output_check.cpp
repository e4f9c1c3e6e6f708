#include "output_check.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "command.h"

namespace kg::cli {

int finish_output(int exit_code) {
    // errno is not cleared first: a write that failed earlier (a full buffer flushed mid-run)
    // left its reason there, and the final flush may have nothing left to fail on.
    std::cout.flush();
    const bool stream_ok = static_cast<bool>(std::cout);
    const bool flushed = std::fflush(stdout) == 0;
    const int err = errno;
    if (stream_ok && flushed && !std::ferror(stdout)) return exit_code;
    std::fprintf(stderr, "keygrader: cannot write the output: %s\n",
                 err ? std::strerror(err) : "write failed");
    return kExitOutput;
}

}  // namespace kg::cli
