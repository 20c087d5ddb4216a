#pragma once

#include <QString>
#include <optional>

namespace palaver::protocol {

/// The stable error codes of protocol v1 (`error.code`).
enum class ErrorCode {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,
    TooLarge,
    QuotaExceeded,
    Unsupported,
    UpstreamUnavailable,
    UpstreamError,
    UpstreamTimeout,
    Internal,
};

/// The wire name, e.g. "bad_request".
QString errorCodeName(ErrorCode code);
/// Parses a wire name; an unknown name yields nothing (a newer server may add codes).
std::optional<ErrorCode> errorCodeFromName(const QString& name);

/// WebSocket close codes the protocol uses beyond the RFC 6455 ones Qt names.
namespace closecode {
constexpr int normal = 1000;
constexpr int goingAway = 1001;
constexpr int unsupportedData = 1003;
constexpr int invalidPayload = 1007;
constexpr int policyViolation = 1008;
constexpr int tooBig = 1009;
constexpr int sessionInvalid = 4401;
} // namespace closecode

} // namespace palaver::protocol
