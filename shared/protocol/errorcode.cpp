#include "protocol/errorcode.h"

#include <array>
#include <utility>

namespace palaver::protocol {

namespace {
using namespace Qt::Literals::StringLiterals;

const std::array<std::pair<ErrorCode, QStringView>, 13> kNames { {
    { ErrorCode::BadRequest, u"bad_request" },
    { ErrorCode::Unauthorized, u"unauthorized" },
    { ErrorCode::Forbidden, u"forbidden" },
    { ErrorCode::NotFound, u"not_found" },
    { ErrorCode::Conflict, u"conflict" },
    { ErrorCode::RateLimited, u"rate_limited" },
    { ErrorCode::TooLarge, u"too_large" },
    { ErrorCode::QuotaExceeded, u"quota_exceeded" },
    { ErrorCode::Unsupported, u"unsupported" },
    { ErrorCode::UpstreamUnavailable, u"upstream_unavailable" },
    { ErrorCode::UpstreamError, u"upstream_error" },
    { ErrorCode::UpstreamTimeout, u"upstream_timeout" },
    { ErrorCode::Internal, u"internal" },
} };
} // namespace

QString errorCodeName(ErrorCode code)
{
    for (const auto& [value, name] : kNames) {
        if (value == code)
            return name.toString();
    }
    return u"internal"_s;
}

std::optional<ErrorCode> errorCodeFromName(const QString& name)
{
    for (const auto& [value, wireName] : kNames) {
        if (wireName == name)
            return value;
    }
    return std::nullopt;
}

} // namespace palaver::protocol
