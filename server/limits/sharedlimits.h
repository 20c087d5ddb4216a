#pragma once

#include "limits/connectionadmission.h"
#include "limits/offenderlog.h"
#include "limits/ratelimiter.h"
#include "limits/sendbudget.h"
#include "limits/serverlimits.h"

namespace palaver::server {

/// The limit state every network worker shares, all of it thread-safe: connection counts, the
/// per-user and per-address rate limits, the send budget, and the log of who hit which limit.
struct SharedLimits
{
    SharedLimits(const ServerLimits& limits, SendBudget& budget, OffenderLog& offenders)
        : limits(limits)
        , admission(limits.connections)
        , userRequests(limits.requests.perUser)
        , messages(limits.requests.messages)
        , typing(limits.requests.typing)
        , presence(limits.requests.presence)
        , roomCreation(limits.requests.roomCreation)
        , invites(limits.requests.invites)
        , registrations(limits.signIn.registrations)
        , sendBudget(budget)
        , offenders(offenders)
    { }

    const ServerLimits limits;
    ConnectionAdmission admission;
    RateLimiter userRequests; ///< by user id
    RateLimiter messages; ///< by user id
    RateLimiter typing; ///< by user id
    RateLimiter presence; ///< by user id
    RateLimiter roomCreation; ///< by user id
    RateLimiter invites; ///< by user id
    RateLimiter registrations; ///< by client address
    SendBudget& sendBudget;
    OffenderLog& offenders;
};

} // namespace palaver::server
