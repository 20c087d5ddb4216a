#pragma once

#include "chat/fanout.h"
#include "protocol/messages.h"

namespace palaver::server {

class Access;
class Membership;

/// `typing`: relayed at once to the other members' connections (not the typist's own), never
/// stored. Success has no answer; an outsider gets `not_found` like for any other request.
class TypingRelay
{
public:
    TypingRelay(Membership& membership, Access& access, Fanout& fanout);

    void typing(const SessionRef& session, const protocol::TypingRequest& request);

private:
    Membership& m_membership;
    Access& m_access;
    Fanout& m_fanout;
};

} // namespace palaver::server
