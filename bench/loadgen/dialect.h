#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace loadgen {

/// What a message from the server means to a scenario.
enum class EventKind {
    Ready, ///< signed in (palaver `welcome`) or joined (room `joined`, raw `j`)
    Ack, ///< the server took a send (palaver `ack`)
    Message, ///< a room message; `body` is what was sent
    Echo, ///< the answer to an echo (palaver `pong`); `body` is what was sent
    Error, ///< the server refused something; `body` says what
    Other, ///< anything else (palaver `read`, `presence`, …): counted, not checked
};

struct Event
{
    EventKind kind = EventKind::Other;
    std::string_view body;
};

/// What the dialects need to know about the run.
struct DialectConfig
{
    std::string room = "bench"; ///< room and raw: the room name
    std::vector<std::string> convIds; ///< palaver: the seeded rooms (bench-seed --rooms)
    std::vector<std::string> tokens; ///< palaver: one session token per seeded user
};

/// One protocol the load generator speaks: how a connection signs in or joins, how a room send
/// and an echo look, and what each message from the server is. Messages are without transport
/// framing (the connection adds the WebSocket frame or the line end).
class Dialect
{
public:
    virtual ~Dialect() = default;
    virtual const char* name() const = 0;
    /// False: plain TCP lines (raw), no upgrade.
    virtual bool websocket() const { return true; }
    virtual std::string path() const { return "/"; }
    virtual std::string subprotocol() const { return {}; }
    /// The first message of connection number `index` (its sign-in or join).
    virtual std::string signIn(std::size_t index) const = 0;
    /// A message to room number `room` (palaver: the seeded rooms; the others have one room)
    /// with `body`; `seq` makes it unique in that room where the protocol wants that.
    virtual std::string roomSend(
        std::string_view body, std::uint64_t seq, std::size_t room = 0) const = 0;
    /// An echo request carrying `body`.
    virtual std::string echo(std::string_view body) const = 0;
    /// Whether a room send is answered with an Ack to the sender (besides its own Message).
    virtual bool acksSends() const { return false; }
    /// The longest echo body the protocol carries (palaver: a request id, 64 characters).
    virtual std::size_t maxEchoBody() const { return 1u << 20; }
    virtual Event classify(std::string_view message) const = 0;
};

/// "palaver", "room" or "raw"; nothing for another name.
std::unique_ptr<Dialect> makeDialect(std::string_view name, const DialectConfig& config);

std::unique_ptr<Dialect> makePalaverDialect(const DialectConfig& config);
std::unique_ptr<Dialect> makeRoomDialect(const DialectConfig& config);
std::unique_ptr<Dialect> makeRawDialect(const DialectConfig& config);

} // namespace loadgen
