#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>
#include <QUuid>

namespace palaver::server::sqlvalues {

/// A new random id for a stored row (conversation, message, generation).
inline QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
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
