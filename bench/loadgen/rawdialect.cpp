// The benchmark room protocol as plain TCP lines (bench/protocol.md, `raw`): the ceiling, no
// WebSocket framing at all.

#include "dialect.h"

namespace loadgen {

namespace {

class RawDialect : public Dialect
{
public:
    explicit RawDialect(const DialectConfig& config)
        : m_room(config.room)
    { }

    const char* name() const override { return "raw"; }
    bool websocket() const override { return false; }

    std::string signIn(std::size_t) const override { return "J " + m_room; }

    std::string roomSend(std::string_view body, std::uint64_t, std::size_t) const override
    {
        std::string line = "S " + m_room + ' ';
        line.append(body);
        return line;
    }

    std::string echo(std::string_view body) const override
    {
        std::string line = "E ";
        line.append(body);
        return line;
    }

    Event classify(std::string_view line) const override
    {
        // "m R B", "e B", "j R N".
        if (line.size() >= 2 && line[1] == ' ') {
            const std::string_view rest = line.substr(2);
            switch (line[0]) {
            case 'm': {
                const std::size_t space = rest.find(' ');
                if (space != std::string_view::npos)
                    return { EventKind::Message, rest.substr(space + 1) };
                break;
            }
            case 'e':
                return { EventKind::Echo, rest };
            case 'j':
                return { EventKind::Ready, {} };
            default:
                return { EventKind::Other, line.substr(0, 1) };
            }
        }
        return { EventKind::Error, line };
    }

private:
    std::string m_room;
};

} // namespace

std::unique_ptr<Dialect> makeRawDialect(const DialectConfig& config)
{
    return std::make_unique<RawDialect>(config);
}

} // namespace loadgen
