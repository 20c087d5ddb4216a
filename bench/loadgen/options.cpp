#include "options.h"

#include <cstdlib>
#include <cstring>

namespace loadgen {

std::string usage()
{
    return R"(Usage: palaver-loadgen --scenario fanout|echo|idle|store|relay|churn [options]

Drives a chat server over many connections and prints one JSON row per run on standard
output: {"scenario","dialect","params","figures","valid","reason"}. A row is valid only when
every expected message arrived exactly once, in order and intact. Every phase is bounded.

Target:
  --dialect palaver|room|raw  protocol (default palaver): Palaver's own (docs/protocol.md), or
                              the benchmark room protocol over WebSocket or TCP lines
                              (bench/protocol.md)
  --target HOST:PORT          server address (default 127.0.0.1:8765; IPv4)
  --path PATH                 WebSocket path (default /v1/ws for palaver, / otherwise)
  --tokens FILE               palaver: the file `palaver-server bench-seed --tokens-out` wrote
                              (room ids, then one token per line; connection i uses token i)
  --room NAME                 room and raw: the room to join (default bench)
  --sources IP,IP,...         local addresses to connect from, round robin (beyond ~28k
                              connections to one port)
  --server-pid PID            the server process: its CPU (/proc/PID/stat) and RSS
                              (/proc/PID/status) are measured

Scenarios:
  fanout   one sender and N receivers in one room; a send is done when every receiver and the
           sender have it. Figures: messages/s, deliveries/s, send->receive latency.
  echo     N clients, each doing round trips one after another (palaver: ping -> pong, the
           payload in the request id, at most 64 bytes). Figures: round trips/s, latency.
  idle     ramp to N signed-in (palaver) or joined connections: upgrades/s, server RSS at 0 and
           N (bytes per connection), server CPU while they sit idle, and the idle tax: the echo
           rate of the busy clients with N idle / with none.
  store    palaver only: R seeded rooms, N members spread over them (connection i in room
           (i mod tokens) mod R); in each room one sender keeps K sends waiting for their ack.
           Figures: messages/s stored (acked), server CPU us per message, ack latency.
  relay    palaver only, the server's model a palaver-fakeupstream: N connections each start an
           AI reply of L tokens at T tokens/s, all at once. Figures: added latency per token
           (arrival - the upstream's send time), send -> first token, server threads, RSS per
           stream.
  churn    C chat members (--busy-clients; connection 0 sends, one message in flight) talk in
           the room while, --cycles times, N connections sign in / join, stay 0.1 s and close.
           Figures: connects/s, chat latency meanwhile, server RSS before, after the first and
           after the last cycle (growth per cycle: a leak).

Parameters:
  --connections N             fanout: receivers; echo: clients; idle: idle connections;
                              store: members, senders included; relay: streams; churn:
                              connections per cycle (default 10)
  --messages M                fanout: measured sends; store: per room; echo: measured round
                              trips per client (default 1000)
  --rooms R                   store: the rooms bench-seed --rooms made (default 1)
  --reply-tokens L            relay: tokens per reply (default 100)
  --tokens-per-second T       relay: the upstream's pace per reply (default 50)
  --warmup W                  unmeasured sends / round trips first (default 100)
  --in-flight K               fanout: sends outstanding at once (default 1: the next send
                              when everyone has the previous one); store: sends per room
                              waiting for their ack
  --body-bytes B              payload size (default 64; e.g. 300)
  --idle-seconds S            idle: how long the idle connections sit (default 5)
  --busy-clients C            idle: echo clients for the idle tax; churn: chat members
                              (default 10)
  --cycles K                  churn: how many times the churners come and go (default 5)
  --busy-seconds S            idle: each echo-rate measurement (default 2)
  --ramp-concurrency K        connections opening at once (default 32: beyond a server's
                              listen backlog, SYNs are dropped and retried after 1 s, and
                              the ramp measures that instead)
  --timeout S                 bound of each phase without progress (default 30)
  --label TEXT                copied into params (e.g. which server this is)
  --help
)";
}

namespace {

bool toNumber(const char* text, double* value)
{
    char* end = nullptr;
    *value = std::strtod(text, &end);
    return end != text && *end == '\0' && *value >= 0;
}

template<class T> bool toInteger(const char* text, T* value)
{
    char* end = nullptr;
    const unsigned long long parsed = std::strtoull(text, &end, 10);
    if (end == text || *end != '\0' || text[0] == '-')
        return false;
    *value = T(parsed);
    return true;
}

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = text.find(',', start);
        const std::size_t end = comma == std::string::npos ? text.size() : comma;
        if (end > start)
            items.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return items;
}

} // namespace

bool parseOptions(int argc, char** argv, Options* options, bool* help, std::string* error)
{
    *help = false;
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (name == "--help" || name == "-h") {
            *help = true;
            return true;
        }
        if (i + 1 >= argc) {
            *error = name + " needs a value (or is unknown)";
            return false;
        }
        const char* value = argv[++i];
        bool ok = true;
        double seconds = 0;
        if (name == "--scenario") {
            options->scenario = value;
            ok = options->scenario == "fanout" || options->scenario == "echo"
                || options->scenario == "idle" || options->scenario == "store"
                || options->scenario == "relay" || options->scenario == "churn";
        } else if (name == "--dialect") {
            options->dialect = value;
            ok = options->dialect == "palaver" || options->dialect == "room"
                || options->dialect == "raw";
        } else if (name == "--target") {
            const std::string target = value;
            const std::size_t colon = target.rfind(':');
            std::uint32_t port = 0;
            ok = colon != std::string::npos && colon > 0
                && toInteger(target.c_str() + colon + 1, &port) && port > 0 && port < 65536;
            if (ok) {
                options->host = target.substr(0, colon);
                options->port = std::uint16_t(port);
            }
        } else if (name == "--path") {
            options->path = value;
            ok = !options->path.empty() && options->path[0] == '/';
        } else if (name == "--tokens") {
            options->tokensFile = value;
        } else if (name == "--room") {
            options->room = value;
            ok = !options->room.empty()
                && options->room.find_first_of(" \n\"\\") == std::string::npos;
        } else if (name == "--sources") {
            options->sources = splitList(value);
            ok = !options->sources.empty();
        } else if (name == "--server-pid") {
            ok = toInteger(value, &options->serverPid) && options->serverPid > 0;
        } else if (name == "--connections") {
            ok = toInteger(value, &options->connections) && options->connections > 0;
        } else if (name == "--messages") {
            ok = toInteger(value, &options->messages) && options->messages > 0;
        } else if (name == "--rooms") {
            ok = toInteger(value, &options->rooms) && options->rooms > 0
                && options->rooms <= 1000000;
        } else if (name == "--cycles") {
            ok = toInteger(value, &options->cycles) && options->cycles > 0
                && options->cycles <= 100000;
        } else if (name == "--reply-tokens") {
            ok = toInteger(value, &options->replyTokens) && options->replyTokens > 0
                && options->replyTokens <= 1000000;
        } else if (name == "--tokens-per-second") {
            ok = toNumber(value, &options->tokensPerSecond) && options->tokensPerSecond > 0
                && options->tokensPerSecond <= 1e6;
        } else if (name == "--warmup") {
            ok = toInteger(value, &options->warmup);
        } else if (name == "--in-flight") {
            ok = toInteger(value, &options->inFlight) && options->inFlight > 0;
        } else if (name == "--body-bytes") {
            ok = toInteger(value, &options->bodyBytes) && options->bodyBytes <= (1u << 19);
        } else if (name == "--idle-seconds") {
            ok = toNumber(value, &options->idleSeconds);
        } else if (name == "--busy-clients") {
            ok = toInteger(value, &options->busyClients) && options->busyClients > 0;
        } else if (name == "--busy-seconds") {
            ok = toNumber(value, &options->busySeconds) && options->busySeconds > 0;
        } else if (name == "--ramp-concurrency") {
            ok = toInteger(value, &options->rampConcurrency) && options->rampConcurrency > 0;
        } else if (name == "--timeout") {
            ok = toNumber(value, &seconds) && seconds > 0;
            options->timeoutSeconds = seconds;
        } else if (name == "--label") {
            options->label = value;
        } else {
            *error = "unknown option " + name + " (try --help)";
            return false;
        }
        if (!ok) {
            *error = "bad value for " + name + ": " + value;
            return false;
        }
    }
    if (options->scenario.empty()) {
        *error = "--scenario fanout|echo|idle|store|relay|churn is required (try --help)";
        return false;
    }
    if ((options->scenario == "store" || options->scenario == "relay")
        && options->dialect != "palaver") {
        *error = "--scenario " + options->scenario + " needs the palaver dialect";
        return false;
    }
    if (options->dialect == "palaver" && options->tokensFile.empty()) {
        *error = "the palaver dialect needs --tokens FILE (palaver-server bench-seed)";
        return false;
    }
    return true;
}

} // namespace loadgen
