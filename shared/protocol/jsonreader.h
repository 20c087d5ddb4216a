#pragma once

#include "protocol/errorcode.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace palaver::protocol {

/// Reads typed fields out of one JSON object and remembers the first validation failure, so a
/// decoder reads every field straight through and checks ok() once at the end.
class JsonReader
{
public:
    explicit JsonReader(QJsonObject object);

    /// A string field that must be present. Longer than maxChars fails with `overLimit`.
    QString requiredString(QLatin1StringView key, int maxChars, bool allowEmpty = false,
        ErrorCode overLimit = ErrorCode::BadRequest);
    std::optional<QString> optionalString(
        QLatin1StringView key, int maxChars, ErrorCode overLimit = ErrorCode::BadRequest);
    qint64 requiredInteger(QLatin1StringView key, qint64 min, qint64 max);
    std::optional<qint64> optionalInteger(QLatin1StringView key, qint64 min, qint64 max);
    bool optionalBool(QLatin1StringView key, bool fallback);
    QJsonObject requiredObject(QLatin1StringView key);
    std::optional<QJsonObject> optionalObject(QLatin1StringView key);
    QJsonArray requiredArray(QLatin1StringView key);
    /// An optional array of non-empty strings: at most maxItems of at most maxChars each.
    QStringList optionalStringList(QLatin1StringView key, int maxItems, int maxChars);
    /// Reads an enum through its wire names (see enums.h).
    template<typename Enum, typename Parse>
    Enum requiredEnum(QLatin1StringView key, Enum fallback, Parse parse)
    {
        const QString name = requiredString(key, 64);
        if (!ok())
            return fallback;
        if (const std::optional<Enum> value = parse(name))
            return *value;
        fail(ErrorCode::BadRequest,
            QStringLiteral("Field '%1' has an unknown value '%2'").arg(QString(key), name));
        return fallback;
    }
    /// Like requiredEnum; a missing or null field is `fallback` (fields added after v1 shipped).
    template<typename Enum, typename Parse>
    Enum optionalEnum(QLatin1StringView key, Enum fallback, Parse parse)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined() || value.isNull())
            return fallback;
        return requiredEnum(key, fallback, parse);
    }

    /// Records a failure unless an earlier one is already recorded.
    void fail(ErrorCode code, const QString& message);
    bool ok() const { return !m_failed; }
    ErrorCode errorCode() const { return m_code; }
    QString errorMessage() const { return m_message; }
    const QJsonObject& object() const { return m_object; }

private:
    QJsonValue present(QLatin1StringView key);

    QJsonObject m_object;
    bool m_failed = false;
    ErrorCode m_code = ErrorCode::BadRequest;
    QString m_message;
};

} // namespace palaver::protocol
