#pragma once

#include "histogram.h"

#include <QMutex>
#include <QObject>

#include <cstdint>
#include <vector>

class QQuickWindow;

namespace clientbench {

/// When a window's frames start (its UpdateRequest event: before polish, sync and render) and
/// when they are on screen (frameSwapped), between start() and stop().
class FrameRecorder : public QObject
{
public:
    explicit FrameRecorder(QQuickWindow* window);

    void start();
    void stop();
    std::size_t frames() const { return m_swaps.size(); }
    /// CLOCK_MONOTONIC of the first frame on screen after `ns`; 0 when none came yet.
    std::int64_t firstSwapAfter(std::int64_t ns) const;
    /// Time between consecutive frames on screen: what a user sees as smooth or janky.
    loadgen::Histogram intervals() const;
    /// Time from a frame's start to its swap: the cost of drawing one frame.
    loadgen::Histogram renderTimes() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    mutable QMutex m_mutex; // the render loop may be threaded (QSG_RENDER_LOOP)
    bool m_recording = false;
    std::int64_t m_frameStart = 0;
    std::vector<std::int64_t> m_swaps;
    std::vector<std::int64_t> m_renderNs;
};

} // namespace clientbench
