#include "report.h"

#include <cmath>
#include <cstdio>

namespace loadgen {

namespace {

std::string quoted(std::string_view text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (std::uint8_t(c) < 0x20) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04x", unsigned(std::uint8_t(c)));
            out += escape;
        } else {
            out += c;
        }
    }
    return out + '"';
}

} // namespace

void JsonObject::key(std::string_view name)
{
    if (!m_members.empty())
        m_members += ',';
    m_members += quoted(name) + ':';
}

JsonObject& JsonObject::add(std::string_view name, std::string_view value)
{
    key(name);
    m_members += quoted(value);
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, std::int64_t value)
{
    key(name);
    m_members += std::to_string(value);
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, double value)
{
    key(name);
    if (!std::isfinite(value)) {
        m_members += "null";
        return *this;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", value);
    m_members += text;
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, bool value)
{
    key(name);
    m_members += value ? "true" : "false";
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, const JsonObject& value)
{
    key(name);
    m_members += value.text();
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, const std::optional<double>& value)
{
    if (value)
        return add(name, *value);
    key(name);
    m_members += "null";
    return *this;
}

void Row::invalidate(std::string why)
{
    if (!valid)
        return;
    valid = false;
    reason = std::move(why);
}

std::string Row::text() const
{
    JsonObject row;
    row.add("scenario", scenario)
        .add("dialect", dialect)
        .add("params", params)
        .add("figures", figures)
        .add("valid", valid)
        .add("reason", reason)
        .add("loadgen_saturated", loadgenSaturated);
    return row.text();
}

} // namespace loadgen
