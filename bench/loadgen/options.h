#pragma once

#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace loadgen {

/// The command line of palaver-loadgen (see usage()).
struct Options
{
    std::string scenario; ///< fanout, echo or idle
    std::string dialect = "palaver";
    std::string host = "127.0.0.1";
    std::uint16_t port = 8765;
    std::string path; ///< empty: the dialect's (/v1/ws for palaver, / otherwise)
    std::string tokensFile; ///< palaver: bench-seed's output
    std::string room = "bench";
    std::size_t connections = 10; ///< fanout: receivers; echo: clients; idle: idle connections
    std::uint64_t messages = 1000; ///< fanout: measured sends; echo: round trips per client
    std::uint64_t warmup = 100;
    std::uint64_t inFlight = 1;
    std::size_t bodyBytes = 64;
    double idleSeconds = 5;
    std::size_t busyClients = 10;
    double busySeconds = 2;
    pid_t serverPid = 0;
    std::vector<std::string> sources;
    std::size_t rampConcurrency = 32;
    double timeoutSeconds = 30; ///< per phase: opening, and any stretch without progress
    std::string label; ///< copied into the row (e.g. which server ran)
};

std::string usage();

/// Parses argv; on a mistake returns false with `error` set. `help` is set for --help.
bool parseOptions(int argc, char** argv, Options* options, bool* help, std::string* error);

} // namespace loadgen
