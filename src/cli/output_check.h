// Output that did not arrive is a failure: with stdout closed, on a full disk (/dev/full) or a
// broken pipe, the command's writes fail silently in the stdio buffer. The program checks
// them once, at exit, and turns a lost output into a message and exit code kExitOutput.
#pragma once

namespace kg::cli {

// Flushes stdout; returns exit_code when everything written arrived, otherwise prints one line
// on stderr ("keygrader: cannot write the output: No space left on device") and returns
// kExitOutput.
int finish_output(int exit_code);

}  // namespace kg::cli
