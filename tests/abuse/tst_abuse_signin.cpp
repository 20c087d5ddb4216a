// Attacks on sign-in (issue 9): logins pipelined on one connection, password guessing across
// connections from one address and against one account from many, a crowd of sign-ins at once
// (the hashing queue); a legitimate sign-in right after must be fast, and every failure logged
// in the form the documented fail2ban filter matches.
#include "abusecheck.h"
#include "abuseserver.h"
#include "abusesocket.h"
#include "probe.h"

#include <QElapsedTimer>
#include <QTest>
#include <memory>

using namespace palaver;
using namespace palaver::abuse;
using namespace palaver::protocol;
using namespace Qt::Literals::StringLiterals;

namespace {
constexpr int freePerIp = 3;
constexpr int freePerAccount = 5;

const QByteArray config = R"([limits]
trusted-proxies = 127.0.0.1
free-failed-sign-ins-per-ip = 3
free-failed-sign-ins-per-account = 5
sign-in-backoff-ms = 60000
sign-in-max-backoff-ms = 600000
max-pending-sign-ins = 4
)";

/// What one sign-in got: "welcome", an error code's wire name, or "none" (no answer).
struct Outcome
{
    QString what = u"none"_s;
    qint64 retryAfterMs = 0;
};

Outcome outcomeOf(const std::optional<ServerMessage>& answer)
{
    Outcome outcome;
    if (!answer)
        return outcome;
    if (std::holds_alternative<Welcome>(*answer)) {
        outcome.what = u"welcome"_s;
    } else if (const auto* error = std::get_if<Error>(&*answer)) {
        outcome.what = errorCodeName(error->code);
        outcome.retryAfterMs = error->retryAfterMs.value_or(0);
    } else {
        outcome.what = u"other"_s;
    }
    return outcome;
}

/// One sign-in on a fresh connection from `from`.
Outcome signInFrom(quint16 port, const QHostAddress& from, const QString& name,
    const QString& password, int timeoutMs = 20000)
{
    AbuseSocket socket;
    if (socket.open(port, from) != 101)
        return { u"refused"_s, 0 };
    socket.send(Login { u"l"_s, name, password });
    return outcomeOf(socket.waitForAnswer(u"l"_s, timeoutMs));
}

/// How long a well-behaved user takes to sign in from `from`, retrying as told when refused
/// for load (rate_limited with retryAfterMs); -1 when it did not within `timeoutMs`.
qint64 legitimateSignInMs(quint16 port, const QHostAddress& from, int timeoutMs = 30000)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        const Outcome outcome = signInFrom(port, from, u"alice"_s, u"alice-pw"_s, timeoutMs);
        if (outcome.what == "welcome"_L1)
            return clock.elapsed();
        if (outcome.what != "rate_limited"_L1)
            return -1;
        QTest::qWait(int(qBound(qint64(10), outcome.retryAfterMs, qint64(2000))));
    }
    return -1;
}
} // namespace

class TestAbuseSignIn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        for (const QString& name : { u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s })
            QVERIFY(m_server.addUser(name, name + u"-pw"_s));
        QVERIFY2(m_server.start(config), qPrintable(m_server.errorString()));
        m_probe = std::make_unique<Probe>(m_server.url(), u"bob"_s, u"bob-pw"_s);
        QVERIFY(m_probe->start());
        // What one sign-in costs this server, to turn CPU time into hashes.
        const qint64 cpuBefore = m_server.cpuMs();
        QCOMPARE(signInFrom(m_server.port(), loopback(5, 250), u"alice"_s, u"alice-pw"_s).what,
            u"welcome"_s);
        m_cpuPerHashMs = qMax<qint64>(1, m_server.cpuMs() - cpuBefore);
        figure("sign-in", "cpu-ms-per-hash", m_cpuPerHashMs);
    }

    void cleanupTestCase()
    {
        m_probe.reset();
        m_server.stop();
    }

    void init() { m_probe->reset(); }

    /// 100 wrong logins in one burst on one connection.
    void pipelinedLoginsAreHashedOneAtATime()
    {
        const qint64 cpuBefore = m_server.cpuMs();
        AbuseSocket attacker;
        QCOMPARE(attacker.open(m_server.port(), loopback(5, 1)), 101);
        for (int i = 0; i < 100; ++i)
            attacker.send(Login { u"l%1"_s.arg(i), u"carol"_s, u"guess-%1"_s.arg(i) });
        settle([&] { return attacker.ended() || attacker.messages().size() >= 100; }, 20000);
        int unauthorized = 0;
        int limited = 0;
        bool retryAfterEverywhere = true;
        for (const ServerMessage& message : std::as_const(attacker.messages())) {
            if (const auto* error = std::get_if<Error>(&message)) {
                unauthorized += error->code == ErrorCode::Unauthorized ? 1 : 0;
                if (error->code == ErrorCode::RateLimited) {
                    ++limited;
                    retryAfterEverywhere
                        = retryAfterEverywhere && error->retryAfterMs.value_or(0) > 0;
                }
            }
        }
        // Right after, from elsewhere: it must not wait behind the attacker's hashes.
        const qint64 legitimateMs = legitimateSignInMs(m_server.port(), loopback(5, 2));
        const qint64 hashes = (m_server.cpuMs() - cpuBefore) / m_cpuPerHashMs;
        figure("pipelined-logins", "answered-unauthorized", unauthorized);
        figure("pipelined-logins", "answered-rate-limited", limited);
        figure("pipelined-logins", "hashes-by-cpu", hashes);
        figure("pipelined-logins", "legit-sign-in-ms", legitimateMs);
        figure("pipelined-logins", "probe-slowest-ms", m_probe->slowestMs());
        ABUSE_BOUND(unauthorized == 1 && limited == 99 && retryAfterEverywhere,
            u"%1 unauthorized, %2 rate_limited"_s.arg(unauthorized).arg(limited));
        ABUSE_BOUND(legitimateMs >= 0 && legitimateMs < 3000,
            u"a legitimate sign-in took %1 ms"_s.arg(legitimateMs));
        ABUSE_BOUND(m_probe->slowestMs() < 1500, u"probe waited %1 ms"_s.arg(m_probe->slowestMs()));
    }

    /// Ten guesses from one address, each on a fresh connection (names it does not know).
    void guessesFromOneAddressBackOff()
    {
        int checked = 0;
        int limited = 0;
        for (int i = 0; i < 10; ++i) {
            const Outcome outcome
                = signInFrom(m_server.port(), loopback(5, 10), u"nobody-%1"_s.arg(i), u"x"_s);
            checked += outcome.what == "unauthorized"_L1 ? 1 : 0;
            limited += outcome.what == "rate_limited"_L1 && outcome.retryAfterMs > 0 ? 1 : 0;
        }
        // Blocked means blocked: the right password from that address waits too.
        const Outcome right
            = signInFrom(m_server.port(), loopback(5, 10), u"alice"_s, u"alice-pw"_s);
        const qint64 legitimateMs = legitimateSignInMs(m_server.port(), loopback(5, 11));
        figure("guesses-one-address", "checked-of-10", checked);
        figure("guesses-one-address", "right-password-then", right.what);
        figure("guesses-one-address", "other-address-sign-in-ms", legitimateMs);
        ABUSE_BOUND(checked <= freePerIp + 1 && checked + limited == 10,
            u"%1 checked, %2 rate_limited"_s.arg(checked).arg(limited));
        ABUSE_BOUND(right.what == "rate_limited"_L1, right.what);
        ABUSE_BOUND(legitimateMs >= 0 && legitimateMs < 3000,
            u"a sign-in from another address took %1 ms"_s.arg(legitimateMs));
    }

    /// Ten guesses at one account, each from another address.
    void guessesAtOneAccountBackOff()
    {
        int checked = 0;
        int limited = 0;
        for (int i = 0; i < 10; ++i) {
            const Outcome outcome
                = signInFrom(m_server.port(), loopback(5, 20 + i), u"dave"_s, u"guess"_s);
            checked += outcome.what == "unauthorized"_L1 ? 1 : 0;
            limited += outcome.what == "rate_limited"_L1 && outcome.retryAfterMs > 0 ? 1 : 0;
        }
        const Outcome right = signInFrom(m_server.port(), loopback(5, 40), u"dave"_s, u"dave-pw"_s);
        figure("guesses-one-account", "checked-of-10", checked);
        figure("guesses-one-account", "right-password-then", right.what);
        ABUSE_BOUND(checked <= freePerAccount + 1 && checked + limited == 10,
            u"%1 checked, %2 rate_limited"_s.arg(checked).arg(limited));
        ABUSE_BOUND(right.what == "rate_limited"_L1, right.what);
    }

    /// 80 sign-ins from 80 addresses at the same moment.
    void crowdOfSignInsDoesNotQueueHashes()
    {
        const qint64 cpuBefore = m_server.cpuMs();
        std::vector<std::unique_ptr<AbuseSocket>> crowd;
        for (int i = 1; i <= 80; ++i) {
            crowd.push_back(std::make_unique<AbuseSocket>());
            QCOMPARE(crowd.back()->open(m_server.port(), loopback(6, i)), 101);
        }
        for (const auto& socket : crowd)
            socket->send(Login { u"l"_s, u"nobody"_s, u"x"_s });
        QElapsedTimer clock;
        clock.start();
        const qint64 legitimateMs = legitimateSignInMs(m_server.port(), loopback(6, 200));
        int limited = 0;
        for (const auto& socket : crowd)
            limited += outcomeOf(socket->waitForAnswer(u"l"_s, 30000)).what == "rate_limited"_L1
                ? 1
                : 0;
        const qint64 hashes = (m_server.cpuMs() - cpuBefore) / m_cpuPerHashMs;
        figure("sign-in-crowd", "legit-sign-in-ms", legitimateMs);
        figure("sign-in-crowd", "refused-rate-limited-of-80", limited);
        figure("sign-in-crowd", "hashes-by-cpu", hashes);
        figure("sign-in-crowd", "all-answered-ms", clock.elapsed());
        ABUSE_BOUND(limited > 0, u"none of 80 refused: the hashing queue is unbounded"_s);
        ABUSE_BOUND(legitimateMs >= 0 && legitimateMs < 5000,
            u"a legitimate sign-in took %1 ms"_s.arg(legitimateMs));
    }

    void failedSignInsAreLogged()
    {
        const int pipelined = m_server.logCount("failed sign-in from 127.0.5.1 as \"carol\"");
        const int guesses = m_server.logCount("failed sign-in from 127.0.5.10 as \"nobody-");
        const int account = m_server.logCount(" as \"dave\"");
        figure("sign-in-log", "lines", m_server.logCount("palaver.auth: failed sign-in from "));
        ABUSE_BOUND(pipelined == 1, u"%1 lines for the pipelined logins"_s.arg(pipelined));
        ABUSE_BOUND(guesses >= 1 && guesses <= freePerIp + 1,
            u"%1 lines for the guesses from one address"_s.arg(guesses));
        ABUSE_BOUND(account >= 1, u"%1 lines for the guesses at dave"_s.arg(account));
    }

private:
    AbuseServer m_server;
    std::unique_ptr<Probe> m_probe;
    qint64 m_cpuPerHashMs = 1;
};

QTEST_GUILESS_MAIN(TestAbuseSignIn)
#include "tst_abuse_signin.moc"
