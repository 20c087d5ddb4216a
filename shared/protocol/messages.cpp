#include "protocol/messages.h"

#include "protocol/wiretypes.h"

namespace palaver::protocol {

QString typeName(const ClientMessage& message)
{
    return std::visit([](const auto& m) { return wireTypeOf(m); }, message);
}

QString typeName(const ServerMessage& message)
{
    return std::visit([](const auto& m) { return wireTypeOf(m); }, message);
}

QString typeName(const Event& event)
{
    return std::visit([](const auto& m) { return wireTypeOf(m); }, event);
}

QString requestId(const ClientMessage& message)
{
    return std::visit([](const auto& m) { return m.id; }, message);
}

ServerMessage toServerMessage(const Event& event)
{
    return std::visit([](const auto& e) { return ServerMessage(e); }, event);
}

qint64 seqOf(const Event& event)
{
    return std::visit([](const auto& e) { return e.seq; }, event);
}

} // namespace palaver::protocol
