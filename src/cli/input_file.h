// Reading an input file for the command line, bounded (issue 14): every file the CLI reads
// goes through read_input_file, so no input can make `keygrader` hang or fill the memory.
//   - a directory, a character or block device (/dev/zero, /dev/urandom, a terminal) or a
//     socket is refused before anything is read;
//   - a regular file is read up to base/limits.h's kMaxFileBytes (64 MiB) and refused beyond;
//   - a FIFO (`<(cmd)`, mkfifo) is read as it delivers, up to the same size, but refused when
//     nothing arrives for KG_INPUT_WAIT_SECONDS (default 10: also a FIFO nobody writes to) or
//     it has not ended after KG_INPUT_TOTAL_SECONDS (default 300);
//   - everything one run reads together is bounded by kMaxRunBytes (128 MiB).
// The error is one line that starts with the path and names the limit met.
#pragma once
#include <string>

namespace kg::cli {

// false + `error` ("PATH: ...") when the file is refused or cannot be read.
bool read_input_file(const std::string& path, std::string& out, std::string& error);

// True when `path` names something that exists (any type), without opening it: opening a
// FIFO blocks until a writer comes.
bool path_exists(const std::string& path);

// The waits in effect (the environment overrides applied), in seconds.
double input_wait_seconds();
double input_total_seconds();

}  // namespace kg::cli
