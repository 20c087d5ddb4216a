#include "framerecorder.h"

#include "clock.h"

#include <QEvent>
#include <QMutexLocker>
#include <QQuickWindow>

namespace clientbench {

FrameRecorder::FrameRecorder(QQuickWindow* window)
{
    window->installEventFilter(this);
    connect(
        window, &QQuickWindow::frameSwapped, this,
        [this] {
            const std::int64_t now = loadgen::nowNs();
            QMutexLocker lock(&m_mutex);
            if (!m_recording)
                return;
            m_swaps.push_back(now);
            if (m_frameStart > 0)
                m_renderNs.push_back(now - m_frameStart);
            m_frameStart = 0;
        },
        Qt::DirectConnection);
}

bool FrameRecorder::eventFilter(QObject* watched, QEvent* event)
{
    // The render loop draws a frame when the window gets this event (requestUpdate()).
    if (event->type() == QEvent::UpdateRequest) {
        QMutexLocker lock(&m_mutex);
        if (m_frameStart == 0)
            m_frameStart = loadgen::nowNs();
    }
    return QObject::eventFilter(watched, event);
}

void FrameRecorder::start()
{
    QMutexLocker lock(&m_mutex);
    m_swaps.clear();
    m_renderNs.clear();
    m_frameStart = 0;
    m_recording = true;
}

void FrameRecorder::stop()
{
    QMutexLocker lock(&m_mutex);
    m_recording = false;
}

std::int64_t FrameRecorder::firstSwapAfter(std::int64_t ns) const
{
    QMutexLocker lock(&m_mutex);
    for (const std::int64_t swap : m_swaps) {
        if (swap >= ns)
            return swap;
    }
    return 0;
}

loadgen::Histogram FrameRecorder::intervals() const
{
    QMutexLocker lock(&m_mutex);
    loadgen::Histogram histogram;
    for (std::size_t i = 1; i < m_swaps.size(); ++i)
        histogram.record(m_swaps[i] - m_swaps[i - 1]);
    return histogram;
}

loadgen::Histogram FrameRecorder::renderTimes() const
{
    QMutexLocker lock(&m_mutex);
    loadgen::Histogram histogram;
    for (const std::int64_t ns : m_renderNs)
        histogram.record(ns);
    return histogram;
}

} // namespace clientbench
