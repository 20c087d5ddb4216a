#pragma once

#include <QDateTime>
#include <QRandomGenerator>
#include <QString>
#include <QTimeZone>
#include <QUuid>

namespace palaver::server::sqlvalues {

/// A new id for a stored row (conversation, message, generation): a time-ordered UUID (version 7,
/// RFC 9562: 48 bits of ms since epoch, then 74 random bits). Ids are keys of unique indexes
/// (messages.id, generations.id, conversations.id): new ids land at the index's right edge, so a
/// group commit of 64 messages dirties one or two leaf pages of messages.id instead of up to 64
/// random ones (random version-4 ids).
inline QString newId()
{
    const quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    QRandomGenerator* random = QRandomGenerator::system();
    const quint64 a = random->generate64();
    const quint64 b = random->generate64();
    QUuid id;
    id.data1 = uint(ms >> 16);
    id.data2 = ushort(ms & 0xFFFF);
    id.data3 = ushort(0x7000 | (a & 0x0FFF)); // version 7
    id.data4[0] = uchar(0x80 | ((a >> 12) & 0x3F)); // variant 10
    for (int i = 1; i < 8; ++i)
        id.data4[i] = uchar(b >> (8 * i));
    return id.toString(QUuid::WithoutBraces);
}

/// Times are stored as UTC milliseconds.
inline QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

/// SQLite stores a null QString as NULL; the NOT NULL text columns need an empty one.
inline QString nonNull(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

} // namespace palaver::server::sqlvalues
