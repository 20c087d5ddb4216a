#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>

namespace loadgen {

/// CPU time of a process (user + system) in nanoseconds, from /proc/PID/stat; nothing when the
/// process is gone or unreadable.
std::optional<std::int64_t> processCpuNs(pid_t pid);
/// Resident set size of a process in bytes, from /proc/PID/status (VmRSS).
std::optional<std::int64_t> processRssBytes(pid_t pid);
/// Threads of a process, from /proc/PID/status (Threads).
std::optional<std::int64_t> processThreads(pid_t pid);
/// The load generator's own CPU time (all threads) in nanoseconds.
std::int64_t selfCpuNs();

/// Raises the soft limit on open files to the hard limit (connections are file descriptors);
/// the limit now in force.
std::uint64_t raiseFileLimit();

/// A measured stretch of a run: wall time, and CPU of the server (when its pid is known) and of
/// the load generator over it.
class Window
{
public:
    explicit Window(pid_t serverPid)
        : m_serverPid(serverPid)
    { }
    void start();
    void stop();
    double seconds() const { return double(m_wallNs) / 1e9; }
    /// Server CPU over the window in % of one core; nothing without a server pid.
    std::optional<double> serverCpuPercent() const;
    /// The load generator's CPU over the window in % of one core.
    double selfCpuPercent() const;

private:
    pid_t m_serverPid;
    std::int64_t m_startNs = 0, m_wallNs = 0;
    std::optional<std::int64_t> m_serverStart, m_serverUsed;
    std::int64_t m_selfStart = 0, m_selfUsed = 0;
};

} // namespace loadgen
