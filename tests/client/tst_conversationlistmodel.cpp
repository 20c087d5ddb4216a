#include "chat/conversationlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ConversationListModel;
namespace protocol = palaver::protocol;

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

QTEST_GUILESS_MAIN(TstConversationListModel)
#include "tst_conversationlistmodel.moc"
