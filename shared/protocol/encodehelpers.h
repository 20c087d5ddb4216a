#pragma once

// Internal to the codec: the small pieces every encoder file builds its objects from.

#include "protocol/encoders.h"
#include "protocol/wiretypes.h"

#include <QJsonArray>
#include <QJsonObject>

namespace palaver::protocol::encoding {

/// Starts a message object with its `type` and, when non-empty, its request `id`.
template<typename T> QJsonObject message(const T& value)
{
    QJsonObject object { { QLatin1StringView("type"), WireType<T>::value.toString() } };
    if constexpr (requires { value.id; }) {
        if (!value.id.isEmpty())
            object.insert(QLatin1StringView("id"), value.id);
    }
    return object;
}

template<typename T> QJsonArray toJsonArray(const QList<T>& values)
{
    QJsonArray array;
    for (const T& value : values)
        array.append(toJson(value));
    return array;
}

inline void insertOptional(
    QJsonObject& object, QLatin1StringView key, const std::optional<QString>& value)
{
    if (value)
        object.insert(key, *value);
}

inline void insertIfNotEmpty(QJsonObject& object, QLatin1StringView key, const QString& value)
{
    if (!value.isEmpty())
        object.insert(key, value);
}

/// Times are left out rather than sent empty when unknown (e.g. `lastSeen` of someone online).
inline void insertIfValid(QJsonObject& object, QLatin1StringView key, const QDateTime& time)
{
    if (time.isValid())
        object.insert(key, toWireTime(time));
}

} // namespace palaver::protocol::encoding
