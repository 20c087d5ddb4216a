#include "procstats.h"

#include "clock.h"

#include <fstream>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

namespace loadgen {

std::optional<std::int64_t> processCpuNs(pid_t pid)
{
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (pid <= 0 || !std::getline(file, line))
        return std::nullopt;
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const std::size_t close = line.rfind(')');
    if (close == std::string::npos)
        return std::nullopt;
    std::istringstream fields(line.substr(close + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    // Field 3 (state) is the first here; utime and stime are fields 14 and 15.
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14)
            utime = std::stoull(field);
        else if (i == 15)
            stime = std::stoull(field);
    }
    if (!fields)
        return std::nullopt;
    const long ticks = sysconf(_SC_CLK_TCK);
    return std::int64_t((utime + stime) * (nsPerSecond / ticks));
}

namespace {

/// The number after `key` (e.g. "VmRSS:") in /proc/PID/status.
std::optional<std::int64_t> statusField(pid_t pid, const std::string& key)
{
    std::ifstream file("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (pid > 0 && std::getline(file, line)) {
        if (line.rfind(key, 0) == 0)
            return std::int64_t(std::stoll(line.substr(key.size())));
    }
    return std::nullopt;
}

} // namespace

std::optional<std::int64_t> processRssBytes(pid_t pid)
{
    const auto kb = statusField(pid, "VmRSS:"); // "VmRSS:   1234 kB"
    return kb ? std::optional<std::int64_t>(*kb * 1024) : std::nullopt;
}

std::optional<std::int64_t> processThreads(pid_t pid)
{
    return statusField(pid, "Threads:");
}

std::int64_t selfCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return std::int64_t(ts.tv_sec) * nsPerSecond + ts.tv_nsec;
}

std::uint64_t raiseFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 0;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur;
}

void Window::start()
{
    m_serverStart = processCpuNs(m_serverPid);
    m_selfStart = selfCpuNs();
    m_startNs = nowNs();
}

void Window::stop()
{
    m_wallNs = nowNs() - m_startNs;
    m_selfUsed = selfCpuNs() - m_selfStart;
    const auto serverNow = processCpuNs(m_serverPid);
    m_serverUsed
        = m_serverStart && serverNow ? std::optional(*serverNow - *m_serverStart) : std::nullopt;
}

std::optional<double> Window::serverCpuPercent() const
{
    if (!m_serverUsed || m_wallNs <= 0)
        return std::nullopt;
    return 100.0 * double(*m_serverUsed) / double(m_wallNs);
}

double Window::selfCpuPercent() const
{
    return m_wallNs > 0 ? 100.0 * double(m_selfUsed) / double(m_wallNs) : 0.0;
}

} // namespace loadgen
