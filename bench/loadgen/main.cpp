// palaver-loadgen: the benchmark suite's load generator (Linux, epoll, one thread). See usage()
// in options.cpp and docs/benchmarks.md.

#include "dialect.h"
#include "options.h"
#include "procstats.h"
#include "scenario.h"

#include <arpa/inet.h>
#include <csignal>
#include <fstream>
#include <iostream>

using namespace loadgen;

namespace {

bool toAddress(const std::string& host, in_addr* address)
{
    return inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host.c_str(), address) == 1;
}

/// bench-seed's tokens file: the room ids on the first line (space-separated), then one token
/// per line.
bool readTokens(const std::string& path, DialectConfig* config, std::string* error)
{
    std::ifstream file(path);
    if (!file) {
        *error = "cannot read " + path;
        return false;
    }
    std::string line;
    std::getline(file, line);
    for (std::size_t start = 0; start < line.size();) {
        const std::size_t end = std::min(line.find(' ', start), line.size());
        if (end > start)
            config->convIds.push_back(line.substr(start, end - start));
        start = end + 1;
    }
    while (std::getline(file, line)) {
        if (line.find_first_of("\"\\ ") != std::string::npos) {
            *error = path + " holds something that is not a token";
            return false;
        }
        if (!line.empty())
            config->tokens.push_back(line);
    }
    if (config->tokens.empty()) {
        *error = path + " holds no token";
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    bool help = false;
    std::string error;
    if (!parseOptions(argc, argv, &options, &help, &error)) {
        std::cerr << "palaver-loadgen: " << error << '\n';
        return 2;
    }
    if (help) {
        std::cout << usage();
        return 0;
    }
    std::signal(SIGPIPE, SIG_IGN);

    DialectConfig config;
    config.room = options.room;
    if (options.dialect == "palaver" && !readTokens(options.tokensFile, &config, &error)) {
        std::cerr << "palaver-loadgen: " << error << '\n';
        return 2;
    }
    if (options.dialect == "palaver"
        && (options.scenario == "fanout" || options.scenario == "churn")
        && config.convIds.empty()) {
        std::cerr << "palaver-loadgen: " << options.scenario
                  << " needs a room: seed with bench-seed --room\n";
        return 2;
    }
    if (options.scenario == "store" && config.convIds.size() != options.rooms) {
        std::cerr << "palaver-loadgen: store --rooms " << options.rooms << " needs as many rooms "
                  << "in the tokens file (bench-seed --room T --rooms R), not "
                  << config.convIds.size() << '\n';
        return 2;
    }
    const auto dialect = makeDialect(options.dialect, config);

    Target target;
    target.address.sin_family = AF_INET;
    target.address.sin_port = htons(options.port);
    if (!toAddress(options.host, &target.address.sin_addr)) {
        std::cerr << "palaver-loadgen: --target needs an IPv4 address, not " << options.host
                  << '\n';
        return 2;
    }
    target.hostHeader = options.host + ':' + std::to_string(options.port);
    for (const std::string& source : options.sources) {
        in_addr address {};
        if (!toAddress(source, &address)) {
            std::cerr << "palaver-loadgen: --sources needs IPv4 addresses, not " << source << '\n';
            return 2;
        }
        target.sources.push_back(address);
    }

    const std::uint64_t fileLimit = raiseFileLimit();
    Context context { options, *dialect, target, config.tokens.size() };
    // Beyond the measured connections: idle's busy clients, fanout's sender, a few spare.
    const std::size_t extra = options.scenario == "idle" || options.scenario == "churn"
        ? options.busyClients
        : options.scenario == "fanout" ? 1
                                       : 0;
    const std::size_t needed = options.connections + extra + 16;
    Row row;
    if (fileLimit < needed) {
        row = startRow(context);
        row.invalidate("the open-file limit (" + std::to_string(fileLimit) + ") is below the "
            + std::to_string(needed) + " descriptors this run needs");
    } else if (options.scenario == "fanout") {
        row = runFanout(context);
    } else if (options.scenario == "echo") {
        row = runEcho(context);
    } else if (options.scenario == "store") {
        row = runStore(context);
    } else if (options.scenario == "relay") {
        row = runRelay(context);
    } else if (options.scenario == "churn") {
        row = runChurn(context);
    } else {
        row = runIdle(context);
    }
    if (options.dialect == "palaver" && config.tokens.size() < needed - 16)
        row.params.add("tokens_reused", true); // some users hold several connections
    std::cout << row.text() << std::endl;
    return row.valid ? 0 : 1;
}
