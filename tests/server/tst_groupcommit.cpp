#include "testserver.h"
#include "wstestclient.h"

#include "app/server.h"
#include "chat/hub.h"
#include "store/database.h"

#include <QSqlQuery>
#include <QTest>
#include <QUuid>
#include <algorithm>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {
QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

TestServer::Options unlimitedSends()
{
    TestServer::Options options;
    options.serverLimits.requests.messages = {};
    return options;
}
} // namespace

/// The hub stores the messages that arrive together in one transaction (group commit) and
/// acknowledges and delivers them only after the commit: a burst from several people is all
/// acknowledged once each, the seqs have no gap, and history holds exactly what was delivered; a
/// send whose commit fails is answered with an error, never an ack, and reaches nobody.
class TestGroupCommit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        for (const QString& name : m_names)
            QVERIFY(m_server.addUser(name, u"pw"_s));
    }

    void init()
    {
        m_clients.clear();
        for (const QString& name : m_names) {
            auto client = std::make_unique<WsTestClient>();
            QVERIFY(client->open(m_server.url()));
            QVERIFY(client->login(name, u"pw"_s));
            m_clients.push_back(std::move(client));
        }
        const auto room = m_clients.front()->createRoom(u"Burst"_s, m_names.mid(1));
        QVERIFY(room);
        m_convId = room->convId;
        for (auto& client : m_clients)
            client->roundTrip(); // the room's push reached everyone; dropped below
        for (auto& client : m_clients)
            client->queue().clear();
    }

    void burstFromSeveralUsersIsAckedGaplessAndStored()
    {
        constexpr int perUser = 40;
        // Everyone sends everything at once, without waiting for an ack.
        QHash<QString, QString> textByClientMsgId;
        for (size_t c = 0; c < m_clients.size(); ++c) {
            for (int i = 0; i < perUser; ++i) {
                const QString clientMsgId = newUuid();
                const QString text = u"%1 says %2"_s.arg(m_names.at(qsizetype(c))).arg(i);
                textByClientMsgId.insert(clientMsgId, text);
                m_clients[c]->send(MessageSend { u"s%1"_s.arg(i), m_convId, clientMsgId, text });
            }
        }
        const int total = perUser * int(m_clients.size());

        QHash<qint64, QString> ackedMsgIdBySeq;
        for (auto& client : m_clients) {
            for (int i = 0; i < perUser; ++i) {
                const auto ack = client->waitFor<Ack>();
                QVERIFY2(ack, qPrintable(client->describeQueue()));
                QVERIFY(!ack->duplicate);
                QCOMPARE(ack->id, u"s%1"_s.arg(i)); // one user's requests are answered in order
                QVERIFY(textByClientMsgId.contains(ack->clientMsgId));
                QVERIFY(!ackedMsgIdBySeq.contains(ack->seq));
                ackedMsgIdBySeq.insert(ack->seq, ack->msgId);
            }
            QVERIFY(client->takeAll<Error>().isEmpty());
        }
        QCOMPARE(ackedMsgIdBySeq.size(), total);

        // Every member received every message once, in seq order, with no gap.
        QList<MessageEvent> delivered;
        for (auto& client : m_clients) {
            QList<MessageEvent> events;
            while (events.size() < total) {
                const auto event = client->waitFor<MessageEvent>();
                QVERIFY2(event, qPrintable(client->describeQueue()));
                events.append(*event);
            }
            QVERIFY(client->roundTrip());
            QVERIFY(client->takeAll<MessageEvent>().isEmpty());
            for (qsizetype i = 0; i < events.size(); ++i) {
                const MessageEvent& event = events.at(i);
                QCOMPARE(event.seq, i + 1);
                QCOMPARE(event.message.msgId, ackedMsgIdBySeq.value(event.seq));
                QCOMPARE(event.message.text, textByClientMsgId.value(event.message.clientMsgId));
            }
            if (delivered.isEmpty())
                delivered = events;
        }

        // History is what was delivered.
        const auto history = m_clients.front()->expect<HistoryReply>(
            HistoryRequest { u"h"_s, m_convId, std::nullopt, field::maxHistoryLimit });
        QVERIFY(history);
        QCOMPARE(history->events.size(), total);
        for (qsizetype i = 0; i < total; ++i) {
            const auto* stored = std::get_if<MessageEvent>(&history->events.at(i));
            QVERIFY(stored);
            QCOMPARE(*stored, delivered.at(i));
        }

        // A resend of any of them is acknowledged as the original, once.
        const auto daves = std::find_if(delivered.crbegin(), delivered.crend(),
            [&](const MessageEvent& e) { return e.message.author.name == m_names.back(); });
        QVERIFY(daves != delivered.crend());
        const auto again = m_clients.back()->expect<Ack>(
            MessageSend { u"again"_s, m_convId, daves->message.clientMsgId, daves->message.text });
        QVERIFY(again);
        QVERIFY(again->duplicate);
        QCOMPARE(again->seq, daves->seq);
        QCOMPARE(again->msgId, daves->message.msgId);
        QVERIFY(m_clients.front()->roundTrip());
        QVERIFY(m_clients.front()->takeAll<MessageEvent>().isEmpty());
    }

    void failedCommitIsAnErrorNotAnAck()
    {
        // A deferred constraint that the message "doomed" breaks: its statements all succeed and
        // only the COMMIT fails, as a commit can (a full disk, an I/O error).
        bool armed = false;
        m_server.inServerThread([&](server::Server& s) {
            QSqlQuery q(s.hub()->database()->connection());
            armed = q.exec(u"PRAGMA foreign_keys = ON"_s)
                && q.exec(u"CREATE TABLE IF NOT EXISTS gate_parent (id INTEGER PRIMARY KEY)"_s)
                && q.exec(u"CREATE TABLE IF NOT EXISTS gate (parent INTEGER REFERENCES "
                          "gate_parent(id) DEFERRABLE INITIALLY DEFERRED)"_s)
                && q.exec(u"CREATE TRIGGER IF NOT EXISTS doom AFTER INSERT ON messages "
                          "WHEN NEW.text = 'doomed' BEGIN INSERT INTO gate VALUES (1); END"_s);
        });
        QVERIFY(armed);
        WsTestClient& alice = *m_clients.front();
        WsTestClient& bob = *m_clients.at(1);

        const QString doomedId = newUuid();
        alice.send(MessageSend { u"d"_s, m_convId, doomedId, u"doomed"_s });
        const auto answer = alice.waitForAnswer(u"d"_s);
        QVERIFY(answer);
        const auto* error = std::get_if<Error>(&*answer);
        QVERIFY2(error, qPrintable(describe(*answer)));
        QCOMPARE(error->code, ErrorCode::Internal);
        QVERIFY(bob.roundTrip());
        QVERIFY(bob.takeAll<MessageEvent>().isEmpty());
        QVERIFY(alice.takeAll<MessageEvent>().isEmpty());
        QVERIFY(alice.takeAll<Ack>().isEmpty());

        // Nothing of it stayed: the next message takes seq 1, and it alone is in history; the
        // failed one can be sent again (its clientMsgId was not kept) and is then stored.
        const auto ack = alice.expect<Ack>(MessageSend { u"f"_s, m_convId, newUuid(), u"fine"_s });
        QVERIFY(ack);
        QCOMPARE(ack->seq, 1);
        const auto event = bob.waitFor<MessageEvent>();
        QVERIFY(event);
        QCOMPARE(event->seq, 1);
        QCOMPARE(event->message.text, u"fine"_s);
        m_server.inServerThread([&](server::Server& s) {
            QSqlQuery q(s.hub()->database()->connection());
            QVERIFY(q.exec(u"DROP TRIGGER doom"_s));
        });
        const auto retried
            = alice.expect<Ack>(MessageSend { u"r"_s, m_convId, doomedId, u"doomed"_s });
        QVERIFY(retried);
        QVERIFY(!retried->duplicate);
        QCOMPARE(retried->seq, 2);
        const auto history = alice.expect<HistoryReply>(
            HistoryRequest { u"h"_s, m_convId, std::nullopt, field::maxHistoryLimit });
        QVERIFY(history);
        QCOMPARE(history->events.size(), 2);
    }

private:
    TestServer m_server { unlimitedSends() };
    const QStringList m_names { u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s };
    std::vector<std::unique_ptr<WsTestClient>> m_clients;
    QString m_convId;
};

QTEST_GUILESS_MAIN(TestGroupCommit)
#include "tst_groupcommit.moc"
