#include "roomcast.h"

#include <QSet>
#include <QTest>
#include <QTimeZone>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {

/// Small caps on an otherwise default server; the request rates are off, so a test can create
/// as much as it needs quickly.
TestServer::Options withRooms(const server::RoomLimits& rooms)
{
    TestServer::Options options;
    options.serverLimits.rooms = rooms;
    options.serverLimits.requests.roomCreation = {};
    options.serverLimits.requests.invites = {};
    return options;
}

server::RoomLimits roomLimits(int ownedRooms, int membersPerRoom, int roomsPerUser, int aiChats)
{
    server::RoomLimits rooms;
    rooms.maxOwnedRooms = ownedRooms;
    rooms.maxMembersPerRoom = membersPerRoom;
    rooms.maxRoomsPerUser = roomsPerUser;
    rooms.maxAiChatsPerUser = aiChats;
    return rooms;
}

const server::RoomLimits defaults;

} // namespace

/// The room caps (RoomLimits) and the leave block over the real hub: each refusal's code and
/// message, counts that come down again after leaving or deleting, and what nobody is refused
/// (opening a DM one already has, inviting someone who was removed). RoomCast's people: alice
/// (owns "Trip" with bob and carol; in "Books", bob's; in the DM with carol), bob, carol, dave
/// (in nothing).
class TestRoomLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { m_cast.reset(); }

    void ownedRoomsAreCapped()
    {
        QVERIFY(start(roomLimits(
            2, defaults.maxMembersPerRoom, defaults.maxRoomsPerUser, defaults.maxAiChatsPerUser)));
        const auto second = m_cast->alice->createRoom(u"Second"_s, {});
        QVERIFY(second);
        const auto refused = m_cast->alice->expectError(
            creating(u"c"_s, ConversationKind::Room, { u"dave"_s }, u"Third"_s),
            ErrorCode::QuotaExceeded);
        QVERIFY(refused);
        QCOMPARE(refused->message,
            u"You own 2 rooms, the most this server allows; delete or leave one to create "
            "another"_s);
        // Nothing was created, and dave heard nothing.
        QVERIFY(m_cast->dave->roundTrip()->items.isEmpty());
        // A DM is nobody's: it is not an owned room. Others still create theirs.
        QVERIFY(m_cast->alice->createDm(u"dave"_s));
        QVERIFY(m_cast->bob->createRoom(u"Bob's second"_s, {}));

        // Deleting one makes room for another; so does leaving one (its next member owns it).
        QVERIFY(m_cast->alice->expect<Ok>(ConversationDelete { u"d"_s, second->convId }));
        const auto third = m_cast->alice->createRoom(u"Third"_s, {});
        QVERIFY(third);
        QVERIFY(m_cast->alice->expectError(
            creating(u"c2"_s, ConversationKind::Room, {}, u"Fourth"_s), ErrorCode::QuotaExceeded));
        QVERIFY(m_cast->alice->expect<Ok>(ConversationLeave { u"l"_s, m_cast->trip.convId }));
        QVERIFY(m_cast->alice->createRoom(u"Fourth"_s, {}));
    }

    void membersPerRoomAreCapped()
    {
        QVERIFY(start(roomLimits(
            defaults.maxOwnedRooms, 4, defaults.maxRoomsPerUser, defaults.maxAiChatsPerUser)));
        QVERIFY(m_cast->server.addUser(u"erin"_s, u"erin-pw"_s));
        // Trip has alice, bob and carol: one more fits.
        QVERIFY(
            m_cast->alice->expect<Ok>(MemberInvite { u"i1"_s, m_cast->trip.convId, u"dave"_s }));
        const auto full = m_cast->alice->expectError(
            MemberInvite { u"i2"_s, m_cast->trip.convId, u"erin"_s }, ErrorCode::QuotaExceeded);
        QVERIFY(full);
        QCOMPARE(
            full->message, u"This room has 4 members, the most this server allows in a room"_s);
        // Already in is still fine: nothing changes.
        QVERIFY(m_cast->alice->expect<Ok>(MemberInvite { u"i3"_s, m_cast->trip.convId, u"bob"_s }));

        // Creating with too many people: refused whole.
        const auto tooMany = m_cast->alice->expectError(
            creating(u"c"_s, ConversationKind::Room, { u"bob"_s, u"carol"_s, u"dave"_s, u"erin"_s },
                u"Crowd"_s),
            ErrorCode::QuotaExceeded);
        QVERIFY(tooMany);
        QCOMPARE(
            tooMany->message, u"A room can have at most 4 members on this server, you included"_s);
        const auto fits
            = m_cast->alice->createRoom(u"Crowd"_s, { u"bob"_s, u"carol"_s, u"dave"_s });
        QVERIFY(fits);
        QCOMPARE(fits->members.size(), 4);

        // Someone removed (or leaving) frees a seat.
        QVERIFY(m_cast->alice->expect<Ok>(
            MemberRemove { u"r"_s, m_cast->trip.convId, m_cast->daveUser.id }));
        QVERIFY(
            m_cast->alice->expect<Ok>(MemberInvite { u"i4"_s, m_cast->trip.convId, u"erin"_s }));
        QVERIFY(m_cast->carol->expect<Ok>(ConversationLeave { u"l"_s, fits->convId }));
        QVERIFY(m_cast->alice->expect<Ok>(MemberInvite { u"i5"_s, fits->convId, u"erin"_s }));
    }

    void roomsPerPersonAreCapped()
    {
        QVERIFY(start(roomLimits(
            defaults.maxOwnedRooms, defaults.maxMembersPerRoom, 3, defaults.maxAiChatsPerUser)));
        QVERIFY(m_cast->server.addUser(u"erin"_s, u"erin-pw"_s));
        auto erin = m_cast->signIn(u"erin"_s);
        QVERIFY(erin);

        // alice is in three: she cannot start a fourth, but opens the DM she has.
        const auto own = m_cast->alice->expectError(
            creating(u"c"_s, ConversationKind::Room, {}, u"Mine"_s), ErrorCode::QuotaExceeded);
        QVERIFY(own);
        QCOMPARE(own->message,
            u"You are in 3 rooms and direct messages, the most this server allows; leave one to "
            "start another"_s);
        const auto dm = m_cast->alice->createDm(u"carol"_s);
        QVERIFY(dm);
        QCOMPARE(dm->convId, m_cast->dm.convId);
        // Nor can anyone add her: by invitation, in a new room, in a DM. The message says no more
        // than that.
        const QString aliceFull = u"alice cannot be added to more rooms or direct messages"_s;
        const auto invite = m_cast->dave->createRoom(u"Dave's"_s, {});
        QVERIFY(invite);
        const auto invited = m_cast->dave->expectError(
            MemberInvite { u"i"_s, invite->convId, u"alice"_s }, ErrorCode::QuotaExceeded);
        QVERIFY(invited);
        QCOMPARE(invited->message, aliceFull);
        const auto inRoom = erin->expectError(
            creating(u"c1"_s, ConversationKind::Room, { u"dave"_s, u"alice"_s }, u"Erin's"_s),
            ErrorCode::QuotaExceeded);
        QVERIFY(inRoom);
        QCOMPARE(inRoom->message, aliceFull);
        const auto inDm = erin->expectError(
            creating(u"c2"_s, ConversationKind::Dm, { u"alice"_s }), ErrorCode::QuotaExceeded);
        QVERIFY(inDm);
        QCOMPARE(inDm->message, aliceFull);
        QVERIFY(erin->roundTrip()->items.isEmpty()); // nothing was created

        // Private AI chats do not count.
        QVERIFY(m_cast->alice->createConversation(u"Just me"_s));
        // When she leaves one, she can be added again.
        QVERIFY(m_cast->alice->expect<Ok>(ConversationLeave { u"l"_s, m_cast->books.convId }));
        QVERIFY(m_cast->dave->expect<Ok>(MemberInvite { u"i2"_s, invite->convId, u"alice"_s }));
        QVERIFY(m_cast->alice->listed(invite->convId));
    }

    void aiChatsAreCapped()
    {
        QVERIFY(start(roomLimits(
            defaults.maxOwnedRooms, defaults.maxMembersPerRoom, defaults.maxRoomsPerUser, 2)));
        const auto first = m_cast->alice->createConversation(u"One"_s);
        QVERIFY(first);
        QVERIFY(m_cast->alice->createConversation(u"Two"_s));
        ConversationCreate third;
        third.id = u"c"_s;
        third.kind = ConversationKind::Ai;
        third.title = u"Three"_s;
        const auto refused = m_cast->alice->expectError(third, ErrorCode::QuotaExceeded);
        QVERIFY(refused);
        QCOMPARE(refused->message,
            u"You have 2 private AI chats, the most this server allows; delete one to start "
            "another"_s);
        // Rooms are not AI chats; others have their own count.
        QVERIFY(m_cast->alice->createRoom(u"Room"_s, {}));
        QVERIFY(m_cast->bob->createConversation(u"Bob's"_s));
        QVERIFY(m_cast->alice->expect<Ok>(ConversationDelete { u"d"_s, first->convId }));
        QVERIFY(m_cast->alice->createConversation(u"Three"_s));
    }

    void leavingKeepsOneFromBeingAddedBack()
    {
        QVERIFY(start(defaults));
        // alice's room "Hike" with bob; she adds dave, who leaves.
        const auto hike = m_cast->alice->createRoom(u"Hike"_s, { u"bob"_s });
        QVERIFY(hike);
        QVERIFY(m_cast->alice->expect<Ok>(MemberInvite { u"i"_s, hike->convId, u"dave"_s }));
        const qint64 leftAt = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(m_cast->dave->expect<Ok>(ConversationLeave { u"l"_s, hike->convId }));

        // alice cannot put him anywhere: back, into another room, a new one, a DM.
        const auto back = m_cast->alice->expectError(
            MemberInvite { u"i2"_s, hike->convId, u"dave"_s }, ErrorCode::Forbidden);
        QVERIFY(back);
        QVERIFY2(back->message.startsWith(u"dave left a conversation you had added them to; you "
                                          "cannot add them to one again until "_s),
            qPrintable(back->message));
        // Until a week after he left, to the minute, in UTC.
        const qint64 week = qint64(defaults.leaveBlockHours) * 3600 * 1000;
        const auto untilText = [](qint64 ms) {
            return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
                .toString(u"yyyy-MM-dd HH:mm 'UTC'"_s);
        };
        QVERIFY2(back->message.endsWith(untilText(leftAt + week))
                || back->message.endsWith(untilText(QDateTime::currentMSecsSinceEpoch() + week)),
            qPrintable(back->message));
        QVERIFY(m_cast->alice->expectError(
            MemberInvite { u"i3"_s, m_cast->trip.convId, u"dave"_s }, ErrorCode::Forbidden));
        QVERIFY(m_cast->alice->expectError(
            creating(u"c"_s, ConversationKind::Room, { u"dave"_s }, u"Again"_s),
            ErrorCode::Forbidden));
        QVERIFY(m_cast->alice->expectError(
            creating(u"c2"_s, ConversationKind::Dm, { u"dave"_s }), ErrorCode::Forbidden));
        QVERIFY(m_cast->dave->roundTrip()->items.isEmpty());

        // Nobody else puts him back into Hike: bob owns it once alice leaves.
        QVERIFY(m_cast->alice->expect<Ok>(ConversationLeave { u"l2"_s, hike->convId }));
        const auto byBob = m_cast->bob->expectError(
            MemberInvite { u"i4"_s, hike->convId, u"dave"_s }, ErrorCode::Forbidden);
        QVERIFY(byBob);
        QVERIFY2(byBob->message.startsWith(
                     u"dave left this room; nobody can add them back to it until "_s),
            qPrintable(byBob->message));
        // But bob, who never added him, may put him elsewhere; dave may still reach alice himself.
        QVERIFY(m_cast->bob->createRoom(u"Bob's"_s, { u"dave"_s }));
        QVERIFY(m_cast->dave->createDm(u"alice"_s));

        // Being removed is not leaving: bob adds carol back to Books at once.
        QVERIFY(
            m_cast->bob->expect<Ok>(MemberInvite { u"i5"_s, m_cast->books.convId, u"carol"_s }));
        QVERIFY(m_cast->bob->expect<Ok>(
            MemberRemove { u"r"_s, m_cast->books.convId, m_cast->carolUser.id }));
        QVERIFY(
            m_cast->bob->expect<Ok>(MemberInvite { u"i6"_s, m_cast->books.convId, u"carol"_s }));
    }

    void leavingADmKeepsItsStarterAway()
    {
        QVERIFY(start(defaults));
        // alice started the DM with carol; carol leaves it.
        QVERIFY(m_cast->carol->expect<Ok>(ConversationLeave { u"l"_s, m_cast->dm.convId }));
        const auto refused = m_cast->alice->expectError(
            creating(u"c"_s, ConversationKind::Dm, { u"carol"_s }), ErrorCode::Forbidden);
        QVERIFY(refused);
        QVERIFY2(refused->message.startsWith(u"carol left a conversation you had added them to"_s),
            qPrintable(refused->message));
        // carol herself may write to alice again.
        QVERIFY(m_cast->carol->createDm(u"alice"_s));
    }

    void leaveBlockCanBeSwitchedOff()
    {
        server::RoomLimits rooms;
        rooms.leaveBlockHours = 0;
        QVERIFY(start(rooms));
        QVERIFY(m_cast->bob->expect<Ok>(ConversationLeave { u"l"_s, m_cast->trip.convId }));
        QVERIFY(m_cast->alice->expect<Ok>(MemberInvite { u"i"_s, m_cast->trip.convId, u"bob"_s }));
    }

    void listComesInPages()
    {
        server::RoomLimits rooms;
        rooms.maxAiChatsPerUser = 1000;
        QVERIFY(start(rooms));
        // 250 of dave's: 200 AI chats and 50 rooms with bob (members are in the pages too).
        QSet<QString> all;
        for (int i = 0; i < 250; ++i) {
            const auto conv = i < 200 ? m_cast->dave->createConversation(u"Chat %1"_s.arg(i))
                                      : m_cast->dave->createRoom(u"Room %1"_s.arg(i), { u"bob"_s });
            QVERIFY(conv);
            all.insert(conv->convId);
        }
        QCOMPARE(all.size(), 250);

        QStringList seen;
        QString cursor;
        QString added;
        QList<int> sizes;
        for (int page = 0;; ++page) {
            ConversationsList request { m_cast->dave->nextId() };
            if (page > 0)
                request.cursor = cursor;
            const auto reply = m_cast->dave->expect<ConversationsReply>(request);
            QVERIFY(reply);
            sizes.append(int(reply->items.size()));
            QString previous = seen.isEmpty() ? QString() : seen.constLast();
            for (const Conversation& conv : reply->items) {
                QVERIFY(conv.convId > previous); // in id order
                previous = conv.convId;
                seen.append(conv.convId);
                if (conv.kind == ConversationKind::Room) {
                    QCOMPARE(conv.members.size(), 2);
                    QCOMPARE(roleOf(conv, m_cast->daveUser.id), std::optional(MemberRole::Owner));
                }
            }
            if (!reply->hasMore) {
                QVERIFY(reply->nextCursor.isEmpty());
                break;
            }
            QCOMPARE(reply->nextCursor, reply->items.constLast().convId);
            cursor = reply->nextCursor;
            // Between pages, a new conversation: the ones that were there stay in their places.
            if (page == 0) {
                const auto fresh = m_cast->dave->createConversation(u"Meanwhile"_s);
                QVERIFY(fresh);
                added = fresh->convId;
            }
        }
        QVERIFY(seen.size() == 250 || seen.size() == 251);
        QCOMPARE(QSet<QString>(seen.cbegin(), seen.cend()).size(), seen.size()); // each once
        for (const QString& convId : all)
            QVERIFY(seen.contains(convId));
        // The new one is listed only if it sorts after the first page (else its push told dave).
        QCOMPARE(seen.contains(added), added > seen.at(99));
        QCOMPARE(sizes.size(), 3);
        QCOMPARE(sizes.at(0), field::defaultConversationPage);
        QCOMPARE(sizes.at(1), field::defaultConversationPage);

        // A page size is honoured; a cursor past every id gives an empty last page; a garbage
        // cursor is just a place in the order.
        ConversationsList small { u"s"_s, 7, std::nullopt };
        const auto seven = m_cast->dave->expect<ConversationsReply>(small);
        QVERIFY(seven);
        QCOMPARE(seven->items.size(), 7);
        QVERIFY(seven->hasMore);
        const auto none = m_cast->dave->expect<ConversationsReply>(
            ConversationsList { u"n"_s, std::nullopt, u"\U0010FFFF"_s });
        QVERIFY(none);
        QVERIFY(none->items.isEmpty());
        QVERIFY(!none->hasMore);
        const auto garbage = m_cast->dave->expect<ConversationsReply>(
            ConversationsList { u"g"_s, 200, u"not a cursor"_s });
        QVERIFY(garbage);
        for (const Conversation& conv : garbage->items)
            QVERIFY(conv.convId > u"not a cursor"_s);
        // bob sees his 50 rooms and his two from the cast in one page.
        const auto bobs = m_cast->bob->expect<ConversationsReply>(
            ConversationsList { u"b"_s, 200, std::nullopt });
        QVERIFY(bobs);
        QCOMPARE(bobs->items.size(), 52);
        QVERIFY(!bobs->hasMore);
    }

private:
    bool start(const server::RoomLimits& rooms)
    {
        m_cast = std::make_unique<RoomCast>(withRooms(rooms));
        return m_cast->start();
    }

    std::unique_ptr<RoomCast> m_cast;
};

QTEST_GUILESS_MAIN(TestRoomLimits)
#include "tst_roomlimits.moc"
