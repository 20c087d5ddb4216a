#pragma once

#include "limits/serverlimits.h"
#include "protocol/enums.h"
#include "protocol/errorcode.h"
#include "store/conversationstore.h"

#include <QList>
#include <QString>
#include <functional>
#include <optional>

namespace palaver::server {

class ChatStore;
class Membership;

/// Who may put whom where (RoomLimits): the caps on rooms a person owns, members of a room, rooms
/// and DMs a person is in and private AI chats (`quota_exceeded`), and the block after someone
/// leaves (`forbidden`): nobody adds them back to that conversation, and whoever had added them
/// adds them nowhere, for `leaveBlockHours`. Counts come from indexed queries and the Membership
/// cache. Lives in the hub's thread.
class RoomRules
{
public:
    /// Why a request is refused, as the error the caller gets.
    struct Refusal
    {
        protocol::ErrorCode code = protocol::ErrorCode::Forbidden;
        QString message;
    };
    /// Someone to be added (ids to check, names to say).
    struct Person
    {
        QString id;
        QString name;
    };

    RoomRules(const RoomLimits& limits, ChatStore& store, Membership& membership);

    /// Why `creatorId` may not create a conversation of `kind` with `others` (the people they
    /// name, without themselves); nothing when they may.
    std::optional<Refusal> refuseCreate(
        const QString& creatorId, protocol::ConversationKind kind, const QList<Person>& others);
    /// Why `inviterId` may not add `user` to the room `convId` (they are not in it yet);
    /// nothing when they may.
    std::optional<Refusal> refuseInvite(
        const QString& inviterId, const QString& convId, const Person& user);
    /// How a leave happening now is remembered (nothing, when leaveBlockHours is 0).
    LeaveBlockTimes leaveBlock() const;

    /// Tests: the clock (ms since epoch) the blocks are recorded and checked against.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

private:
    std::optional<Refusal> refuseLeaver(
        const QString& adderId, const QString& convId, const Person& user);
    std::optional<Refusal> refuseFull(const QList<Person>& people);
    qint64 now() const;

    RoomLimits m_limits;
    ChatStore& m_store;
    Membership& m_membership;
    std::function<qint64()> m_clock;
};

} // namespace palaver::server
