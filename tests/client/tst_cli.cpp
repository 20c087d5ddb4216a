#include "fakeserver.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::test::FakeServer;
namespace protocol = palaver::protocol;

namespace {

constexpr int kTimeout = 10000;

/// Answers each message.send with an ack and a reply streamed in `pieces` (one delta repeated),
/// ending with `finish`.
FakeServer::Handler replyWith(FakeServer* server, QStringList pieces,
    protocol::FinishReason finish = protocol::FinishReason::Stop)
{
    return [=](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* send = std::get_if<protocol::MessageSend>(&m);
        if (!send)
            return false;
        static int turn = 0;
        ++turn;
        const QString genId = u"g%1"_s.arg(turn);
        const QString msgId = u"a%1"_s.arg(turn);
        server->send(socket, protocol::Ack { send->id, send->clientMsgId, u"u"_s + msgId, 1 });
        server->send(
            socket, protocol::GenerationStart { send->convId, 2, genId, msgId, u"demo"_s });
        qint64 seq = 0;
        for (const auto& piece : pieces) {
            server->send(
                socket, protocol::GenerationDelta { send->convId, genId, ++seq, piece, {} });
            if (seq == 1) // a repeated delta is printed once
                server->send(
                    socket, protocol::GenerationDelta { send->convId, genId, 1, piece, {} });
        }
        protocol::GenerationEnd end;
        end.convId = send->convId;
        end.seq = 3;
        end.genId = genId;
        end.msgId = msgId;
        end.finish = finish;
        if (finish == protocol::FinishReason::Error)
            end.error
                = protocol::ErrorInfo { protocol::ErrorCode::UpstreamError, u"model crashed"_s };
        end.message.msgId = msgId;
        end.message.text = pieces.join(QString());
        end.message.status = protocol::statusForFinish(finish);
        server->send(socket, end);
        return true;
    };
}

} // namespace

/// palaver-cli as a process against the fake server.
class TstCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void streamsRepliesInTurn();
    void printFinalPrintsOnlyTheLastReply();
    void wrongPasswordFails();
    void upstreamErrorFails();
    void unreachableFails();
    void usageErrors();

private:
    /// Runs the CLI with `args` (password "secret" on stdin unless `password` says otherwise).
    int run(const QStringList& args, const QString& password = u"secret"_s);

    std::unique_ptr<FakeServer> m_server;
    QString m_out;
    QString m_err;
};

void TstCli::init()
{
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
}

int TstCli::run(const QStringList& args, const QString& password)
{
    QProcess process;
    process.start(QStringLiteral(PALAVER_BIN_DIR "/palaver-cli"), args);
    if (!process.waitForStarted(kTimeout))
        return -1;
    process.write(password.toUtf8() + '\n');
    process.closeWriteChannel();
    // The fake server lives in this thread: keep the event loop turning while the CLI runs.
    QSignalSpy finished(&process, &QProcess::finished);
    if (!finished.wait(kTimeout)) {
        process.kill();
        process.waitForFinished();
        return -2;
    }
    m_out = QString::fromUtf8(process.readAllStandardOutput());
    m_err = QString::fromUtf8(process.readAllStandardError());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -3;
}

void TstCli::streamsRepliesInTurn()
{
    m_server->handler = replyWith(m_server.get(), { u"Hello"_s, u", "_s, u"Ada!"_s });
    const int code = run(
        { u"--server"_s, m_server->address(), u"--username"_s, u"ada"_s, u"--password-stdin"_s,
            u"--title"_s, u"CLI"_s, u"--say"_s, u"Hi"_s, u"--say"_s, u"Again"_s });
    QVERIFY2(code == 0, qPrintable(m_err));
    QCOMPARE(m_out, u"you> Hi\nHello, Ada!\n\nyou> Again\nHello, Ada!\n"_s);
    const auto creates = m_server->receivedOf<protocol::ConversationCreate>();
    QCOMPARE(creates.size(), 1);
    QCOMPARE(creates.first().title, std::optional<QString>(u"CLI"_s));
    const auto sends = m_server->receivedOf<protocol::MessageSend>();
    QCOMPARE(sends.size(), 2);
    QCOMPARE(sends.at(1).text, u"Again"_s);
    QVERIFY(sends.at(0).clientMsgId != sends.at(1).clientMsgId);
}

void TstCli::printFinalPrintsOnlyTheLastReply()
{
    m_server->handler = replyWith(m_server.get(), { u"The "_s, u"end."_s });
    qputenv("PALAVER_TEST_PASSWORD", "secret");
    const int code = run({ u"--server"_s, u"ws://"_s + m_server->address() + u"/v1/ws"_s,
                             u"--username"_s, u"ada"_s, u"--password-env"_s,
                             u"PALAVER_TEST_PASSWORD"_s, u"--say"_s, u"one"_s, u"--print-final"_s },
        QString());
    QVERIFY2(code == 0, qPrintable(m_err));
    QCOMPARE(m_out, u"The end.\n"_s);
}

void TstCli::wrongPasswordFails()
{
    const int code = run({ u"--server"_s, m_server->address(), u"--username"_s, u"ada"_s,
                             u"--password-stdin"_s, u"--say"_s, u"Hi"_s },
        u"nope"_s);
    QCOMPARE(code, 3);
    QVERIFY2(m_err.contains(u"Wrong username or password"_s), qPrintable(m_err));
}

void TstCli::upstreamErrorFails()
{
    m_server->handler = replyWith(m_server.get(), { u"Half a"_s }, protocol::FinishReason::Error);
    const int code = run({ u"--server"_s, m_server->address(), u"--username"_s, u"ada"_s,
        u"--password-stdin"_s, u"--say"_s, u"Hi"_s });
    QCOMPARE(code, 5);
    QCOMPARE(m_out, u"you> Hi\nHalf a\n"_s);
    QVERIFY2(m_err.contains(u"model crashed"_s), qPrintable(m_err));
}

void TstCli::unreachableFails()
{
    const QString address = m_server->address();
    m_server.reset();
    const int code = run({ u"--server"_s, address, u"--username"_s, u"ada"_s, u"--password-stdin"_s,
        u"--say"_s, u"Hi"_s });
    QCOMPARE(code, 2);
    QVERIFY2(m_err.contains(u"Cannot reach"_s), qPrintable(m_err));
}

void TstCli::usageErrors()
{
    QCOMPARE(run({ u"--server"_s, m_server->address(), u"--username"_s, u"ada"_s,
                 u"--password-stdin"_s }),
        1); // no --say
    QVERIFY(m_err.contains(u"--say"_s));
    QCOMPARE(run({ u"--username"_s, u"ada"_s, u"--password-stdin"_s, u"--say"_s, u"x"_s }), 1);
    QVERIFY(m_err.contains(u"--server"_s));
    QCOMPARE(m_server->received.size(), 0);
}

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
