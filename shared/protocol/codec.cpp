#include "protocol/codec.h"

#include "protocol/decoders.h"
#include "protocol/encoders.h"
#include "protocol/wiretypes.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace palaver::protocol {

using namespace Qt::Literals::StringLiterals;

namespace {

Error failure(ErrorCode code, const QString& message, const QString& id = QString())
{
    return Error { id, code, message, std::nullopt };
}

/// Tries each alternative of the variant `Message` whose wire type equals `type`.
template<typename Message, std::size_t... I>
bool decodeAs(const QString& type, JsonReader& in, const Limits& limits, Message& out,
    std::index_sequence<I...>)
{
    auto tryOne = [&](auto candidate) {
        using T = decltype(candidate);
        if (type != WireType<T>::value)
            return false;
        read(in, limits, candidate);
        out = candidate;
        return true;
    };
    return (tryOne(std::variant_alternative_t<I, Message> {}) || ...);
}

template<typename Message> Decoded<Message> decode(const QByteArray& frame, const Limits& limits)
{
    Decoded<Message> result;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(frame, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.error = failure(ErrorCode::BadRequest,
            u"Malformed JSON at offset %1: %2"_s.arg(parseError.offset)
                .arg(parseError.errorString()));
        return result;
    }
    if (!document.isObject()) {
        result.error = failure(ErrorCode::BadRequest, u"A frame must be a JSON object"_s);
        return result;
    }
    JsonReader in(document.object());

    // The id comes first so every later error can echo it.
    const QJsonValue idValue = in.object().value("id"_L1);
    QString id;
    if (!idValue.isUndefined()) {
        if (!idValue.isString() || idValue.toString().size() > field::maxIdChars) {
            result.error = failure(ErrorCode::BadRequest,
                u"Field 'id' must be a string of at most %1 characters"_s.arg(field::maxIdChars));
            return result;
        }
        id = idValue.toString();
    }

    const QJsonValue typeValue = in.object().value("type"_L1);
    if (!typeValue.isString() || typeValue.toString().isEmpty()) {
        result.error
            = failure(ErrorCode::BadRequest, u"Field 'type' must be a non-empty string"_s, id);
        return result;
    }
    const QString type = typeValue.toString();

    Message message;
    if (!decodeAs(
            type, in, limits, message, std::make_index_sequence<std::variant_size_v<Message>> {})) {
        result.error = failure(
            ErrorCode::Unsupported, u"Unknown message type '%1'"_s.arg(type.left(64)), id);
        return result;
    }
    if (!in.ok()) {
        result.error = failure(in.errorCode(), in.errorMessage(), id);
        return result;
    }
    result.message = std::move(message);
    return result;
}

QByteArray toFrame(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

Decoded<ClientMessage> decodeClientMessage(const QByteArray& frame, const Limits& limits)
{
    return decode<ClientMessage>(frame, limits);
}

Decoded<ServerMessage> decodeServerMessage(const QByteArray& frame)
{
    // A server's own texts are bounded by its frame size, not by the limits it sets for clients.
    Limits unbounded;
    unbounded.maxTextChars = std::numeric_limits<int>::max();
    return decode<ServerMessage>(frame, unbounded);
}

QByteArray encodeServerInfo(const ServerInfo& info)
{
    return toFrame(toJson(info));
}

std::optional<ServerInfo> decodeServerInfo(const QByteArray& body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return std::nullopt;
    JsonReader in(document.object());
    ServerInfo info;
    read(in, Limits {}, info);
    if (!in.ok())
        return std::nullopt;
    return info;
}

QByteArray encode(const ClientMessage& message)
{
    return std::visit([](const auto& m) { return toFrame(toJson(m)); }, message);
}

QByteArray encode(const ServerMessage& message)
{
    return std::visit([](const auto& m) { return toFrame(toJson(m)); }, message);
}

} // namespace palaver::protocol
