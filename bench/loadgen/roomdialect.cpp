// The benchmark room protocol over WebSocket (bench/protocol.md, `room`): what the peers speak.

#include "dialect.h"
#include "jsonscan.h"

namespace loadgen {

namespace {

class RoomDialect : public Dialect
{
public:
    explicit RoomDialect(const DialectConfig& config)
        : m_room(config.room)
    { }

    const char* name() const override { return "room"; }

    std::string signIn(std::size_t) const override
    {
        return R"({"t":"join","room":")" + m_room + "\"}";
    }

    std::string roomSend(std::string_view body, std::uint64_t, std::size_t) const override
    {
        std::string message = R"({"t":"send","room":")" + m_room + R"(","body":")";
        message.append(body);
        return message + "\"}";
    }

    std::string echo(std::string_view body) const override
    {
        std::string message = R"({"t":"echo","body":")";
        message.append(body);
        return message + "\"}";
    }

    Event classify(std::string_view message) const override
    {
        const auto type = jsonString(message, "t");
        if (!type)
            return { EventKind::Error, message };
        if (*type == "msg")
            return { EventKind::Message, jsonString(message, "body").value_or("") };
        if (*type == "echo")
            return { EventKind::Echo, jsonString(message, "body").value_or("") };
        if (*type == "joined")
            return { EventKind::Ready, {} };
        return { EventKind::Other, *type };
    }

private:
    std::string m_room;
};

} // namespace

std::unique_ptr<Dialect> makeRoomDialect(const DialectConfig& config)
{
    return std::make_unique<RoomDialect>(config);
}

} // namespace loadgen
