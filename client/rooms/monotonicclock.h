#pragma once

#include <QElapsedTimer>
#include <functional>

namespace palaver::client {

/// Milliseconds on a monotonic clock, as the typing classes read time: a function, so tests can
/// hand them a fake one and move it by hand instead of waiting.
using MonotonicClock = std::function<qint64()>;

/// The real clock: milliseconds since the first call.
inline qint64 monotonicNow()
{
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    return clock.elapsed();
}

} // namespace palaver::client
