#include "chat/conversationlistmodel.h"

#include "testmessages.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ConversationListModel;
namespace protocol = palaver::protocol;
using palaver::test::member;

namespace {

const QDateTime kBase = QDateTime(QDate(2026, 11, 21), QTime(10, 0), Qt::UTC);

protocol::Conversation conv(const QString& id, int minutes, const QString& title = {})
{
    protocol::Conversation c;
    c.convId = id;
    c.title = title.isEmpty() ? u"Title "_s + id : title;
    c.model = u"demo"_s;
    c.updatedAt = kBase.addSecs(minutes * 60);
    return c;
}

protocol::Conversation room(const QString& id, int minutes, const QString& title = {})
{
    auto c = conv(id, minutes, title);
    c.kind = protocol::ConversationKind::Room;
    c.members = { member(u"u1"_s, u"ada"_s, protocol::MemberRole::Owner), member(u"u2"_s, u"bob"_s),
        member(u"u3"_s, u"carol"_s) };
    return c;
}

protocol::Conversation dm(const QString& id, int minutes)
{
    auto c = conv(id, minutes, u""_s);
    c.title.clear();
    c.kind = protocol::ConversationKind::Dm;
    c.role = protocol::MemberRole::Member;
    c.members = { member(u"u1"_s, u"ada"_s),
        member(u"u2"_s, u"bob"_s, protocol::MemberRole::Member, protocol::PresenceState::Away) };
    return c;
}

QVariant roleOf(const ConversationListModel& model, const QString& convId, int role)
{
    return model.index(model.rowOf(convId)).data(role);
}

QStringList order(const ConversationListModel& model)
{
    QStringList ids;
    for (int i = 0; i < model.rowCount(); ++i)
        ids << model.data(model.index(i), ConversationListModel::ConvIdRole).toString();
    return ids;
}

} // namespace

/// The conversation list: ordering by updatedAt, upsert, remove and the request signals.
class TstConversationListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void roles();
    void setSortsNewestFirst();
    void upsertInsertsInOrder();
    void upsertMovesAndUpdates();
    void upsertKeepsRowWhenOrderHolds();
    void removeById();
    void noteEventBumpsConversation();
    void invokablesOnlyRequest();
    void sortsByKindThenNewest();
    void roomRoles();
    void dmShowsTheOtherPerson();
    void dmBeforeTheServerSaysWhoWeAre();
    void unreadCountsOthersOnce();
    void unreadNotCountedInFront();
    void ownMessageReadsEverythingBefore();
    void markReadClearsAndNeverMovesBack();
    void readPushes();
    void presenceReachesEveryConversationOfThatPerson();

private:
    std::unique_ptr<ConversationListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TstConversationListModel::init()
{
    m_model = std::make_unique<ConversationListModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TstConversationListModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TstConversationListModel::roles()
{
    const auto names = m_model->roleNames().values();
    for (const char* name : { "convId", "title", "model", "updatedAt", "lastSeq" })
        QVERIFY2(names.contains(QByteArray(name)), name);
    auto c = conv(u"a"_s, 1, u"Hello"_s);
    c.lastSeq = 7;
    m_model->upsert(c);
    const QModelIndex i = m_model->index(0);
    QCOMPARE(i.data(ConversationListModel::TitleRole).toString(), u"Hello"_s);
    QCOMPARE(i.data(ConversationListModel::ModelRole).toString(), u"demo"_s);
    QCOMPARE(i.data(ConversationListModel::LastSeqRole).toLongLong(), 7);
    QCOMPARE(i.data(ConversationListModel::UpdatedAtRole).toDateTime(), c.updatedAt);
}

void TstConversationListModel::setSortsNewestFirst()
{
    QSignalSpy count(m_model.get(), &ConversationListModel::countChanged);
    m_model->setConversations({ conv(u"a"_s, 1), conv(u"b"_s, 3), conv(u"c"_s, 2) });
    QCOMPARE(order(*m_model), (QStringList { u"b"_s, u"c"_s, u"a"_s }));
    QCOMPARE(m_model->property("count").toInt(), 3);
    QCOMPARE(count.size(), 1);
}

void TstConversationListModel::upsertInsertsInOrder()
{
    m_model->setConversations({ conv(u"a"_s, 1), conv(u"c"_s, 3) });
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->upsert(conv(u"b"_s, 2));
    QCOMPARE(order(*m_model), (QStringList { u"c"_s, u"b"_s, u"a"_s }));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 1);
    m_model->upsert(conv(u"d"_s, 9));
    QCOMPARE(order(*m_model).first(), u"d"_s);
}

void TstConversationListModel::upsertMovesAndUpdates()
{
    m_model->setConversations({ conv(u"a"_s, 1), conv(u"b"_s, 2), conv(u"c"_s, 3) });
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->upsert(conv(u"a"_s, 10, u"Renamed"_s));
    QCOMPARE(order(*m_model), (QStringList { u"a"_s, u"c"_s, u"b"_s }));
    QCOMPARE(m_model->index(0).data(ConversationListModel::TitleRole).toString(), u"Renamed"_s);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(m_model->rowCount(), 3);
    // And back down.
    m_model->upsert(conv(u"a"_s, 0));
    QCOMPARE(order(*m_model), (QStringList { u"c"_s, u"b"_s, u"a"_s }));
}

void TstConversationListModel::upsertKeepsRowWhenOrderHolds()
{
    m_model->setConversations({ conv(u"a"_s, 1), conv(u"b"_s, 2) });
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->upsert(conv(u"a"_s, 1, u"New title"_s));
    QCOMPARE(moved.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    QCOMPARE(m_model->conversation(u"a"_s)->title, u"New title"_s);
}

void TstConversationListModel::removeById()
{
    m_model->setConversations({ conv(u"a"_s, 1), conv(u"b"_s, 2) });
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    m_model->removeById(u"b"_s);
    QCOMPARE(order(*m_model), QStringList { u"a"_s });
    QCOMPARE(removed.size(), 1);
    m_model->removeById(u"nope"_s);
    QCOMPARE(removed.size(), 1);
    QVERIFY(!m_model->conversation(u"b"_s));
}

void TstConversationListModel::noteEventBumpsConversation()
{
    m_model->setConversations({ conv(u"a"_s, 1), conv(u"b"_s, 2) });
    m_model->noteEvent(u"a"_s, 5, kBase.addSecs(3600));
    QCOMPARE(order(*m_model), (QStringList { u"a"_s, u"b"_s }));
    QCOMPARE(m_model->conversation(u"a"_s)->lastSeq, 5);
    // An older seq never lowers lastSeq.
    m_model->noteEvent(u"a"_s, 3, {});
    QCOMPARE(m_model->conversation(u"a"_s)->lastSeq, 5);
}

void TstConversationListModel::invokablesOnlyRequest()
{
    m_model->setConversations({ conv(u"a"_s, 1) });
    QSignalSpy create(m_model.get(), &ConversationListModel::createRequested);
    QSignalSpy rename(m_model.get(), &ConversationListModel::renameRequested);
    QSignalSpy remove(m_model.get(), &ConversationListModel::removeRequested);
    QVERIFY(QMetaObject::invokeMethod(
        m_model.get(), "createConversation", Q_ARG(QString, u" Trip "_s)));
    QVERIFY(QMetaObject::invokeMethod(
        m_model.get(), "rename", Q_ARG(QString, u"a"_s), Q_ARG(QString, u"Plans"_s)));
    QVERIFY(QMetaObject::invokeMethod(m_model.get(), "remove", Q_ARG(QString, u"a"_s)));
    QCOMPARE(create.size(), 1);
    QCOMPARE(create.first().at(0).toString(), u"Trip"_s);
    QCOMPARE(rename.first().at(1).toString(), u"Plans"_s);
    QCOMPARE(remove.first().at(0).toString(), u"a"_s);
    // The list waits for the server.
    QCOMPARE(m_model->rowCount(), 1);
}

void TstConversationListModel::sortsByKindThenNewest()
{
    // Rooms, then DMs, then AI chats; newest first inside each kind, whatever the dates say
    // across kinds.
    m_model->setConversations(
        { conv(u"ai-new"_s, 50), room(u"r-old"_s, 1), dm(u"d1"_s, 5), room(u"r-new"_s, 9) });
    QCOMPARE(order(*m_model), (QStringList { u"r-new"_s, u"r-old"_s, u"d1"_s, u"ai-new"_s }));
    // A new AI chat never jumps above the rooms; a newer room goes first among them.
    m_model->upsert(conv(u"ai-newest"_s, 99));
    m_model->upsert(room(u"r-newest"_s, 2));
    QCOMPARE(order(*m_model),
        (QStringList {
            u"r-new"_s, u"r-newest"_s, u"r-old"_s, u"d1"_s, u"ai-newest"_s, u"ai-new"_s }));
    // A live event moves a room up inside the rooms only.
    m_model->noteEvent(u"r-old"_s, 1, kBase.addSecs(100 * 60));
    QCOMPARE(order(*m_model).first(), u"r-old"_s);
    QCOMPARE(order(*m_model).indexOf(u"ai-newest"_s), 4);
    QCOMPARE(m_model->roleNames().value(ConversationListModel::KindRole), QByteArray("kind"));
    // The newest of any kind is what opens after sign-in.
    QCOMPARE(m_model->newestConvId(), u"r-old"_s);
    m_model->upsert(conv(u"ai-latest"_s, 200));
    QCOMPARE(m_model->newestConvId(), u"ai-latest"_s);
    QCOMPARE(order(*m_model).indexOf(u"ai-latest"_s), 4);
}

void TstConversationListModel::roomRoles()
{
    const auto names = m_model->roleNames().values();
    for (const char* name :
        { "kind", "displayTitle", "unread", "isOwner", "peerPresence", "memberCount" })
        QVERIFY2(names.contains(QByteArray(name)), name);
    m_model->setSelf(u"u1"_s, u"ada"_s);
    auto r = room(u"r"_s, 1, u"Book club"_s);
    r.unread = 4;
    auto a = conv(u"a"_s, 2, u"Private"_s);
    m_model->setConversations({ r, a });
    QCOMPARE(roleOf(*m_model, u"r"_s, ConversationListModel::KindRole).toString(), u"room"_s);
    QCOMPARE(roleOf(*m_model, u"r"_s, ConversationListModel::DisplayTitleRole).toString(),
        u"Book club"_s);
    QCOMPARE(roleOf(*m_model, u"r"_s, ConversationListModel::UnreadRole).toInt(), 4);
    QCOMPARE(roleOf(*m_model, u"r"_s, ConversationListModel::IsOwnerRole).toBool(), true);
    QCOMPARE(
        roleOf(*m_model, u"r"_s, ConversationListModel::PeerPresenceRole).toString(), QString());
    QCOMPARE(roleOf(*m_model, u"r"_s, ConversationListModel::MemberCountRole).toInt(), 3);
    QCOMPARE(roleOf(*m_model, u"a"_s, ConversationListModel::KindRole).toString(), u"ai"_s);
    QCOMPARE(roleOf(*m_model, u"a"_s, ConversationListModel::MemberCountRole).toInt(), 0);
    QCOMPARE(m_model->totalUnread(), 4);
    QCOMPARE(m_model->property("totalUnread").toInt(), 4);
}

void TstConversationListModel::dmShowsTheOtherPerson()
{
    m_model->setSelf(u"u1"_s, u"ada"_s);
    m_model->setConversations({ dm(u"d"_s, 1) });
    QCOMPARE(roleOf(*m_model, u"d"_s, ConversationListModel::KindRole).toString(), u"dm"_s);
    QCOMPARE(
        roleOf(*m_model, u"d"_s, ConversationListModel::DisplayTitleRole).toString(), u"bob"_s);
    QCOMPARE(
        roleOf(*m_model, u"d"_s, ConversationListModel::PeerPresenceRole).toString(), u"away"_s);
    QCOMPARE(roleOf(*m_model, u"d"_s, ConversationListModel::IsOwnerRole).toBool(), false);
    // Seen from bob's side the same DM shows ada.
    m_model->setSelf(u"u2"_s, u"bob"_s);
    QCOMPARE(
        roleOf(*m_model, u"d"_s, ConversationListModel::DisplayTitleRole).toString(), u"ada"_s);
    QCOMPARE(
        roleOf(*m_model, u"d"_s, ConversationListModel::PeerPresenceRole).toString(), u"online"_s);
}

void TstConversationListModel::dmBeforeTheServerSaysWhoWeAre()
{
    // From the cache at start only the user name is known (any case).
    m_model->setSelf({}, u"Ada"_s);
    m_model->setConversations({ dm(u"d"_s, 1) });
    QCOMPARE(
        roleOf(*m_model, u"d"_s, ConversationListModel::DisplayTitleRole).toString(), u"bob"_s);
}

void TstConversationListModel::unreadCountsOthersOnce()
{
    using Source = ConversationListModel::EventSource;
    m_model->setSelf(u"u1"_s, u"ada"_s);
    auto r = room(u"r"_s, 1);
    r.lastSeq = 10;
    r.lastReadSeq = 8;
    r.unread = 2;
    m_model->setConversations({ r, conv(u"a"_s, 2) });
    QSignalSpy total(m_model.get(), &ConversationListModel::totalUnreadChanged);
    m_model->noteEvent(u"r"_s, 11, {}, Source::Others);
    QCOMPARE(roleOf(*m_model, u"r"_s, ConversationListModel::UnreadRole).toInt(), 3);
    // The same event again (live, then from a sync) and an older one count nothing.
    m_model->noteEvent(u"r"_s, 11, {}, Source::Others);
    m_model->noteEvent(u"r"_s, 9, {}, Source::Others);
    QCOMPARE(roleOf(*m_model, u"r"_s, ConversationListModel::UnreadRole).toInt(), 3);
    // A reply's end is not a message.
    m_model->noteEvent(u"r"_s, 12, {}, Source::Neutral);
    QCOMPARE(roleOf(*m_model, u"r"_s, ConversationListModel::UnreadRole).toInt(), 3);
    QCOMPARE(m_model->conversation(u"r"_s)->lastSeq, 12);
    m_model->noteEvent(u"a"_s, 1, {}, Source::Others);
    QCOMPARE(m_model->totalUnread(), 4);
    QCOMPARE(total.size(), 2);
}

void TstConversationListModel::unreadNotCountedInFront()
{
    using Source = ConversationListModel::EventSource;
    m_model->setConversations({ room(u"r"_s, 1), room(u"s"_s, 2) });
    m_model->setInFront(u"r"_s);
    m_model->noteEvent(u"r"_s, 1, {}, Source::Others);
    m_model->noteEvent(u"s"_s, 1, {}, Source::Others);
    QCOMPARE(roleOf(*m_model, u"r"_s, ConversationListModel::UnreadRole).toInt(), 0);
    QCOMPARE(roleOf(*m_model, u"s"_s, ConversationListModel::UnreadRole).toInt(), 1);
    // Nothing in front (the window went inactive): it counts again.
    m_model->setInFront({});
    m_model->noteEvent(u"r"_s, 2, {}, Source::Others);
    QCOMPARE(roleOf(*m_model, u"r"_s, ConversationListModel::UnreadRole).toInt(), 1);
}

void TstConversationListModel::ownMessageReadsEverythingBefore()
{
    using Source = ConversationListModel::EventSource;
    auto r = room(u"r"_s, 1);
    r.lastSeq = 5;
    r.unread = 3;
    r.lastReadSeq = 2;
    m_model->setConversations({ r });
    m_model->noteEvent(u"r"_s, 6, {}, Source::Own);
    QCOMPARE(roleOf(*m_model, u"r"_s, ConversationListModel::UnreadRole).toInt(), 0);
    QCOMPARE(m_model->conversation(u"r"_s)->lastReadSeq, 6);
    QCOMPARE(m_model->totalUnread(), 0);
}

void TstConversationListModel::markReadClearsAndNeverMovesBack()
{
    auto r = room(u"r"_s, 1);
    r.lastSeq = 7;
    r.lastReadSeq = 3;
    r.unread = 2;
    m_model->setConversations({ r });
    QVERIFY(m_model->markRead(u"r"_s, 7));
    QCOMPARE(m_model->conversation(u"r"_s)->lastReadSeq, 7);
    QCOMPARE(m_model->conversation(u"r"_s)->unread, 0);
    QVERIFY(!m_model->markRead(u"r"_s, 7)); // there already
    QVERIFY(!m_model->markRead(u"r"_s, 4)); // never back
    QCOMPARE(m_model->conversation(u"r"_s)->lastReadSeq, 7);
    QVERIFY(!m_model->markRead(u"nope"_s, 1));
}

void TstConversationListModel::readPushes()
{
    m_model->setSelf(u"u1"_s, u"ada"_s);
    auto r = room(u"r"_s, 1);
    r.lastSeq = 9;
    r.unread = 5;
    m_model->setConversations({ r });
    // Our own marker moved on another device: the server's unread wins.
    m_model->applyRead(protocol::ReadEvent { u"r"_s, u"u1"_s, 7, 2 });
    QCOMPARE(m_model->conversation(u"r"_s)->unread, 2);
    QCOMPARE(m_model->conversation(u"r"_s)->lastReadSeq, 7);
    QCOMPARE(m_model->totalUnread(), 2);
    // Someone else's marker: their member entry, not our count.
    m_model->applyRead(protocol::ReadEvent { u"r"_s, u"u2"_s, 9, std::nullopt });
    QCOMPARE(m_model->conversation(u"r"_s)->unread, 2);
    QCOMPARE(m_model->conversation(u"r"_s)->members.at(1).lastReadSeq, 9);
    // A marker never moves back.
    m_model->applyRead(protocol::ReadEvent { u"r"_s, u"u2"_s, 4, std::nullopt });
    QCOMPARE(m_model->conversation(u"r"_s)->members.at(1).lastReadSeq, 9);
}

void TstConversationListModel::presenceReachesEveryConversationOfThatPerson()
{
    m_model->setSelf(u"u1"_s, u"ada"_s);
    m_model->setConversations({ room(u"r"_s, 1), dm(u"d"_s, 2), conv(u"a"_s, 3) });
    QSignalSpy members(m_model.get(), &ConversationListModel::membersChanged);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    const QDateTime seen = kBase.addSecs(-600);
    m_model->applyPresence(
        protocol::PresenceEvent { { u"u2"_s, u"bob"_s }, protocol::PresenceState::Offline, seen });
    QCOMPARE(
        roleOf(*m_model, u"d"_s, ConversationListModel::PeerPresenceRole).toString(), u"offline"_s);
    QCOMPARE(
        m_model->conversation(u"r"_s)->members.at(1).presence, protocol::PresenceState::Offline);
    QCOMPARE(m_model->conversation(u"r"_s)->members.at(1).lastSeen, seen);
    QCOMPARE(members.size(), 2); // the room and the DM, not the AI chat
    QCOMPARE(changed.size(), 2);
    // Back online: lastSeen no longer applies.
    m_model->applyPresence(
        protocol::PresenceEvent { { u"u2"_s, u"bob"_s }, protocol::PresenceState::Online, {} });
    QVERIFY(!m_model->conversation(u"d"_s)->members.at(1).lastSeen.isValid());
    QCOMPARE(
        roleOf(*m_model, u"d"_s, ConversationListModel::PeerPresenceRole).toString(), u"online"_s);
}

QTEST_GUILESS_MAIN(TstConversationListModel)
#include "tst_conversationlistmodel.moc"
