#include "protocol/jsonreader.h"

#include <cmath>

namespace palaver::protocol {

namespace {
// Integers beyond 2^53 do not survive a JSON double; the protocol never needs them.
constexpr double kMaxExactDouble = 9007199254740992.0;
} // namespace

JsonReader::JsonReader(QJsonObject object)
    : m_object(std::move(object))
{ }

void JsonReader::fail(ErrorCode code, const QString& message)
{
    if (m_failed)
        return;
    m_failed = true;
    m_code = code;
    m_message = message;
}

QJsonValue JsonReader::present(QLatin1StringView key)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined())
        fail(
            ErrorCode::BadRequest, QStringLiteral("Missing required field '%1'").arg(QString(key)));
    return value;
}

QString JsonReader::requiredString(
    QLatin1StringView key, int maxChars, bool allowEmpty, ErrorCode overLimit)
{
    const QJsonValue value = present(key);
    if (value.isUndefined())
        return QString();
    if (!value.isString()) {
        fail(
            ErrorCode::BadRequest, QStringLiteral("Field '%1' must be a string").arg(QString(key)));
        return QString();
    }
    QString text = value.toString();
    if (!allowEmpty && text.isEmpty())
        fail(ErrorCode::BadRequest,
            QStringLiteral("Field '%1' must not be empty").arg(QString(key)));
    else if (text.size() > maxChars)
        fail(overLimit,
            QStringLiteral("Field '%1' is longer than %2 characters")
                .arg(QString(key))
                .arg(maxChars));
    return text;
}

std::optional<QString> JsonReader::optionalString(
    QLatin1StringView key, int maxChars, ErrorCode overLimit)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    return requiredString(key, maxChars, true, overLimit);
}

qint64 JsonReader::requiredInteger(QLatin1StringView key, qint64 min, qint64 max)
{
    const QJsonValue value = present(key);
    if (value.isUndefined())
        return min;
    const double number = value.toDouble(std::nan(""));
    if (!value.isDouble() || std::isnan(number) || std::trunc(number) != number
        || std::fabs(number) > kMaxExactDouble) {
        fail(ErrorCode::BadRequest,
            QStringLiteral("Field '%1' must be an integer").arg(QString(key)));
        return min;
    }
    const auto integer = static_cast<qint64>(number);
    if (integer < min || integer > max) {
        fail(ErrorCode::BadRequest,
            QStringLiteral("Field '%1' must be between %2 and %3")
                .arg(QString(key))
                .arg(min)
                .arg(max));
        return min;
    }
    return integer;
}

std::optional<qint64> JsonReader::optionalInteger(QLatin1StringView key, qint64 min, qint64 max)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    return requiredInteger(key, min, max);
}

bool JsonReader::optionalBool(QLatin1StringView key, bool fallback)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isBool()) {
        fail(ErrorCode::BadRequest,
            QStringLiteral("Field '%1' must be true or false").arg(QString(key)));
        return fallback;
    }
    return value.toBool();
}

QJsonObject JsonReader::requiredObject(QLatin1StringView key)
{
    const QJsonValue value = present(key);
    if (!value.isUndefined() && !value.isObject())
        fail(ErrorCode::BadRequest,
            QStringLiteral("Field '%1' must be an object").arg(QString(key)));
    return value.toObject();
}

std::optional<QJsonObject> JsonReader::optionalObject(QLatin1StringView key)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    return requiredObject(key);
}

QJsonArray JsonReader::requiredArray(QLatin1StringView key)
{
    const QJsonValue value = present(key);
    if (!value.isUndefined() && !value.isArray())
        fail(
            ErrorCode::BadRequest, QStringLiteral("Field '%1' must be an array").arg(QString(key)));
    return value.toArray();
}

QStringList JsonReader::optionalStringList(QLatin1StringView key, int maxItems, int maxChars)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull())
        return {};
    const QJsonArray array = requiredArray(key);
    if (!ok())
        return {};
    if (array.size() > maxItems) {
        fail(ErrorCode::BadRequest,
            QStringLiteral("Field '%1' holds more than %2 entries")
                .arg(QString(key))
                .arg(maxItems));
        return {};
    }
    QStringList strings;
    for (const QJsonValue& item : array) {
        const QString text = item.toString();
        if (!item.isString() || text.isEmpty() || text.size() > maxChars) {
            fail(ErrorCode::BadRequest,
                QStringLiteral("Field '%1' must hold non-empty strings of at most %2 characters")
                    .arg(QString(key))
                    .arg(maxChars));
            return {};
        }
        strings.append(text);
    }
    return strings;
}

} // namespace palaver::protocol
