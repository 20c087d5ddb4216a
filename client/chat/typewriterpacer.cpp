#include "chat/typewriterpacer.h"

#include <QTextBoundaryFinder>

#include <algorithm>

namespace palaver::client {

void TypewriterPacer::append(const QString& text)
{
    m_pending += text;
    if (m_finished)
        m_drainRate = std::max(m_drainRate, m_pending.size() * 1000.0 / drainMs);
}

void TypewriterPacer::finish()
{
    m_finished = true;
    m_drainRate = std::max(baseRate, m_pending.size() * 1000.0 / drainMs);
}

void TypewriterPacer::setText(const QString& fullText)
{
    if (fullText.startsWith(m_revealed)) {
        m_pending = fullText.mid(m_revealed.size());
    } else {
        // The stored text disagrees with what is shown: keep the common prefix, cut back to a
        // grapheme boundary, and reveal the rest from there.
        qsizetype common = 0;
        while (common < m_revealed.size() && common < fullText.size()
            && m_revealed.at(common) == fullText.at(common))
            ++common;
        QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, fullText);
        finder.setPosition(common);
        if (!finder.isAtBoundary())
            common = std::max<qsizetype>(0, finder.toPreviousBoundary());
        m_revealed = fullText.left(common);
        m_pending = fullText.mid(common);
    }
    if (m_finished)
        m_drainRate = std::max(baseRate, m_pending.size() * 1000.0 / drainMs);
}

void TypewriterPacer::reset()
{
    m_revealed.clear();
    m_pending.clear();
    m_budget = 0.0;
    m_drainRate = 0.0;
    m_finished = false;
}

void TypewriterPacer::setEnabled(bool enabled)
{
    m_enabled = enabled;
}

QString TypewriterPacer::advance(int elapsedMs)
{
    if (m_pending.isEmpty()) {
        m_budget = 0.0;
        return {};
    }
    if (!m_enabled) {
        m_budget = 0.0;
        return take(m_pending.size());
    }
    const qsizetype end = revealableEnd();
    double rate = baseRate + m_pending.size() / lagSeconds;
    if (m_finished)
        rate = std::max(rate, m_drainRate);
    const double step = rate * std::max(0, elapsedMs) / 1000.0;
    m_budget += step;
    if (end == 0) {
        // Waiting for the rest of a grapheme: don't save up for a big jump later.
        m_budget = std::min(m_budget, std::max(1.0, step));
        return {};
    }
    if (m_budget < 1.0)
        return {};
    const qsizetype want = std::min<qsizetype>(end, qsizetype(m_budget));
    const qsizetype count = boundaryFor(want, end);
    // A cluster longer than the budget is revealed whole; the debt is paid back, but never so
    // much that the reveal visibly stalls.
    m_budget = std::max(-2.0, m_budget - double(count));
    if (count < want || count == end)
        m_budget = std::min(m_budget, 1.0);
    return take(count);
}

qsizetype TypewriterPacer::revealableEnd() const
{
    if (m_finished)
        return m_pending.size();
    // A trailing high surrogate is half a code point: the finder would see it as a cluster of
    // its own and place a boundary before it that the full code point may not have.
    qsizetype complete = m_pending.size();
    if (complete > 0 && m_pending.at(complete - 1).isHighSurrogate())
        --complete;
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, m_pending.constData(), complete);
    finder.toEnd();
    const qsizetype last = finder.toPreviousBoundary();
    return std::max<qsizetype>(0, last);
}

qsizetype TypewriterPacer::boundaryFor(qsizetype want, qsizetype end) const
{
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, m_pending);
    finder.setPosition(want);
    qsizetype at = finder.isAtBoundary() ? want : finder.toPreviousBoundary();
    if (at <= 0) {
        finder.toStart();
        at = finder.toNextBoundary();
    }
    return std::clamp<qsizetype>(at, 0, end);
}

QString TypewriterPacer::take(qsizetype count)
{
    const QString chunk = m_pending.left(count);
    m_pending.remove(0, count);
    m_revealed += chunk;
    return chunk;
}

} // namespace palaver::client
