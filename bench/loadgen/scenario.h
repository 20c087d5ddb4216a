#pragma once

#include "dialect.h"
#include "histogram.h"
#include "options.h"
#include "pool.h"
#include "procstats.h"
#include "report.h"

#include <functional>

namespace loadgen {

/// What every scenario runs with.
struct Context
{
    const Options& options;
    const Dialect& dialect;
    Target target;
    std::size_t identities = 0; ///< palaver: seeded tokens (connection i uses i mod this); 0: any
};

Row runFanout(const Context& context);
Row runEcho(const Context& context);
Row runIdle(const Context& context);
Row runStore(const Context& context);
Row runRelay(const Context& context);
Row runChurn(const Context& context);

// Pieces the scenarios share.

/// A row with the scenario, the dialect and the parameters every scenario has.
Row startRow(const Context& context);
/// Runs scenario `S` (a Handler with `S(context, row)` and `run(Pool&)`) on a fresh pool and
/// returns the row it filled in.
template<class S> Row runScenario(const Context& context, Row row)
{
    S scenario(context, row);
    Pool pool(context.target, context.dialect, scenario);
    scenario.run(pool);
    return row;
}
/// Opens connections 0 … count-1 within the phase timeout and adds `open_seconds`; false (the row
/// invalid, saying why) when they did not all open.
bool openAll(Pool& pool, const Context& context, std::size_t count, Row& row);
/// The parameters of the scenarios that send to rooms: messages, warmup, in_flight.
void addSendParams(Row& row, const Options& options);
/// Runs `pool` until `done()`, failing (false, `why`) when a connection fails or `progress()`
/// stays the same for the phase timeout.
bool runBounded(Pool& pool, const Context& context, const std::function<bool()>& done,
    const std::function<std::uint64_t()>& progress, std::string* why);
/// What the room scenarios (fanout, churn) do with what a chat member hears: the sender's acks
/// are counted; an ack to a receiver, a server error or anything else makes the row invalid.
/// True when `event` is a room message, for the caller to check.
bool isRoomMessage(Row& row, const Event& event, bool fromSender, std::uint64_t* acks);
/// Latency percentiles in microseconds under `prefix` (latency_us_p50 …).
void addLatency(JsonObject& figures, const std::string& prefix, const Histogram& histogram);
/// Wall time and CPU of a window under `prefix` (…_seconds, …_server_cpu_pct,
/// …_loadgen_cpu_pct); flags the window and the row (…_loadgen_saturated, loadgen_saturated)
/// when the load generator itself was over 90 % busy, so the figure may be its limit rather than
/// the server's.
void addWindow(Row& row, const std::string& prefix, const Window& window);

} // namespace loadgen
