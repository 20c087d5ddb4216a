// Palaver's own protocol (docs/protocol.md): /v1/ws with subprotocol palaver.v1, `auth` with a
// seeded token, `message.send` to the seeded room, `ping` as the echo.

#include "dialect.h"
#include "jsonscan.h"

#include <random>

namespace loadgen {

namespace {

class PalaverDialect : public Dialect
{
public:
    explicit PalaverDialect(const DialectConfig& config)
        : m_config(config)
    {
        // clientMsgIds must be fresh across runs on the same store (a repeat is a duplicate).
        std::mt19937_64 random { std::random_device {}() };
        m_run = std::to_string(random());
    }

    const char* name() const override { return "palaver"; }
    std::string path() const override { return "/v1/ws"; }
    std::string subprotocol() const override { return "palaver.v1"; }
    bool acksSends() const override { return true; }
    std::size_t maxEchoBody() const override { return 64; }

    std::string signIn(std::size_t index) const override
    {
        const std::string& token = m_config.tokens[index % m_config.tokens.size()];
        return R"({"type":"auth","id":"a","token":")" + token + "\"}";
    }

    std::string roomSend(std::string_view body, std::uint64_t seq, std::size_t room) const override
    {
        // The clientMsgId ends in the seq (the store scenario reads it back from the ack).
        std::string message = R"({"type":"message.send","convId":")"
            + m_config.convIds[room % m_config.convIds.size()] + R"(","clientMsgId":"lg-)" + m_run
            + '-' + std::to_string(room) + '-' + std::to_string(seq) + R"(","text":")";
        message.append(body);
        return message + "\"}";
    }

    std::string echo(std::string_view body) const override
    {
        std::string message = R"({"type":"ping","id":")";
        message.append(body);
        return message + "\"}";
    }

    Event classify(std::string_view message) const override
    {
        const auto type = jsonString(message, "type");
        if (!type)
            return { EventKind::Error, message };
        if (*type == "message")
            return { EventKind::Message, jsonString(message, "text").value_or("") };
        if (*type == "ack")
            return { EventKind::Ack, jsonString(message, "clientMsgId").value_or("") };
        if (*type == "pong")
            return { EventKind::Echo, jsonString(message, "id").value_or("") };
        if (*type == "welcome")
            return { EventKind::Ready, {} };
        if (*type == "error")
            return { EventKind::Error, message };
        return { EventKind::Other, *type };
    }

private:
    DialectConfig m_config;
    std::string m_run;
};

} // namespace

std::unique_ptr<Dialect> makePalaverDialect(const DialectConfig& config)
{
    return std::make_unique<PalaverDialect>(config);
}

} // namespace loadgen
