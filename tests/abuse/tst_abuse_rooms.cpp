// Room spam (issue 9): one person puts another into room after room, owns ever more rooms, and
// adds back someone who left. Capped with quota_exceeded (or rate_limited), the victim's
// conversations.list comes in bounded pages, and leaving keeps the spammer out for a while.
// Rate limits are set high here so the caps themselves are what holds. Needs the room caps,
// paged conversations.list and the leave block.
#include "abusecheck.h"
#include "abuseserver.h"
#include "abusesocket.h"

#include <QTest>
#include <memory>

using namespace palaver;
using namespace palaver::abuse;
using namespace palaver::protocol;
using namespace Qt::Literals::StringLiterals;

namespace {
constexpr int maxRoomsPerUser = 120;
constexpr int maxOwnedRooms = 150;

const QByteArray config = R"([limits]
rooms-created-burst = 5000
rooms-created-per-minute = 100000
invites-burst = 5000
invites-per-minute = 100000
connection-requests-burst = 5000
user-requests-burst = 5000
max-queued-requests-per-user = 5000
close-after-refusals = 100000
max-rooms-per-user = 120
max-owned-rooms = 150
leave-block-hours = 1
)";

std::unique_ptr<AbuseSocket> connectAs(quint16 port, const QString& name)
{
    auto socket = std::make_unique<AbuseSocket>();
    if (socket->open(port) != 101 || !socket->signIn(name, name + u"-pw"_s))
        return nullptr;
    return socket;
}

ConversationCreate room(const QString& id, const QStringList& members)
{
    ConversationCreate request;
    request.id = id;
    request.title = id;
    request.kind = ConversationKind::Room;
    request.members = members;
    return request;
}

/// Answers to requests `prefix0`..: how many succeeded and how many were refused by a cap or a
/// rate, by error code.
struct Tally
{
    int created = 0;
    int quota = 0;
    int limited = 0;
    int other = 0;
};

Tally createRooms(AbuseSocket& socket, const QString& prefix, int count, const QStringList& members)
{
    for (int i = 0; i < count; ++i)
        socket.send(room(prefix + QString::number(i), members));
    Tally tally;
    for (int i = 0; i < count; ++i) {
        const auto answer = socket.waitForAnswer(prefix + QString::number(i), 20000);
        if (answer && std::holds_alternative<ConversationReply>(*answer)) {
            ++tally.created;
        } else if (const auto* error = answer ? std::get_if<Error>(&*answer) : nullptr) {
            tally.quota += error->code == ErrorCode::QuotaExceeded ? 1 : 0;
            tally.limited += error->code == ErrorCode::RateLimited ? 1 : 0;
            tally.other
                += error->code == ErrorCode::QuotaExceeded || error->code == ErrorCode::RateLimited
                ? 0
                : 1;
        } else {
            ++tally.other;
        }
    }
    return tally;
}

/// Every conversation of the user behind `socket`, page by page.
QList<Conversation> everything(AbuseSocket& socket)
{
    QList<Conversation> all;
    std::optional<QString> cursor;
    for (int page = 0; page < 100; ++page) {
        const QString id = u"page%1"_s.arg(page);
        socket.send(ConversationsList { id, std::nullopt, cursor });
        const auto answer = socket.waitForAnswer(id, 20000);
        const auto* reply = answer ? std::get_if<ConversationsReply>(&*answer) : nullptr;
        if (!reply)
            break;
        all += reply->items;
        if (!reply->hasMore || reply->nextCursor.isEmpty())
            break;
        cursor = reply->nextCursor;
    }
    return all;
}

} // namespace

class TestAbuseRooms : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        for (const QString& name : { u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s })
            QVERIFY(m_server.addUser(name, name + u"-pw"_s));
        QVERIFY2(m_server.start(config), qPrintable(m_server.errorString()));
    }

    void cleanupTestCase() { m_server.stop(); }

    /// alice makes 200 rooms with bob in each.
    void victimIsPutIntoBoundedRooms()
    {
        auto alice = connectAs(m_server.port(), u"alice"_s);
        auto bob = connectAs(m_server.port(), u"bob"_s);
        QVERIFY(alice && bob);
        bob->setKeepMessages(false); // the pushes of 200 rooms
        const Tally tally = createRooms(*alice, u"spam"_s, 200, { u"bob"_s });
        bob->setKeepMessages(true);
        const int bobsRooms = int(everything(*bob).size());
        figure("room-spam", "rooms-created-of-200", tally.created);
        figure("room-spam", "refused-quota-exceeded", tally.quota);
        figure("room-spam", "refused-rate-limited", tally.limited);
        figure("room-spam", "victim-rooms", bobsRooms);
        QCOMPARE(tally.other, 0);
        ABUSE_BOUND(bobsRooms <= maxRoomsPerUser, u"bob is in %1 rooms"_s.arg(bobsRooms));
        ABUSE_BOUND(tally.quota + tally.limited >= 200 - maxRoomsPerUser,
            u"%1 refused"_s.arg(tally.quota + tally.limited));
    }

    /// bob's list after the spam: one bounded page at a time.
    void victimsListIsPaged()
    {
        auto bob = connectAs(m_server.port(), u"bob"_s);
        QVERIFY(bob);
        bob->send(ConversationsList { u"list"_s });
        const auto answer = bob->waitForAnswer(u"list"_s, 20000);
        const auto* reply = answer ? std::get_if<ConversationsReply>(&*answer) : nullptr;
        QVERIFY(reply);
        figure("room-spam", "victim-first-page-items", reply->items.size());
        figure("room-spam", "victim-list-frame-kib", bob->largestMessage() / 1024);
        ABUSE_BOUND(reply->items.size() <= field::defaultConversationPage,
            u"%1 items in one page"_s.arg(reply->items.size()));
        ABUSE_BOUND(reply->items.size() < field::defaultConversationPage || reply->hasMore,
            u"a full page without hasMore"_s);
        ABUSE_BOUND(bob->largestMessage() <= 256 * 1024,
            u"a %1 KiB list frame"_s.arg(bob->largestMessage() / 1024));
    }

    /// carol makes rooms of her own until the cap.
    void ownedRoomsAreCapped()
    {
        auto carol = connectAs(m_server.port(), u"carol"_s);
        QVERIFY(carol);
        const Tally tally = createRooms(*carol, u"own"_s, maxOwnedRooms + 20, {});
        figure("owned-rooms", "created-of-170", tally.created);
        figure("owned-rooms", "refused-quota-exceeded", tally.quota);
        QCOMPARE(tally.other, 0);
        ABUSE_BOUND(tally.created <= maxOwnedRooms && tally.quota + tally.limited >= 20,
            u"%1 created, %2 refused"_s.arg(tally.created).arg(tally.quota + tally.limited));
    }

    /// dave leaves a room carol put him in; carol cannot put him back, nor into another.
    void leaverIsNotAddedBack()
    {
        auto carol = connectAs(m_server.port(), u"carol"_s);
        auto dave = connectAs(m_server.port(), u"dave"_s);
        QVERIFY(carol && dave);
        // carol may be at her cap of owned rooms: free one first.
        const QList<Conversation> owned = everything(*carol);
        for (const Conversation& conversation : owned.mid(0, 2)) {
            const QString id = u"del-"_s + conversation.convId;
            carol->send(ConversationDelete { id, conversation.convId });
            QVERIFY(carol->waitForAnswer(id, 10000));
        }
        const Tally made = createRooms(*carol, u"leave"_s, 2, { u"dave"_s });
        QCOMPARE(made.created, 2);
        const QList<Conversation> rooms = everything(*dave);
        QStringList ids;
        for (const Conversation& conversation : rooms)
            ids.append(conversation.convId);
        QVERIFY(ids.size() >= 2);
        dave->send(ConversationLeave { u"leave"_s, ids.at(0) });
        QVERIFY(dave->waitForAnswer(u"leave"_s, 10000));
        // Back into the room he left, and into the other one (he is still in it: leave it too).
        carol->send(MemberInvite { u"back"_s, ids.at(0), u"dave"_s });
        const auto back = carol->waitForAnswer(u"back"_s, 10000);
        QVERIFY(back);
        const Error* refused = std::get_if<Error>(&*back);
        figure("leave-block", "re-add-answer",
            refused ? errorCodeName(refused->code) : typeName(*back));
        const Tally again = createRooms(*carol, u"again"_s, 1, { u"dave"_s });
        figure("leave-block", "new-room-with-leaver",
            again.created == 1 ? u"created"_s : u"refused"_s);
        ABUSE_BOUND(refused != nullptr, u"dave was added back to the room he left"_s);
        ABUSE_BOUND(again.created == 0, u"carol put dave into a new room right after"_s);
    }

private:
    AbuseServer m_server;
};

QTEST_GUILESS_MAIN(TestAbuseRooms)
#include "tst_abuse_rooms.moc"
