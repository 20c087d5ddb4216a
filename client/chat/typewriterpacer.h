#pragma once

#include <QString>

namespace palaver::client {

/// Paces the reveal of a streamed reply: network bursts go in with append(), a frame clock calls
/// advance() and gets back the text to show next. The rate adapts to the backlog so the display
/// never lags far behind, and only whole grapheme clusters are revealed. Plain C++, no timers, so
/// tests drive it with explicit elapsed times.
class TypewriterPacer
{
public:
    /// Chars per second when the backlog is tiny.
    static constexpr double baseRate = 40.0;
    /// The backlog is revealed with this time constant (seconds): rate = base + backlog / lag.
    static constexpr double lagSeconds = 0.5;
    /// After finish(), everything left is shown within this time.
    static constexpr int drainMs = 250;

    /// Adds streamed text to the end of the pending buffer.
    void append(const QString& text);
    /// Moves the clock forward; returns the text revealed by this step (whole graphemes only).
    QString advance(int elapsedMs);
    /// The stream ended: nothing more will be appended, drain what is left quickly.
    void finish();
    /// Replaces the whole text (e.g. the stored final text). Keeps what is revealed when the new
    /// text extends it; otherwise the reveal restarts from the common prefix.
    void setText(const QString& fullText);
    /// Forgets everything.
    void reset();

    /// Off: every append is revealed at once by the next advance().
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }

    QString revealed() const { return m_revealed; }
    QString pending() const { return m_pending; }
    /// UTF-16 code units not yet revealed.
    int backlog() const { return int(m_pending.size()); }
    bool isFinished() const { return m_finished; }
    /// Finished and fully revealed.
    bool isDone() const { return m_finished && m_pending.isEmpty(); }

private:
    /// The end (in m_pending) of what may be revealed: all of it after finish(), else up to the
    /// last grapheme boundary before the end, since the last grapheme may still grow.
    qsizetype revealableEnd() const;
    /// The largest grapheme boundary in m_pending at or below `limit` (and <= end), or the first
    /// boundary after 0 when none fits, so a long cluster cannot stall the reveal.
    qsizetype boundaryFor(qsizetype want, qsizetype end) const;
    QString take(qsizetype count);

    QString m_revealed;
    QString m_pending;
    double m_budget = 0.0;
    double m_drainRate = 0.0;
    bool m_finished = false;
    bool m_enabled = true;
};

} // namespace palaver::client
