#pragma once

#include <optional>
#include <string_view>

namespace loadgen {

/// Just enough JSON for the few fields the load generator reads: the value of the first member
/// named `key`, at any depth, in document order. Strings inside values are skipped properly, so a
/// key spelled inside some text is never taken for a member. Not a validator: the servers under
/// test are trusted to send JSON; a frame it cannot read simply yields nothing.

/// A string member's raw contents (escapes left as they are: the fields read never hold any).
std::optional<std::string_view> jsonString(std::string_view json, std::string_view key);
/// An integer member.
std::optional<long long> jsonInteger(std::string_view json, std::string_view key);

} // namespace loadgen
