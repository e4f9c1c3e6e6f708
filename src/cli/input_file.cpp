// See input_file.h. POSIX calls rather than iostreams: an ifstream cannot be told "stop
// after N bytes" cheaply, blocks forever opening a FIFO without a writer, and reads
// /dev/zero until the memory is gone.
#include "input_file.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/limits.h"

namespace kg::cli {

namespace {

namespace limits = kg::limits;

// Everything this process has read so far (kMaxRunBytes bounds it).
size_t g_run_bytes = 0;

double env_seconds(const char* name, double fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    char* end = nullptr;
    const double s = std::strtod(v, &end);
    // Not a positive number of seconds: the default (a typo must not mean "wait forever").
    if (end == v || *end != '\0' || !(s > 0) || s > 86400) return fallback;
    return s;
}

std::string seconds_text(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g s", s);
    return buf;
}

const char* special_kind(mode_t mode) {
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return nullptr;
}

// Closes the descriptor on every return path (the CLI is built without exceptions).
struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

bool too_large(const std::string& path, size_t size, std::string& error) {
    if (size > limits::kMaxFileBytes) {
        error = path + ": " + limits::file_too_large(size);
        return true;
    }
    if (g_run_bytes + size > limits::kMaxRunBytes) {
        error = path + ": " + limits::run_too_large(g_run_bytes + size);
        return true;
    }
    return false;
}

// A regular file: read to its end, or to one byte past the cap (st_size can be wrong: files
// of /proc say 0, a file can grow while it is read).
bool read_regular(const std::string& path, int fd, off_t st_size, std::string& out, std::string& error) {
    if (st_size > 0 && too_large(path, static_cast<size_t>(st_size), error)) return false;
    // O_NONBLOCK has no effect on regular files, but clear it anyway for NFS and friends.
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    out.clear();
    if (st_size > 0) out.reserve(static_cast<size_t>(st_size));
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            error = "cannot read " + path + ": " + std::strerror(errno);
            return false;
        }
        if (n == 0) break;
        out.append(buf, static_cast<size_t>(n));
        if (too_large(path, out.size(), error)) return false;
    }
    return true;
}

// A FIFO, opened without blocking: poll() for data with the idle wait, read what comes,
// stop at the cap or the total wait. On Linux a FIFO no writer ever opened polls as idle
// (no POLLHUP), so "nobody writes" ends as the idle wait, not as an empty file.
bool read_fifo(const std::string& path, int fd, std::string& out, std::string& error) {
    using clock = std::chrono::steady_clock;
    const double idle = input_wait_seconds();
    const double total = input_total_seconds();
    const clock::time_point start = clock::now();
    out.clear();
    char buf[1 << 16];
    for (;;) {
        const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
        if (elapsed >= total) {
            error = path + ": a pipe still open after " + seconds_text(total) +
                    " (the limit, KG_INPUT_TOTAL_SECONDS): not loaded";
            return false;
        }
        const double wait = std::min(idle, total - elapsed);
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(wait * 1000.0) + 1);
        if (ready < 0) {
            if (errno == EINTR) continue;
            error = "cannot read " + path + ": " + std::strerror(errno);
            return false;
        }
        if (ready == 0) {
            if (wait < idle) continue;   // the total wait ran out: said at the loop's top
            error = path + (out.empty() ? ": a pipe that delivered nothing for "
                                        : ": a pipe that stopped delivering (without closing) for ") +
                    seconds_text(idle) + " (the limit, KG_INPUT_WAIT_SECONDS): not loaded";
            return false;
        }
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            error = "cannot read " + path + ": " + std::strerror(errno);
            return false;
        }
        if (n == 0) return true;   // the writer closed it: the end
        out.append(buf, static_cast<size_t>(n));
        if (too_large(path, out.size(), error)) return false;
    }
}

}  // namespace

double input_wait_seconds() { return env_seconds("KG_INPUT_WAIT_SECONDS", limits::kInputWaitSeconds); }
double input_total_seconds() { return env_seconds("KG_INPUT_TOTAL_SECONDS", limits::kInputTotalSeconds); }

bool path_exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

bool read_input_file(const std::string& path, std::string& out, std::string& error) {
    // Decide by type before opening: opening some devices has effects, and a FIFO opened
    // for blocking reads waits for a writer forever.
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
        // A missing file keeps the message it always had; other reasons are said.
        error = "cannot open " + path + (errno == ENOENT ? "" : std::string(": ") + std::strerror(errno));
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        error = path + ": is a directory, not a file";
        return false;
    }
    if (const char* kind = special_kind(st.st_mode)) {
        error = path + ": " + kind + ", not a file (only files and pipes are read): refused";
        return false;
    }
    Fd file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
    if (file.fd < 0) {
        error = "cannot open " + path + ": " + std::strerror(errno);
        return false;
    }
    // The path may have been replaced between stat and open: judge what was opened.
    if (::fstat(file.fd, &st) != 0) {
        error = "cannot read " + path + ": " + std::strerror(errno);
        return false;
    }
    bool ok = false;
    if (S_ISREG(st.st_mode)) {
        ok = read_regular(path, file.fd, st.st_size, out, error);
    } else if (S_ISFIFO(st.st_mode)) {
        ok = read_fifo(path, file.fd, out, error);
    } else if (S_ISDIR(st.st_mode)) {
        error = path + ": is a directory, not a file";
    } else {
        const char* kind = special_kind(st.st_mode);
        error = path + ": " + (kind ? kind : "neither a file nor a pipe") +
                ", not a file (only files and pipes are read): refused";
    }
    if (!ok) {
        out.clear();
        out.shrink_to_fit();
        return false;
    }
    g_run_bytes += out.size();
    return true;
}

}  // namespace kg::cli
