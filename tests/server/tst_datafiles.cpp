// The data directory and database files are private (0700 / 0600) whatever the umask, also
// when they existed with wider modes before.
#include "testserver.h"
#include "wstestclient.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace palaver;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {
int modeOf(const QString& path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 0777);
}
} // namespace

class TestDataFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_oldUmask = ::umask(022); }
    void cleanupTestCase() { ::umask(m_oldUmask); }

    void freshDataDirIsPrivate()
    {
        QTemporaryDir parent;
        const QString dataDir = parent.filePath(u"data/nested"_s);
        TestServer::Options options;
        options.dataDir = dataDir;
        TestServer server(options);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QVERIFY(server.addUser(u"alice"_s, u"a"_s));
        WsTestClient client; // some writes, so the WAL and shared-memory files exist
        QVERIFY(client.open(server.url()));
        QVERIFY(client.login(u"alice"_s, u"a"_s));
        QVERIFY(client.createConversation(u"x"_s));
        const QString db = QDir(dataDir).filePath(u"palaver.sqlite"_s);
        QCOMPARE(modeOf(dataDir), 0700);
        QCOMPARE(modeOf(db), 0600);
        QCOMPARE(modeOf(db + u"-wal"_s), 0600);
        QCOMPARE(modeOf(db + u"-shm"_s), 0600);
    }

    void existingWideModesAreTightened()
    {
        QTemporaryDir dataDir;
        const QString db = QDir(dataDir.path()).filePath(u"palaver.sqlite"_s);
        {
            TestServer::Options options;
            options.dataDir = dataDir.path();
            TestServer server(options);
            QVERIFY(server.start());
        }
        QVERIFY(::chmod(QFile::encodeName(dataDir.path()).constData(), 0755) == 0);
        QVERIFY(::chmod(QFile::encodeName(db).constData(), 0644) == 0);
        TestServer::Options options;
        options.dataDir = dataDir.path();
        TestServer server(options);
        QVERIFY(server.start());
        QCOMPARE(modeOf(dataDir.path()), 0700);
        QCOMPARE(modeOf(db), 0600);
    }

private:
    mode_t m_oldUmask = 022;
};

QTEST_GUILESS_MAIN(TestDataFiles)
#include "tst_datafiles.moc"
