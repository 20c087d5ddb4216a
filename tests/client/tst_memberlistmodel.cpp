#include "rooms/memberlistmodel.h"

#include "testmessages.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::MemberListModel;
namespace protocol = palaver::protocol;
using palaver::test::member;

namespace {

QStringList names(const MemberListModel& model)
{
    QStringList result;
    for (int i = 0; i < model.rowCount(); ++i)
        result << model.index(i).data(MemberListModel::NameRole).toString();
    return result;
}

} // namespace

/// The member panel's model: the assistant first, then the owner, then by name; presence in
/// place; the assistant writing while a reply streams.
class TstMemberListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void orderAndRoles();
    void presenceChangesInPlace();
    void joinResets();
    void writingOnlyOnTheAssistant();
    void emptyForNothingOpen();

private:
    std::unique_ptr<MemberListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QList<protocol::Member> m_people;
};

void TstMemberListModel::init()
{
    m_model = std::make_unique<MemberListModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto carol = member(
        u"u3"_s, u"carol"_s, protocol::MemberRole::Member, protocol::PresenceState::Offline);
    carol.lastSeen = QDateTime(QDate(2026, 11, 20), QTime(18, 0), Qt::UTC);
    m_people = { member(u"u2"_s, u"bob"_s), carol,
        member(u"u1"_s, u"zed"_s, protocol::MemberRole::Owner),
        member(u"u4"_s, u"alice"_s, protocol::MemberRole::Member, protocol::PresenceState::Away) };
}

void TstMemberListModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TstMemberListModel::orderAndRoles()
{
    QSignalSpy count(m_model.get(), &MemberListModel::countChanged);
    m_model->setMembers(m_people, u"u2"_s, u"Demo model"_s);
    QCOMPARE(names(*m_model),
        (QStringList { u"Demo model"_s, u"zed"_s, u"alice"_s, u"bob"_s, u"carol"_s }));
    QCOMPARE(m_model->property("count").toInt(), 5);
    QCOMPARE(count.size(), 1);
    const auto names = m_model->roleNames().values();
    for (const char* name :
        { "userId", "name", "role", "presence", "lastSeen", "isSelf", "writing" })
        QVERIFY2(names.contains(QByteArray(name)), name);

    const QModelIndex assistant = m_model->index(0);
    QCOMPARE(assistant.data(MemberListModel::RoleRole).toString(), u"assistant"_s);
    QCOMPARE(assistant.data(MemberListModel::PresenceRole).toString(), u"online"_s);
    QCOMPARE(assistant.data(MemberListModel::UserIdRole).toString(), QString());
    QCOMPARE(assistant.data(MemberListModel::IsSelfRole).toBool(), false);
    const QModelIndex owner = m_model->index(1);
    QCOMPARE(owner.data(MemberListModel::RoleRole).toString(), u"owner"_s);
    QCOMPARE(owner.data(MemberListModel::UserIdRole).toString(), u"u1"_s);
    QCOMPARE(m_model->index(2).data(MemberListModel::PresenceRole).toString(), u"away"_s);
    QCOMPARE(m_model->index(3).data(MemberListModel::IsSelfRole).toBool(), true); // bob
    QCOMPARE(m_model->index(3).data(MemberListModel::RoleRole).toString(), u"member"_s);
    // lastSeen only for someone offline.
    QCOMPARE(m_model->index(4).data(MemberListModel::PresenceRole).toString(), u"offline"_s);
    QCOMPARE(m_model->index(4).data(MemberListModel::LastSeenRole).toDateTime(),
        m_people.at(1).lastSeen);
    QVERIFY(!m_model->index(3).data(MemberListModel::LastSeenRole).toDateTime().isValid());
}

void TstMemberListModel::presenceChangesInPlace()
{
    m_model->setMembers(m_people, u"u2"_s, u"Demo"_s);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_people[1].presence = protocol::PresenceState::Online; // carol
    m_people[1].lastSeen = {};
    m_model->setMembers(m_people, u"u2"_s, u"Demo"_s);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 4);
    QCOMPARE(m_model->index(4).data(MemberListModel::PresenceRole).toString(), u"online"_s);
}

void TstMemberListModel::joinResets()
{
    m_model->setMembers(m_people, u"u2"_s, u"Demo"_s);
    QSignalSpy count(m_model.get(), &MemberListModel::countChanged);
    m_people.append(member(u"u5"_s, u"dave"_s));
    m_model->setMembers(m_people, u"u2"_s, u"Demo"_s);
    QCOMPARE(names(*m_model).last(), u"dave"_s);
    QCOMPARE(count.size(), 1);
    m_people.removeAt(0); // bob left
    m_model->setMembers(m_people, u"u2"_s, u"Demo"_s);
    QVERIFY(!names(*m_model).contains(u"bob"_s));
    QCOMPARE(m_model->rowCount(), 5);
}

void TstMemberListModel::writingOnlyOnTheAssistant()
{
    m_model->setMembers(m_people, u"u2"_s, u"Demo"_s);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setWriting(true);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
    QCOMPARE(m_model->index(0).data(MemberListModel::WritingRole).toBool(), true);
    for (int row = 1; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->index(row).data(MemberListModel::WritingRole).toBool(), false);
    m_model->setWriting(true); // no change, no signal
    QCOMPARE(changed.size(), 1);
    m_model->setWriting(false);
    QCOMPARE(m_model->index(0).data(MemberListModel::WritingRole).toBool(), false);
}

void TstMemberListModel::emptyForNothingOpen()
{
    m_model->setMembers(m_people, u"u2"_s, u"Demo"_s);
    m_model->clear();
    QCOMPARE(m_model->rowCount(), 0);
}

QTEST_GUILESS_MAIN(TstMemberListModel)
#include "tst_memberlistmodel.moc"
