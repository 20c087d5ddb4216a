#pragma once

#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace loadgen {

/// The command line of palaver-loadgen (see usage()).
struct Options
{
    std::string scenario; ///< fanout, echo, idle, store, relay or churn
    std::string dialect = "palaver";
    std::string host = "127.0.0.1";
    std::uint16_t port = 8765;
    std::string path; ///< empty: the dialect's (/v1/ws for palaver, / otherwise)
    std::string tokensFile; ///< palaver: bench-seed's output
    std::string room = "bench";
    /// fanout: receivers; echo: clients; idle: idle connections; store: all members (senders
    /// included); relay: reply streams; churn: connections coming and going per cycle
    std::size_t connections = 10;
    std::uint64_t messages = 1000; ///< fanout, store: measured sends (per room); echo: per client
    std::size_t rooms = 1; ///< store: the seeded rooms (bench-seed --rooms)
    std::size_t cycles = 5; ///< churn: how many times the churners come and go
    std::uint64_t replyTokens = 100; ///< relay: tokens per reply
    double tokensPerSecond = 50; ///< relay: the fake upstream's pace per reply
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
