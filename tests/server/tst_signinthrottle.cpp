// Sign-in under attack: pipelined logins hash once, failures back off per address and per
// account across connections (also with the right password), the hashing queue is bounded,
// each failure is logged for fail2ban, and `user unlock` lifts an account's back-off.
#include "rawwsclient.h"
#include "store/database.h"
#include "store/signinfailurestore.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QDir>
#include <QFile>
#include <QMutex>
#include <QRegularExpression>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {
QMutex logMutex;
QStringList logLines;
QtMessageHandler previousHandler = nullptr;

void captureLog(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    {
        QMutexLocker lock(&logMutex);
        logLines.append(message);
    }
    previousHandler(type, context, message);
}

int logLinesContaining(const QString& text)
{
    QMutexLocker lock(&logMutex);
    return int(logLines.filter(text).size());
}

/// A client that says it comes from `address` through the (trusted) local proxy.
std::unique_ptr<WsTestClient> clientFrom(const QUrl& url, const QByteArray& address)
{
    auto client = std::make_unique<WsTestClient>();
    QNetworkRequest request(url);
    request.setRawHeader("Sec-WebSocket-Protocol", "palaver.v1");
    request.setRawHeader("X-Forwarded-For", address);
    client->socket().open(request);
    QDeadlineTimer deadline(5000);
    while (client->socket().state() != QAbstractSocket::ConnectedState && !deadline.hasExpired())
        QTest::qWait(10);
    return client;
}

std::optional<ServerMessage> tryLogin(
    WsTestClient& client, const QString& name, const QString& password)
{
    const QString id = client.nextId();
    client.send(Login { id, name, password });
    return client.waitForAnswer(id, 10000);
}
} // namespace

class TestSignInThrottle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        previousHandler = qInstallMessageHandler(captureLog);
        TestServer::Options options;
        server::SignInLimits& s = options.serverLimits.signIn;
        s.freeFailuresPerIp = 3;
        s.freeFailuresPerAccount = 2;
        s.backoffBaseMs = 60000; // long enough that a test never sees it run out
        s.maxBackoffMs = 600000;
        options.serverLimits.connections.trustedProxies = { { QHostAddress::LocalHost, 32 } };
        m_server = std::make_unique<TestServer>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        for (const QString& name : { u"alice"_s, u"bob"_s, u"carol"_s })
            QVERIFY(m_server->addUser(name, name + u"-pw"_s));
    }

    void cleanupTestCase()
    {
        m_server.reset();
        qInstallMessageHandler(previousHandler);
    }

    void pipelinedLoginsAreHashedOneAtATime()
    {
        RawWsClient raw;
        QCOMPARE(
            raw.open(m_server->port(), "palaver.v1", 5000, "X-Forwarded-For: 198.51.100.1\r\n"),
            101);
        for (int i = 0; i < 50; ++i)
            raw.sendFrame(
                0x1, encode(ClientMessage(Login { u"l%1"_s.arg(i), u"carol"_s, u"x"_s })));
        int unauthorized = 0;
        int limited = 0;
        for (int i = 0; i < 50; ++i) {
            const auto decoded = decodeServerMessage(raw.readTextFrame(10000));
            QVERIFY(decoded.ok());
            const auto* error = std::get_if<Error>(&*decoded.message);
            QVERIFY(error);
            if (error->code == ErrorCode::RateLimited) {
                QVERIFY(error->retryAfterMs.value_or(0) > 0);
                ++limited;
            } else {
                QCOMPARE(error->code, ErrorCode::Unauthorized);
                ++unauthorized;
            }
        }
        // All 50 arrived before the first hash finished: one was hashed, the rest refused.
        QCOMPARE(unauthorized, 1);
        QCOMPARE(limited, 49);
    }

    void addressBacksOffAcrossConnections()
    {
        // Unknown names, so only the address's count grows (an account has its own, below).
        for (int i = 0; i < 3; ++i) {
            auto client = clientFrom(m_server->url(), "198.51.100.2");
            const auto answer = tryLogin(*client, u"guess%1"_s.arg(i), u"wrong"_s);
            QVERIFY(answer);
            QCOMPARE(std::get<Error>(*answer).code, ErrorCode::Unauthorized);
        }
        // The fourth try from that address waits, even with the right password.
        auto client = clientFrom(m_server->url(), "198.51.100.2");
        const auto answer = tryLogin(*client, u"alice"_s, u"alice-pw"_s);
        QVERIFY(answer);
        const auto* error = std::get_if<Error>(&*answer);
        QVERIFY2(error, "a sign-in from a blocked address got through");
        QCOMPARE(error->code, ErrorCode::RateLimited);
        QVERIFY(error->retryAfterMs.value_or(0) > 50000);
        // Someone else is not affected.
        auto other = clientFrom(m_server->url(), "198.51.100.3");
        QVERIFY(other->login(u"alice"_s, u"alice-pw"_s));
        // Each failure is logged in the form the documented fail2ban filter matches.
        QCOMPARE(logLinesContaining(u"failed sign-in from 198.51.100.2 as \"guess"_s), 3);
    }

    void shippedFail2banFilterMatchesTheLogLine()
    {
        QFile filter(
            QStringLiteral(PALAVER_TEST_FIXTURES) + u"/../../packaging/fail2ban/palaver.conf"_s);
        QVERIFY(filter.open(QIODevice::ReadOnly));
        QString failregex;
        for (const QByteArray& line : filter.readAll().split('\n')) {
            if (line.startsWith("failregex"))
                failregex = QString::fromUtf8(line.mid(line.indexOf('=') + 1).trimmed());
        }
        QVERIFY(failregex.contains(u"<HOST>"_s));
        // fail2ban's <HOST> is a host name or address in a named group.
        const QRegularExpression regex(failregex.replace(u"<HOST>"_s, u"(?<host>\\S+)"_s));
        QVERIFY2(regex.isValid(), qPrintable(regex.errorString()));
        QMutexLocker lock(&logMutex);
        const QStringList lines = logLines.filter(u"failed sign-in from 198.51.100.2"_s);
        QVERIFY(!lines.isEmpty());
        for (const QString& line : lines) {
            // As journald shows it: a prefix, then the server's line with its category (the
            // plain format has a time and level before the category).
            const auto match
                = regex.match(u"Dec 04 18:00:00 host palaver-server[42]: palaver.auth: "_s + line);
            QVERIFY2(match.hasMatch(), qPrintable(line));
            QCOMPARE(match.captured(u"host"_s), u"198.51.100.2"_s);
        }
    }

    void accountBacksOffAcrossAddressesUntilUnlocked()
    {
        for (const QByteArray address : { "198.51.100.10", "198.51.100.11" }) {
            auto client = clientFrom(m_server->url(), address);
            const auto answer = tryLogin(*client, u"alice"_s, u"wrong"_s);
            QVERIFY(answer);
            QCOMPARE(std::get<Error>(*answer).code, ErrorCode::Unauthorized);
        }
        // Two failures to alice (her free ones) started her back-off: the right password from a
        // fresh address is refused too, before any hashing.
        auto client = clientFrom(m_server->url(), "198.51.100.13");
        auto answer = tryLogin(*client, u"alice"_s, u"alice-pw"_s);
        QVERIFY(answer);
        QCOMPARE(std::get<Error>(*answer).code, ErrorCode::RateLimited);

        // `palaver-server user unlock alice`: another process clears it in the database.
        {
            server::Database db;
            QVERIFY(db.open(QDir(m_server->dataDir()).filePath(server::Database::fileName())));
            server::SignInFailureStore failures(db);
            QString error;
            QVERIFY2(failures.clearByName(u"alice"_s, &error), qPrintable(error));
        }
        answer = tryLogin(*client, u"alice"_s, u"alice-pw"_s);
        QVERIFY(answer);
        QVERIFY2(std::holds_alternative<Welcome>(*answer), "still blocked after unlock");
    }

    void unknownNamesAreThrottledByAddressOnly()
    {
        auto client = clientFrom(m_server->url(), "198.51.100.40");
        for (int i = 0; i < 3; ++i) {
            const auto answer = tryLogin(*client, u"nobody%1"_s.arg(i), u"x"_s);
            QVERIFY(answer);
            QCOMPARE(std::get<Error>(*answer).code, ErrorCode::Unauthorized);
        }
        QCOMPARE(logLinesContaining(u"failed sign-in from 198.51.100.40 as \"nobody"_s), 3);
    }

    void logLinesCannotBeForged()
    {
        auto client = clientFrom(m_server->url(), "198.51.100.50");
        const auto answer = tryLogin(*client, u"x\"\nfailed sign-in from 1.2.3.4 as \"y"_s, u"x"_s);
        QVERIFY(answer);
        // The name is escaped: no second line, no line that names another address.
        QMutexLocker lock(&logMutex);
        static const QRegularExpression forged(u"^failed sign-in from 1\\.2\\.3\\.4"_s);
        QCOMPARE(logLines.filter(forged).size(), 0);
        const QStringList lines = logLines.filter(u"from 198.51.100.50"_s);
        QCOMPARE(lines.size(), 1);
        QVERIFY(!lines.first().contains(u'\n'));
    }

private:
    std::unique_ptr<TestServer> m_server;
};

QTEST_GUILESS_MAIN(TestSignInThrottle)
#include "tst_signinthrottle.moc"
