// Fuzzes the protocol codec with frames as a hostile peer sends them: the client-message decoder
// the server runs on every frame (with the default limits and with tight ones), the server-message
// decoder the client runs, and the /v1/info body. A frame either decodes or gives an error the peer
// can be told; what decodes survives encode → decode unchanged.

#include "fuzzsupport.h"

#include "protocol/codec.h"

using namespace palaver::protocol;

namespace {

template<typename Message> void checkDecoded(const Decoded<Message>& decoded)
{
    if (decoded.ok())
        return;
    FUZZ_CHECK(!decoded.error.message.isEmpty());
    FUZZ_CHECK(decoded.error.id.size() <= field::maxIdChars);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    palaver::fuzz::quietQtLogging();
    const QByteArray frame(reinterpret_cast<const char*>(data), qsizetype(size));

    const Limits tight { 256, 8 };
    for (const Limits& limits : { Limits {}, tight }) {
        const Decoded<ClientMessage> client = decodeClientMessage(frame, limits);
        checkDecoded(client);
        if (client.ok()) {
            const Decoded<ClientMessage> again
                = decodeClientMessage(encode(*client.message), limits);
            FUZZ_CHECK(again.ok() && *again.message == *client.message);
        }
    }

    const Decoded<ServerMessage> server = decodeServerMessage(frame);
    checkDecoded(server);
    if (server.ok()) {
        const Decoded<ServerMessage> again = decodeServerMessage(encode(*server.message));
        FUZZ_CHECK(again.ok() && *again.message == *server.message);
    }

    if (const std::optional<ServerInfo> info = decodeServerInfo(frame))
        FUZZ_CHECK(decodeServerInfo(encodeServerInfo(*info)) == info);
    return 0;
}
