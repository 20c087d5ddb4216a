#pragma once

#include <QElapsedTimer>
#include <QtGlobal>

namespace palaver::server {

/// Milliseconds on the monotonic clock the limits measure time with (never jumps with the wall
/// clock).
inline qint64 monotonicMs()
{
    static const QElapsedTimer start = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    // Offset so that a fresh bucket or entry stamped 0 is never "just now".
    return start.elapsed() + 1000000;
}

} // namespace palaver::server
