#include "dialect.h"

namespace loadgen {

std::unique_ptr<Dialect> makeDialect(std::string_view name, const DialectConfig& config)
{
    if (name == "palaver")
        return makePalaverDialect(config);
    if (name == "room")
        return makeRoomDialect(config);
    if (name == "raw")
        return makeRawDialect(config);
    return nullptr;
}

} // namespace loadgen
