// The fault-injection suite: three devices of two users run scripted conversations with the real
// palaver-server (demo model) through seeded proxies that cut, stall and delay their connections,
// some messages typed while offline, and the server is killed (-9) and restarted in the middle.
// At the end every message typed is stored once and shown once on every device of its user, in
// order, every finished reply is exactly the demo text and every interrupted one keeps a prefix.
// PALAVER_FAULT_SEED=<n> replays a run's schedule.

#include "faultproxy.h"
#include "findings.h"
#include "killableserver.h"
#include "scriptedclient.h"
#include "servertruth.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>

#include <memory>
#include <vector>

using namespace palaver;
using namespace palaver::client;
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kStartTimeoutMs = 15000;
constexpr int kScriptTimeoutMs = 90000;
constexpr int kSettleTimeoutMs = 40000;
constexpr int kDriverTickMs = 50;
constexpr int kSettlePollMs = 250;
// The kill comes once this many messages are acknowledged and a reply is streaming.
constexpr int kKillAfterAcks = 6;

const QString kPassword = u"fault pass 1"_s;

struct User
{
    QString name;
    QString convId;
};

quint64 chooseSeed()
{
    bool ok = false;
    const quint64 fromEnv = qEnvironmentVariable("PALAVER_FAULT_SEED").toULongLong(&ok);
    return ok ? fromEnv : QRandomGenerator::global()->bounded(1u, 1'000'000'000u);
}

} // namespace

class TestFaultInjection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void conversationsSurviveCutsStallsDelaysAndAKill();
};

void TestFaultInjection::conversationsSurviveCutsStallsDelaysAndAKill()
{
    const quint64 seed = chooseSeed();
    qInfo("fault suite seed=%llu (PALAVER_FAULT_SEED=%llu replays it)", seed, seed);
    QRandomGenerator seeds(seed);

    KillableServer server({ u"--llm-kind"_s, u"demo"_s, u"--demo-tokens-per-second"_s, u"50"_s,
        u"--workers"_s, u"2"_s });
    User alice { u"alice"_s, {} };
    User bob { u"bob"_s, {} };
    QVERIFY2(server.addUser(alice.name, kPassword), qPrintable(server.output()));
    QVERIFY2(server.addUser(bob.name, kPassword), qPrintable(server.output()));
    server.start();
    QTRY_VERIFY2_WITH_TIMEOUT(server.isListening(), qPrintable(server.output()), kStartTimeoutMs);
    alice.convId = ServerTruth::createConversation(server.webSocketUrl(), alice.name, kPassword);
    bob.convId = ServerTruth::createConversation(server.webSocketUrl(), bob.name, kPassword);
    QVERIFY2(!alice.convId.isEmpty() && !bob.convId.isEmpty(), qPrintable(server.output()));

    // Alice on two devices sharing one conversation, Bob on one.
    std::vector<std::unique_ptr<FaultProxy>> proxies;
    std::vector<std::unique_ptr<ScriptedClient>> devices;
    const auto addDevice = [&](const QString& name, const User& user, int messages) {
        proxies.push_back(std::make_unique<FaultProxy>(name, server.port(), seeds.generate64()));
        QStringList script;
        for (int i = 1; i <= messages; ++i)
            script << u"%1 message %2 (seed %3)"_s.arg(name).arg(i).arg(seed);
        devices.push_back(std::make_unique<ScriptedClient>(
            name, user.name, kPassword, proxies.back().get(), script));
    };
    addDevice(u"alice-laptop"_s, alice, 6);
    addDevice(u"alice-phone"_s, alice, 6);
    addDevice(u"bob-desktop"_s, bob, 7);
    for (auto& proxy : proxies)
        QVERIFY(proxy->listen());
    for (auto& device : devices)
        device->signIn();
    const auto allOnline = [&] {
        return std::all_of(
            devices.cbegin(), devices.cend(), [](const auto& d) { return d->isOnline(); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allOnline(), kStartTimeoutMs);
    for (auto& device : devices)
        device->open(device->user() == alice.name ? alice.convId : bob.convId);

    // The faults start; the driver plays the scripts and kills the server once, mid-reply.
    for (auto& proxy : proxies)
        proxy->setFaultsEnabled(true);
    bool killed = false;
    int restarts = 0;
    const auto acknowledged = [&] {
        int count = 0;
        for (const auto& d : devices)
            count += int(d->typed().size()) - d->unacknowledged();
        return count;
    };
    const auto replyStreaming = [&] {
        for (const auto& d : devices) {
            for (int r = 0; r < d->messages().rowCount(); ++r) {
                if (d->messages().messageAt(r).status == protocol::MessageStatus::Streaming)
                    return true;
            }
        }
        return false;
    };
    const auto scriptsDone = [&] {
        return std::all_of(
            devices.cbegin(), devices.cend(), [](const auto& d) { return d->scriptDone(); });
    };
    QTimer driver;
    driver.setInterval(kDriverTickMs);
    connect(&driver, &QTimer::timeout, this, [&] {
        for (auto& device : devices)
            device->step();
        if (!killed && ((acknowledged() >= kKillAfterAcks && replyStreaming()) || scriptsDone())) {
            killed = true;
            qInfo("fault suite: kill -9 of the server (%d messages acknowledged)", acknowledged());
            if (!server.kill())
                qWarning("fault suite: the server did not die");
            server.start();
            ++restarts;
        }
    });
    driver.start();
    QTRY_VERIFY2_WITH_TIMEOUT(scriptsDone() && killed && server.isListening(),
        qPrintable(server.output()), kScriptTimeoutMs);
    driver.stop();

    // The faults stop; everything must settle: every device online with an empty outbox, every
    // reply ended on the server and shown as such everywhere.
    for (auto& proxy : proxies) {
        proxy->setFaultsEnabled(false);
        proxy->setOffline(false);
    }
    const auto fetch = [&](const User& user) {
        return ServerTruth::fetch(server.webSocketUrl(), user.name, kPassword, user.convId);
    };
    QList<ScriptedClient*> aliceDevices;
    QList<ScriptedClient*> bobDevices;
    for (auto& d : devices)
        (d->user() == alice.name ? aliceDevices : bobDevices).append(d.get());
    const auto check = [&] {
        Findings f;
        for (const auto& [user, userDevices] :
            { std::pair { alice, aliceDevices }, std::pair { bob, bobDevices } }) {
            const auto truth = fetch(user);
            if (!truth) {
                f.problems << u"the server did not answer the history of %1"_s.arg(user.name);
                continue;
            }
            checkServer(*truth, userDevices, f);
            for (ScriptedClient* device : userDevices)
                checkDevice(*truth, device, f);
        }
        for (const auto& d : devices) {
            if (!d->isOnline())
                f.problems << u"%1 is not online"_s.arg(d->name());
            if (d->unacknowledged() > 0)
                f.problems << u"%1 has %2 messages in its outbox"_s.arg(d->name()).arg(
                    d->unacknowledged());
            if (d->messages().isRevealing())
                f.problems << u"%1 is still revealing a reply"_s.arg(d->name());
        }
        return f;
    };
    // A wall-clock deadline: QTRY_* counts its own waits only, and each check takes a while.
    const QDeadlineTimer settleDeadline(kSettleTimeoutMs);
    Findings findings = check();
    while (!findings.problems.isEmpty() && !settleDeadline.hasExpired()) {
        QTest::qWait(kSettlePollMs);
        findings = check();
    }

    FaultProxy::Counts total;
    int messages = 0;
    for (const auto& proxy : proxies) {
        total.cuts += proxy->counts().cuts;
        total.stalls += proxy->counts().stalls;
        total.delays += proxy->counts().delays;
    }
    for (const auto& d : devices)
        messages += int(d->typed().size());
    qInfo("fault suite seed=%llu messages=%d cuts=%d stalls=%d delays=%d restarts=%d "
          "duplicates=%d losses=%d (replies complete=%d interrupted=%d, unanswered=%d)",
        seed, messages, total.cuts, total.stalls, total.delays, restarts, findings.duplicates,
        findings.losses, findings.complete, findings.interrupted, findings.unanswered);
    for (const QString& problem : findings.problems)
        qWarning("fault suite: %s", qPrintable(problem));

    if (!findings.problems.isEmpty()) {
        for (const auto& d : devices)
            qWarning("fault suite: %s: %s, outbox %d", qPrintable(d->name()),
                qPrintable(d->session().connectionText()), d->unacknowledged());
        qWarning("fault suite: server output:\n%s", qPrintable(server.output()));
    }
    QVERIFY2(findings.problems.isEmpty(), qPrintable(findings.problems.join(u"; "_s)));
    QCOMPARE(findings.duplicates, 0);
    QCOMPARE(findings.losses, 0);
    QCOMPARE(messages, 19);
    QCOMPARE(restarts, 1);
    // The suite proves something only if faults did happen.
    QVERIFY(total.cuts > 0);
    QVERIFY(total.stalls > 0);
}

QTEST_GUILESS_MAIN(TestFaultInjection)
#include "tst_faultinjection.moc"
