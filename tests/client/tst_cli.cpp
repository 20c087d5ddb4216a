#include "fakeserver.h"
#include "testcertificates.h"
#include "thishost.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
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
    void anUntrustedCertificateIsRefusedWithItsDetails();
    void aCaFileOrTheFingerprintLetsItConnect();
    void announcementsArePrintedOnStderr();
    void plainToARemoteHostWarns();

private:
    /// A wss:// fake server with a certificate for localhost signed by a CA made now.
    bool startTls();
    QStringList tlsArgs(const QStringList& extra) const;

    std::unique_ptr<palaver::test::TestCertificates> m_certificates;
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

bool TstCli::startTls()
{
    if (!QSslSocket::supportsSsl())
        return false;
    m_certificates = std::make_unique<palaver::test::TestCertificates>();
    if (!m_certificates->error.isEmpty()
        || !m_certificates->issue("localhost", u"localhost"_s, u"DNS:localhost"_s))
        return false;
    m_server = std::make_unique<FakeServer>(QWebSocketServer::SecureMode);
    m_server->server().setSslConfiguration(m_certificates->serverConfiguration("localhost"));
    m_server->handler = replyWith(m_server.get(), { u"Secure."_s });
    return m_server->listen();
}

QStringList TstCli::tlsArgs(const QStringList& extra) const
{
    return QStringList { u"--server"_s, u"wss://localhost:%1"_s.arg(m_server->port()),
        u"--username"_s, u"ada"_s, u"--password-stdin"_s, u"--say"_s, u"Hi"_s, u"--print-final"_s }
    + extra;
}

void TstCli::anUntrustedCertificateIsRefusedWithItsDetails()
{
    if (!startTls())
        QSKIP("no TLS backend or no openssl here");
    QCOMPARE(run(tlsArgs({})), 7);
    const QString fingerprint = m_certificates->opensslFingerprint("localhost");
    QVERIFY2(m_err.contains(u"is not trusted"_s), qPrintable(m_err));
    QVERIFY2(m_err.contains(u"SHA-256:     "_s + fingerprint), qPrintable(m_err));
    QVERIFY2(m_err.contains(u"issuer:      Palaver Test CA (Palaver tests)"_s), qPrintable(m_err));
    QVERIFY2(
        m_err.contains(u"--trust-fingerprint "_s + QString(fingerprint).remove(u':').toLower()),
        qPrintable(m_err));
    QCOMPARE(m_server->received.size(), 0);
    // Another certificate's fingerprint trusts nothing.
    QCOMPARE(run(tlsArgs({ u"--trust-fingerprint"_s, QString(64, u'a') })), 7);
    QCOMPARE(m_server->received.size(), 0);
    QCOMPARE(run(tlsArgs({ u"--trust-fingerprint"_s, u"nonsense"_s })), 1);
}

void TstCli::aCaFileOrTheFingerprintLetsItConnect()
{
    if (!startTls())
        QSKIP("no TLS backend or no openssl here");
    QCOMPARE(run(tlsArgs({ u"--ca-file"_s, m_certificates->path("ca.pem") })), 0);
    QCOMPARE(m_out, u"Secure.\n"_s);
    QVERIFY2(!m_err.contains(u"warning"_s), qPrintable(m_err));
    QCOMPARE(
        run(tlsArgs({ u"--trust-fingerprint"_s, m_certificates->opensslFingerprint("localhost") })),
        0);
    QCOMPARE(m_out, u"Secure.\n"_s);
    QCOMPARE(m_server->receivedOf<protocol::Login>().size(), 2);
    QCOMPARE(run(tlsArgs({ u"--ca-file"_s, m_certificates->path("missing.pem") })), 1);
    QVERIFY2(m_err.contains(u"cannot read the CA file"_s), qPrintable(m_err));
}

void TstCli::announcementsArePrintedOnStderr()
{
    const auto reply = replyWith(m_server.get(), { u"Hello"_s });
    m_server->handler = [&](QWebSocket* socket, const protocol::ClientMessage& m) {
        if (const auto* login = std::get_if<protocol::Login>(&m)) {
            m_server->send(socket, m_server->welcome(login->id, true));
            const QDateTime now = QDateTime::currentDateTimeUtc();
            m_server->send(socket,
                protocol::Announcement { u"3"_s, protocol::AnnouncementLevel::Warning,
                    u"Maintenance at 18:00 UTC"_s, now,
                    QDateTime(QDate(2099, 1, 2), QTime(18, 30), Qt::UTC) });
            m_server->send(socket,
                protocol::Announcement { u"4"_s, protocol::AnnouncementLevel::Info,
                    u"Welcome to the team server"_s, now, {} });
            return true;
        }
        return reply(socket, m);
    };
    QCOMPARE(run({ u"--server"_s, m_server->address(), u"--username"_s, u"ada"_s,
                 u"--password-stdin"_s, u"--say"_s, u"Hi"_s, u"--print-final"_s }),
        0);
    QCOMPARE(m_out, u"Hello\n"_s); // stdout stays the conversation's
    QVERIFY2(m_err.contains(u"palaver-cli: WARNING (until 2099-01-02 18:30 UTC): Maintenance at "
                            "18:00 UTC\n"_s),
        qPrintable(m_err));
    QVERIFY2(m_err.contains(u"palaver-cli: announcement: Welcome to the team server\n"_s),
        qPrintable(m_err));
}

void TstCli::plainToARemoteHostWarns()
{
    const auto [host, address] = palaver::test::thisHost();
    if (host.isEmpty())
        QSKIP("this machine's name does not resolve to an IPv4 address");
    m_server = std::make_unique<FakeServer>();
    m_server->handler = replyWith(m_server.get(), { u"Hello"_s });
    if (!m_server->listen(address))
        QSKIP("cannot listen on the address of this machine's name");
    const QString server = u"ws://%1:%2"_s.arg(host).arg(m_server->port());
    QCOMPARE(run({ u"--server"_s, server, u"--username"_s, u"ada"_s, u"--password-stdin"_s,
                 u"--say"_s, u"Hi"_s, u"--print-final"_s }),
        0);
    QVERIFY2(m_err.contains(
                 u"palaver-cli: warning: Not encrypted: %1:%2 does not use TLS"_s.arg(host).arg(
                     m_server->port())),
        qPrintable(m_err));
    QCOMPARE(m_out, u"Hello\n"_s);
}

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
