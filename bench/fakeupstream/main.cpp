// palaver-fakeupstream: a fake OpenAI-compatible model server for the benchmark suite's relay
// scenario (docs/benchmarks.md). `palaver-fakeupstream [PORT]` (0 or none: any free port) listens
// on 127.0.0.1, prints `listening PORT`, and ends on SIGTERM or SIGINT. Each reply streams the
// tokens `SEQ@NS ` (NS: CLOCK_MONOTONIC when it was sent) as its prompt's `fakeupstream
// tokens=L tps=T` asks.

#include "upstreamserver.h"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <sys/signalfd.h>

int main(int argc, char** argv)
{
    unsigned long port = 0;
    if (argc > 2 || (argc == 2 && std::string(argv[1]) == "--help")) {
        std::cout << "Usage: palaver-fakeupstream [PORT]\n";
        return argc == 2 ? 0 : 2;
    }
    if (argc == 2) {
        char* end = nullptr;
        port = std::strtoul(argv[1], &end, 10);
        if (*end != '\0' || port > 65535) {
            std::cerr << "palaver-fakeupstream: bad port " << argv[1] << '\n';
            return 2;
        }
    }
    // The stop signals arrive on a descriptor the loop watches, never in the middle of a write.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    sigprocmask(SIG_BLOCK, &stopSignals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    const int stopFd = signalfd(-1, &stopSignals, SFD_CLOEXEC);

    fakeupstream::UpstreamServer server;
    std::string error;
    const std::uint16_t listening = server.listen(std::uint16_t(port), &error);
    if (listening == 0 || stopFd < 0) {
        std::cerr << "palaver-fakeupstream: cannot listen: " << error << '\n';
        return 1;
    }
    std::cout << "listening " << listening << std::endl;
    server.run(stopFd);
    return 0;
}
