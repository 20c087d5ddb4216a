// `palaver-server bench-seed` (benchmarks only) on the real binary: the users it creates sign in
// with their tokens over the real server and talk in the seeded room, --rooms spreads them over
// several rooms, the tokens file is
// owner-only, a password never signs them in, and a second seed with a taken name changes nothing.

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
} // namespace

class TestBenchSeed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_dataDir = m_dir.filePath(u"data"_s);
        m_tokensFile = m_dir.filePath(u"tokens"_s);
        m_server = std::make_unique<ServerBinary>(binaryPath(), m_dataDir);
    }

    void cleanup()
    {
        m_server.reset();
        QVERIFY(m_dir.remove());
        m_dir = QTemporaryDir();
    }

    void seededUsersTalkInTheSeededRoom()
    {
        QString output;
        QCOMPARE(
            seed({ u"--users"_s, u"3"_s, u"--prefix"_s, u"bench"_s, u"--room"_s, u"Bench room"_s },
                &output),
            0);
        QVERIFY2(output.contains(u"Seeded 3 bench users bench0..bench2"_s), qPrintable(output));
        QFile file(m_tokensFile);
        const QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup
            | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
        QVERIFY(file.permissions().testFlags(QFile::ReadOwner | QFile::WriteOwner));
        QCOMPARE(file.permissions() & others, QFile::Permissions());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
        QCOMPARE(lines.size(), 5); // room, three tokens, the last line's end
        const QString convId = lines.at(0);
        QVERIFY(!convId.isEmpty());
        QVERIFY(lines.at(4).isEmpty());

        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        WsTestClient owner;
        WsTestClient member;
        QVERIFY(owner.open(m_server->url()));
        QVERIFY(member.open(m_server->url()));
        const auto ownerWelcome = owner.expect<Welcome>(Auth { u"a"_s, lines.at(1) });
        QVERIFY(ownerWelcome);
        QCOMPARE(ownerWelcome->user.name, u"bench0"_s);
        const auto memberWelcome = member.expect<Welcome>(Auth { u"b"_s, lines.at(3) });
        QVERIFY(memberWelcome);
        QCOMPARE(memberWelcome->user.name, u"bench2"_s);

        // The room, as the member sees it: all three in it, bench0 its owner.
        const auto room = member.listed(convId);
        QVERIFY(room);
        QCOMPARE(room->kind, ConversationKind::Room);
        QCOMPARE(room->title, u"Bench room"_s);
        QCOMPARE(room->role, MemberRole::Member);
        QCOMPARE(room->members.size(), 3);
        for (const Member& m : room->members)
            QCOMPARE(m.role, m.name == "bench0"_L1 ? MemberRole::Owner : MemberRole::Member);

        // A message from the owner reaches the member.
        owner.send(MessageSend { u"s"_s, convId, u"c-1"_s, u"hello bench"_s });
        QVERIFY(owner.waitFor<Ack>());
        const auto received = member.waitFor<MessageEvent>();
        QVERIFY(received);
        QCOMPARE(received->convId, convId);
        QCOMPARE(received->message.text, u"hello bench"_s);
        QCOMPARE(received->message.author.name, u"bench0"_s);
    }

    void roomsSpreadTheUsers()
    {
        QString output;
        QCOMPARE(seed({ u"--users"_s, u"5"_s, u"--prefix"_s, u"r"_s, u"--room"_s, u"Bench"_s,
                          u"--rooms"_s, u"2"_s },
                     &output),
            0);
        QVERIFY2(output.contains(u"Seeded 5 bench users r0..r4 in 2 rooms"_s), qPrintable(output));
        QFile file(m_tokensFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
        QCOMPARE(lines.size(), 7); // rooms, five tokens, the last line's end
        const QStringList convIds = lines.at(0).split(u' ');
        QCOMPARE(convIds.size(), 2);
        QVERIFY(convIds.at(0) != convIds.at(1));

        // User i is in room i mod 2, user r owns room r: r0, r2, r4 in room 0; r1, r3 in room 1.
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        const QList<QStringList> expected { { u"r0"_s, u"r2"_s, u"r4"_s }, { u"r1"_s, u"r3"_s } };
        for (int r = 0; r < 2; ++r) {
            WsTestClient owner;
            QVERIFY(owner.open(m_server->url()));
            QVERIFY(owner.expect<Welcome>(Auth { u"a"_s, lines.at(1 + r) }));
            const auto room = owner.listed(convIds.at(r));
            QVERIFY(room);
            QCOMPARE(room->title, u"Bench %1"_s.arg(r));
            QCOMPARE(room->role, MemberRole::Owner);
            QStringList names;
            for (const Member& m : room->members)
                names.append(m.name);
            names.sort();
            QCOMPARE(names, expected.at(r));
            // Not a member of the other room.
            QVERIFY(!owner.listed(convIds.at(1 - r)));
        }
    }

    void passwordsNeverSignIn()
    {
        QCOMPARE(seed({ u"--users"_s, u"1"_s, u"--prefix"_s, u"p"_s }), 0);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        WsTestClient client;
        QVERIFY(client.open(m_server->url()));
        // Not the stored form, nor any password: the stored hash is no hash at all.
        for (const QString& password : { u"bench-seed$no-password"_s, u"x"_s }) {
            QVERIFY(client.expectError(
                Login { client.nextId(), u"p0"_s, password }, ErrorCode::Unauthorized));
        }
    }

    void aTakenNameSeedsNothing()
    {
        QCOMPARE(seed({ u"--users"_s, u"2"_s, u"--prefix"_s, u"u"_s }), 0);
        QFile::remove(m_tokensFile);
        // u1 exists: the second seed fails before writing anything, and leaves no u2 or room.
        QCOMPARE(seed({ u"--users"_s, u"3"_s, u"--prefix"_s, u"u"_s, u"--room"_s, u"r"_s }), 1);
        QVERIFY2(m_server->errorString().contains(u"already exists"_s),
            qPrintable(m_server->errorString()));
        QVERIFY(!QFile::exists(m_tokensFile));
        QString output;
        QCOMPARE(m_server->runCommand({ u"user"_s, u"list"_s }, {}, &output), 0);
        QCOMPARE(output.count(u'\n'), 2);
        QVERIFY2(!output.contains(u"u2\t"_s), qPrintable(output));
    }

    void badUsage()
    {
        QCOMPARE(seed({ u"--users"_s, u"0"_s, u"--prefix"_s, u"u"_s }), 2);
        QCOMPARE(seed({ u"--prefix"_s, u"u"_s }), 2);
        QCOMPARE(
            m_server->runCommand({ u"bench-seed"_s, u"--users"_s, u"1"_s, u"--prefix"_s, u"u"_s }),
            2); // no --tokens-out
        // More rooms than users (each room needs its owner), none, or rooms without a title.
        QCOMPARE(seed({ u"--users"_s, u"2"_s, u"--prefix"_s, u"u"_s, u"--room"_s, u"r"_s,
                     u"--rooms"_s, u"3"_s }),
            2);
        QCOMPARE(seed({ u"--users"_s, u"2"_s, u"--prefix"_s, u"u"_s, u"--room"_s, u"r"_s,
                     u"--rooms"_s, u"0"_s }),
            2);
        QCOMPARE(seed({ u"--users"_s, u"2"_s, u"--prefix"_s, u"u"_s, u"--rooms"_s, u"2"_s }), 2);
    }

private:
    int seed(const QStringList& arguments, QString* output = nullptr)
    {
        return m_server->runCommand(QStringList { u"bench-seed"_s } + arguments
                + QStringList { u"--tokens-out"_s, m_tokensFile },
            {}, output);
    }

    QTemporaryDir m_dir;
    QString m_dataDir;
    QString m_tokensFile;
    std::unique_ptr<ServerBinary> m_server;
};

QTEST_GUILESS_MAIN(TestBenchSeed)
#include "tst_benchseed.moc"
