#include "rawwsclient.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QAtomicInt>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {
QAtomicInt droppedWarnings;
QtMessageHandler previousHandler = nullptr;

void watchWarnings(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (message.contains(u"stopped reading"_s))
        droppedWarnings.ref();
    previousHandler(type, context, message);
}

constexpr qint64 queueLimit = 256 * 1024;
const QString bigText = QString(30000, u'a');
} // namespace

/// The outgoing queue is bounded: a client that keeps reading gets any amount of data, one that
/// stops reading is dropped instead of growing the server's memory.
class TestSlowReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        previousHandler = qInstallMessageHandler(watchWarnings);
        TestServer::Options options;
        options.serverLimits.connections.maxQueuedBytes = queueLimit;
        m_server = std::make_unique<TestServer>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        QVERIFY(m_server->addUser(u"alice"_s, u"a"_s));
    }

    void cleanupTestCase()
    {
        m_server.reset();
        qInstallMessageHandler(previousHandler);
    }

    void readerGetsEverything()
    {
        WsTestClient client;
        QVERIFY(client.open(m_server->url()));
        QVERIFY(client.login(u"alice"_s, u"a"_s));
        client.send(ConversationCreate { u"c"_s, std::nullopt, std::nullopt, std::nullopt });
        const auto conv = client.waitFor<ConversationReply>();
        QVERIFY(conv);
        client.send(MessageSend { QString(), conv->conversation.convId, u"big-1"_s, bigText });
        QVERIFY(client.waitFor<GenerationEnd>(10000));
        // Far more than the queue limit in total, each reply read before the next is asked for.
        const int requests = 40;
        for (int i = 0; i < requests; ++i) {
            client.send(
                HistoryRequest { u"h%1"_s.arg(i), conv->conversation.convId, std::nullopt, 50 });
            const auto history = client.waitFor<HistoryReply>(10000);
            QVERIFY2(history, qPrintable(u"reply %1"_s.arg(i)));
        }
        QVERIFY(qint64(requests) * bigText.size() > 4 * queueLimit);
        QVERIFY(client.isConnected());
        QCOMPARE(droppedWarnings.loadRelaxed(), 0);
    }

    void stalledReaderIsDropped()
    {
        RawWsClient raw;
        QCOMPARE(raw.open(m_server->port()), 101);
        auto request
            = [&raw](const ClientMessage& message) { raw.sendFrame(0x1, encode(message)); };
        auto next = [&raw]() -> std::optional<ServerMessage> {
            const auto decoded = decodeServerMessage(raw.readTextFrame());
            return decoded.ok() ? decoded.message : std::nullopt;
        };
        request(Login { u"l"_s, u"alice"_s, u"a"_s });
        auto answer = next();
        QVERIFY(answer && std::holds_alternative<Welcome>(*answer));
        request(ConversationCreate { u"c"_s, std::nullopt, std::nullopt, std::nullopt });
        answer = next();
        QVERIFY(answer && std::holds_alternative<ConversationReply>(*answer));
        const QString convId = std::get<ConversationReply>(*answer).conversation.convId;
        request(MessageSend { QString(), convId, u"big-2"_s, bigText });

        const int droppedBefore = droppedWarnings.loadRelaxed();
        raw.setReadBufferSize(1024);
        for (int i = 0; i < 600; ++i)
            request(HistoryRequest { u"h%1"_s.arg(i), convId, std::nullopt, 50 });
        QTRY_VERIFY_WITH_TIMEOUT(droppedWarnings.loadRelaxed() == droppedBefore + 1, 20000);
        raw.setReadBufferSize(0);
        QVERIFY(raw.waitForDisconnected(10000));

        WsTestClient fresh;
        QVERIFY(fresh.open(m_server->url()));
        QVERIFY(fresh.login(u"alice"_s, u"a"_s));
    }

private:
    std::unique_ptr<TestServer> m_server;
};

QTEST_GUILESS_MAIN(TestSlowReader)
#include "tst_slowreader.moc"
