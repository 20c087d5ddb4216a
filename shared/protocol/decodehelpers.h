#pragma once

// Internal to the codec: the small pieces every decoder file reads its fields with.

#include "protocol/decoders.h"
#include "protocol/encoders.h"

#include <limits>

namespace palaver::protocol::decoding {

inline constexpr qint64 kMaxCount = std::numeric_limits<qint32>::max();
inline constexpr qint64 kMaxSeq = 9007199254740991LL; // 2^53 - 1: exact in a JSON double
// Texts a server sends (stored replies, titles) are bounded by the frame, not by maxTextChars.
inline constexpr int kUnbounded = std::numeric_limits<int>::max();

/// Decodes a nested object into `out`; a failure inside is reported with the field's name.
template<typename T>
void readNested(
    JsonReader& in, const Limits& limits, const QJsonObject& object, QLatin1StringView key, T& out)
{
    JsonReader nested(object);
    read(nested, limits, out);
    if (!nested.ok())
        in.fail(nested.errorCode(),
            QStringLiteral("In '%1': %2").arg(QString(key), nested.errorMessage()));
}

template<typename T>
void readObject(JsonReader& in, const Limits& limits, QLatin1StringView key, T& out)
{
    const QJsonObject object = in.requiredObject(key);
    if (in.ok())
        readNested(in, limits, object, key, out);
}

template<typename T>
void readOptionalObject(
    JsonReader& in, const Limits& limits, QLatin1StringView key, std::optional<T>& out)
{
    const std::optional<QJsonObject> object = in.optionalObject(key);
    if (!object || !in.ok())
        return;
    T value;
    readNested(in, limits, *object, key, value);
    out = value;
}

template<typename T>
void readList(JsonReader& in, const Limits& limits, QLatin1StringView key, QList<T>& out)
{
    const QJsonArray array = in.requiredArray(key);
    for (const QJsonValue& item : array) {
        if (!in.ok())
            return;
        if (!item.isObject()) {
            in.fail(
                ErrorCode::BadRequest, QStringLiteral("'%1' must hold objects").arg(QString(key)));
            return;
        }
        T value;
        readNested(in, limits, item.toObject(), key, value);
        out.append(value);
    }
}

/// Like readList, for a list a sender may leave out (read as empty).
template<typename T>
void readOptionalList(JsonReader& in, const Limits& limits, QLatin1StringView key, QList<T>& out)
{
    const QJsonValue value = in.object().value(key);
    if (!value.isUndefined() && !value.isNull())
        readList(in, limits, key, out);
}

inline QString identifier(JsonReader& in, QLatin1StringView key)
{
    return in.requiredString(key, field::maxIdentifierChars);
}

inline QString requestIdOf(JsonReader& in)
{
    return in.optionalString(QLatin1StringView("id"), field::maxIdChars).value_or(QString());
}

inline QDateTime time(JsonReader& in, QLatin1StringView key)
{
    return fromWireTime(in.optionalString(key, 64).value_or(QString()));
}

} // namespace palaver::protocol::decoding
