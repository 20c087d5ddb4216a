#include "linesplitter.h"

namespace palaver::server {

bool LineSplitter::append(QByteArrayView bytes)
{
    if (m_maxLineBytes > 0 && m_pending.size() + bytes.size() > m_maxLineBytes) {
        m_overflowed = true;
        m_pending = QByteArray(); // frees the partial line
        return false;
    }
    m_pending.append(bytes);
    return true;
}

QList<QByteArray> LineSplitter::feed(QByteArrayView bytes)
{
    QList<QByteArray> lines;
    if (m_overflowed)
        return lines;
    qsizetype start = 0;
    if (m_skipLeadingLf && !bytes.isEmpty()) {
        m_skipLeadingLf = false;
        if (bytes.front() == '\n')
            start = 1;
    }
    for (qsizetype i = start; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (c != '\n' && c != '\r')
            continue;
        // The lines completed before an overflow are still delivered.
        if (!append(bytes.sliced(start, i - start)))
            return lines;
        lines.append(std::exchange(m_pending, {}));
        if (c == '\r') {
            if (i + 1 < bytes.size()) {
                if (bytes.at(i + 1) == '\n')
                    ++i;
            } else {
                m_skipLeadingLf = true; // the "\n" of this "\r\n" may come in the next read
            }
        }
        start = i + 1;
    }
    append(bytes.sliced(start));
    return lines;
}

QList<QByteArray> LineSplitter::finish()
{
    m_skipLeadingLf = false;
    if (m_pending.isEmpty() || m_overflowed)
        return {};
    return { std::exchange(m_pending, {}) };
}

} // namespace palaver::server
