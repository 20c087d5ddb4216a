// Connection caps in total, per address (signed in or not) and per user.
#include "limits/connectionadmission.h"

#include <QTest>

using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;
using Verdict = ConnectionAdmission::Verdict;

class TestConnectionAdmission : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void totalCap()
    {
        ConnectionLimits limits;
        limits.maxConnections = 2;
        ConnectionAdmission admission(limits);
        QCOMPARE(admission.acceptSocket(), Verdict::Admitted);
        QCOMPARE(admission.acceptSocket(), Verdict::Admitted);
        QCOMPARE(admission.acceptSocket(), Verdict::ServerFull);
        admission.socketClosed();
        QCOMPARE(admission.acceptSocket(), Verdict::Admitted);
    }

    void pendingHeadsPerAddress()
    {
        ConnectionLimits limits;
        limits.maxPreAuthPerIp = 2;
        ConnectionAdmission admission(limits);
        const QHostAddress a(u"192.0.2.1"_s);
        QCOMPARE(admission.acceptSocket(a), Verdict::Admitted);
        QCOMPARE(admission.acceptSocket(a), Verdict::Admitted);
        QCOMPARE(admission.acceptSocket(a), Verdict::TooManyUnauthenticated);
        QCOMPARE(admission.acceptSocket(QHostAddress(u"192.0.2.2"_s)), Verdict::Admitted);
        // A trusted proxy's connections count in the total only.
        for (int i = 0; i < 5; ++i)
            QCOMPARE(admission.acceptSocket(), Verdict::Admitted);
        admission.headDone(a);
        QCOMPARE(admission.acceptSocket(a), Verdict::Admitted);
        QCOMPARE(admission.connections(), 9);
    }

    void unauthenticatedCapFreesOnSignIn()
    {
        ConnectionLimits limits;
        limits.maxPreAuthPerIp = 2;
        limits.maxConnectionsPerIp = 3;
        ConnectionAdmission admission(limits);
        const QHostAddress a(u"192.0.2.1"_s);
        QCOMPARE(admission.admitSession(a), Verdict::Admitted);
        QCOMPARE(admission.admitSession(a), Verdict::Admitted);
        QCOMPARE(admission.admitSession(a), Verdict::TooManyUnauthenticated);
        QCOMPARE(admission.admitSession(QHostAddress(u"192.0.2.2"_s)), Verdict::Admitted);
        QCOMPARE(admission.signIn(a, u"alice"_s), Verdict::Admitted);
        QCOMPARE(admission.admitSession(a), Verdict::Admitted); // the signed-in one freed a place
        QCOMPARE(admission.connectionsFrom(a), 3);
        QCOMPARE(admission.signIn(a, u"bob"_s), Verdict::Admitted);
        QCOMPARE(admission.admitSession(a), Verdict::AddressFull);
        admission.sessionClosed(a, u"alice"_s);
        QCOMPARE(admission.sessionsOf(u"alice"_s), 0);
        QCOMPARE(admission.admitSession(a), Verdict::Admitted);
    }

    void perUserCap()
    {
        ConnectionLimits limits;
        limits.maxSessionsPerUser = 2;
        ConnectionAdmission admission(limits);
        const QHostAddress a(u"192.0.2.1"_s);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(admission.admitSession(a), Verdict::Admitted);
        QCOMPARE(admission.signIn(a, u"alice"_s), Verdict::Admitted);
        QCOMPARE(admission.signIn(a, u"alice"_s), Verdict::Admitted);
        QCOMPARE(admission.signIn(a, u"alice"_s), Verdict::UserFull);
        // The refused one is closed as an unauthenticated connection; counts come back to zero.
        admission.sessionClosed(a, QString());
        admission.sessionClosed(a, u"alice"_s);
        admission.sessionClosed(a, u"alice"_s);
        QCOMPARE(admission.sessionsOf(u"alice"_s), 0);
        QCOMPARE(admission.connectionsFrom(a), 0);
    }

    void ipv6CountsByNetwork()
    {
        ConnectionLimits limits;
        limits.maxConnectionsPerIp = 1;
        ConnectionAdmission admission(limits);
        QCOMPARE(admission.admitSession(QHostAddress(u"2001:db8::1"_s)), Verdict::Admitted);
        QCOMPARE(admission.admitSession(QHostAddress(u"2001:db8::2"_s)), Verdict::AddressFull);
        QCOMPARE(admission.admitSession(QHostAddress(u"2001:db8:0:1::1"_s)), Verdict::Admitted);
    }
};

QTEST_GUILESS_MAIN(TestConnectionAdmission)
#include "tst_connectionadmission.moc"
