// The account commands of the real palaver-server binary, run as a second process while the
// server runs on the same data dir: revocation, disabling and password resets reach live sessions
// (closed with 4401 within the token re-check interval) and later sign-ins.

#include "serverbinary.h"
#include "wstestclient.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {
QString binaryPath()
{
    return QDir(QStringLiteral(PALAVER_BIN_DIR)).filePath(u"palaver-server"_s);
}
constexpr auto checkInterval = "200";
} // namespace

class TestAdminCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_server = std::make_unique<ServerBinary>(binaryPath(), m_dir.path());
        QVERIFY2(
            m_server->addUser(u"alice"_s, u"wonderland"_s), qPrintable(m_server->errorString()));
        QVERIFY2(
            m_server->start({ u"--token-check-interval-ms"_s, QString::fromLatin1(checkInterval) }),
            qPrintable(m_server->errorString()));
    }

    void cleanup()
    {
        m_server.reset();
        QVERIFY(m_dir.remove());
        m_dir = QTemporaryDir();
    }

    void tokenRevokeClosesLiveSession()
    {
        WsTestClient alice;
        QVERIFY(alice.open(m_server->url()));
        const auto welcome = alice.login(u"alice"_s, u"wonderland"_s);
        QVERIFY(welcome);

        QString output;
        QCOMPARE(run({ u"token"_s, u"list"_s, u"alice"_s }, {}, &output), 0);
        QCOMPARE(output.count(u'\n'), 1);

        QCOMPARE(run({ u"token"_s, u"revoke"_s, u"alice"_s }, {}, &output), 0);
        QVERIFY2(output.contains(u"Revoked 1 token"_s), qPrintable(output));
        // Within the check interval (200 ms); the timeout only bounds a slow machine.
        QVERIFY(alice.waitForDisconnected(5000));
        QCOMPARE(alice.closeCode(), closecode::sessionInvalid);

        WsTestClient again;
        QVERIFY(again.open(m_server->url()));
        again.send(Auth { u"a"_s, welcome->token });
        const auto error = again.waitFor<Error>();
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::Unauthorized);
        QCOMPARE(run({ u"token"_s, u"list"_s, u"alice"_s }, {}, &output), 0);
        QVERIFY(output.isEmpty());
    }

    void disableAndEnable()
    {
        WsTestClient alice;
        QVERIFY(alice.open(m_server->url()));
        QVERIFY(alice.login(u"alice"_s, u"wonderland"_s));
        QString output;
        QCOMPARE(run({ u"user"_s, u"list"_s }, {}, &output), 0);
        QVERIFY2(
            output.startsWith(u"alice\t"_s) && output.contains(u"\tenabled"_s), qPrintable(output));

        QCOMPARE(run({ u"user"_s, u"disable"_s, u"alice"_s }), 0);
        QVERIFY(alice.waitForDisconnected(5000));
        QCOMPARE(alice.closeCode(), closecode::sessionInvalid);
        QCOMPARE(run({ u"user"_s, u"list"_s }, {}, &output), 0);
        QVERIFY2(output.contains(u"\tdisabled"_s), qPrintable(output));

        WsTestClient refused;
        QVERIFY(refused.open(m_server->url()));
        QVERIFY(!refused.login(u"alice"_s, u"wonderland"_s));

        QCOMPARE(run({ u"user"_s, u"enable"_s, u"alice"_s }), 0);
        WsTestClient allowed;
        QVERIFY(allowed.open(m_server->url()));
        QVERIFY(allowed.login(u"alice"_s, u"wonderland"_s));
    }

    void resetPassword()
    {
        WsTestClient alice;
        QVERIFY(alice.open(m_server->url()));
        QVERIFY(alice.login(u"alice"_s, u"wonderland"_s));
        QCOMPARE(run({ u"user"_s, u"reset-password"_s, u"alice"_s, u"--password-stdin"_s },
                     "looking glass\n"),
            0);
        QVERIFY(alice.waitForDisconnected(5000));
        QCOMPARE(alice.closeCode(), closecode::sessionInvalid);
        WsTestClient again;
        QVERIFY(again.open(m_server->url()));
        QVERIFY(!again.login(u"alice"_s, u"wonderland"_s));
        QVERIFY(again.login(u"alice"_s, u"looking glass"_s));
    }

    void unlockLiftsAnAccountsBackOff()
    {
        // Five failed sign-ins are free for an account; then it waits (here ten minutes), also
        // with the right password, until the administrator unlocks it.
        m_server->terminate();
        QVERIFY(m_server->waitForExit());
        QFile config(m_dir.filePath(u"limits.ini"_s));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("[limits]\nsign-in-backoff-ms = 600000\n");
        config.close();
        QVERIFY2(m_server->start({ u"--config"_s, config.fileName() }),
            qPrintable(m_server->errorString()));
        for (int i = 0; i < 5; ++i) {
            WsTestClient guesser; // a fresh connection each time: five failures close one
            QVERIFY(guesser.open(m_server->url()));
            QVERIFY(!guesser.login(u"alice"_s, u"guess%1"_s.arg(i)));
        }
        WsTestClient blocked;
        QVERIFY(blocked.open(m_server->url()));
        blocked.send(Login { u"l"_s, u"alice"_s, u"wonderland"_s });
        const auto error = blocked.waitFor<Error>();
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::RateLimited);
        QVERIFY(error->retryAfterMs.value_or(0) > 500000);

        QString output;
        QCOMPARE(run({ u"user"_s, u"unlock"_s, u"alice"_s }, {}, &output), 0);
        QVERIFY2(output.contains(u"Cleared the failed sign-ins of alice"_s), qPrintable(output));
        QVERIFY(blocked.login(u"alice"_s, u"wonderland"_s));
    }

    void unknownUser()
    {
        for (const QStringList& command : { QStringList { u"user"_s, u"disable"_s, u"nobody"_s },
                 QStringList { u"user"_s, u"unlock"_s, u"nobody"_s },
                 QStringList { u"token"_s, u"revoke"_s, u"nobody"_s } }) {
            QCOMPARE(run(command), 1);
            QVERIFY2(m_server->errorString().contains(u"No user named 'nobody'"_s),
                qPrintable(m_server->errorString()));
        }
    }

private:
    int run(const QStringList& arguments, const QByteArray& input = {}, QString* output = nullptr)
    {
        return m_server->runCommand(arguments, input, output);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ServerBinary> m_server;
};

QTEST_GUILESS_MAIN(TestAdminCli)
#include "tst_admincli.moc"
