#include "store/eventcodec.h"

#include "protocol/codec.h"

namespace palaver::server {

QByteArray encodeEvent(const protocol::Event& event)
{
    return protocol::encode(protocol::toServerMessage(event));
}

std::optional<protocol::Event> decodeEvent(const QByteArray& payload)
{
    const auto decoded = protocol::decodeServerMessage(payload);
    if (!decoded.ok())
        return std::nullopt;
    return std::visit(
        [](const auto& m) -> std::optional<protocol::Event> {
            using T = std::decay_t<decltype(m)>;
            if constexpr (
                std::is_same_v<T,
                    protocol::
                        MessageEvent> || std::is_same_v<T, protocol::GenerationStart> || std::is_same_v<T, protocol::GenerationEnd>)
                return protocol::Event(m);
            else
                return std::nullopt;
        },
        *decoded.message);
}

} // namespace palaver::server
