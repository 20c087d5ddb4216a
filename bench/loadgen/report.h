#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loadgen {

/// A flat JSON object written member by member (keys and strings escaped; numbers as given).
class JsonObject
{
public:
    JsonObject& add(std::string_view key, std::string_view value);
    JsonObject& add(std::string_view key, const char* value)
    {
        return add(key, std::string_view(value));
    }
    JsonObject& add(std::string_view key, std::int64_t value);
    JsonObject& add(std::string_view key, std::uint64_t value)
    {
        return add(key, std::int64_t(value));
    }
    JsonObject& add(std::string_view key, int value) { return add(key, std::int64_t(value)); }
    JsonObject& add(std::string_view key, double value);
    JsonObject& add(std::string_view key, bool value);
    JsonObject& add(std::string_view key, const JsonObject& value);
    /// Adds the member only when there is a value (null otherwise).
    JsonObject& add(std::string_view key, const std::optional<double>& value);
    std::string text() const { return '{' + m_members + '}'; }

private:
    void key(std::string_view name);
    std::string m_members;
};

/// One line of output: what ran, with which parameters, what it measured, and whether the run
/// checked out (every expected message delivered once, in order, intact).
struct Row
{
    std::string scenario;
    std::string dialect;
    JsonObject params;
    JsonObject figures;
    bool valid = true;
    std::string reason;
    /// The load generator itself was over 90 % busy in a measured window: the figures may be its
    /// limit rather than the server's (the row stays valid).
    bool loadgenSaturated = false;

    /// Marks the row invalid; the first reason stays.
    void invalidate(std::string why);
    std::string text() const;
};

} // namespace loadgen
