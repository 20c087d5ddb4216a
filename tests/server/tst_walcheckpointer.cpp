// WalCheckpointer: the WAL is copied back on the checkpointer's thread, so the writing connection
// (the hub's) never checkpoints inside a commit, and the WAL stays short.

#include "store/database.h"
#include "store/walcheckpointer.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int blobBytes = 4096;
constexpr int rounds = 30;
constexpr int writesPerRound = 100; // 30 × 100 × 4 KiB: about 12 MiB written in all

/// One round of small transactions, as the hub's commits are.
bool writeRound(Database& db)
{
    const QByteArray blob(blobBytes, 'x');
    for (int i = 0; i < writesPerRound; ++i) {
        auto insert = db.prepared(u"INSERT INTO filler (data) VALUES (?)"_s);
        insert->addBindValue(blob);
        if (!db.transaction() || !db.exec(*insert) || !db.commit())
            return false;
    }
    return true;
}

qint64 walBytes(const QString& databasePath)
{
    return QFileInfo(databasePath + u"-wal"_s).size();
}

} // namespace

class TestWalCheckpointer : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"round-%1.sqlite"_s.arg(++m_round));
        m_db = std::make_unique<Database>();
        QVERIFY2(m_db->open(m_path), qPrintable(m_db->errorString()));
        QVERIFY(m_db->exec(u"CREATE TABLE filler (data BLOB)"_s));
        QVERIFY(m_db->leaveCheckpointsToBackstop());
    }

    void cleanup() { m_db.reset(); }

    void withoutTheCheckpointerTheWalGrowsUpToTheBackstop()
    {
        for (int round = 0; round < rounds; ++round)
            QVERIFY(writeRound(*m_db));
        // SQLite's default would have checkpointed every 1000 pages (4 MiB); the backstop is 64.
        QVERIFY2(
            walBytes(m_path) > 10 * 1024 * 1024, qPrintable(QString::number(walBytes(m_path))));
    }

    void theCheckpointerKeepsTheWalShort()
    {
        WalCheckpointer checkpointer(m_path, 5);
        QSignalSpy checkpoints(&checkpointer, &WalCheckpointer::checkpointed);
        checkpointer.start();
        for (int round = 0; round < rounds; ++round) {
            QVERIFY(writeRound(*m_db));
            // A checkpoint after this round's writes (not one already under way): the next
            // round's first commit then starts the WAL from its beginning again.
            const int before = checkpoints.count();
            QTRY_VERIFY(checkpoints.count() >= before + 2);
        }
        // At most about two rounds' frames (one round is ~100 × 2 pages, under 1 MiB).
        QVERIFY2(walBytes(m_path) < 3 * 1024 * 1024, qPrintable(QString::number(walBytes(m_path))));
        checkpointer.stop();
        QSqlQuery count(m_db->connection());
        QVERIFY(count.exec(u"SELECT COUNT(*) FROM filler"_s) && count.next());
        QCOMPARE(count.value(0).toInt(), rounds * writesPerRound);
    }

    void stopJoinsAndStartsAgain()
    {
        WalCheckpointer checkpointer(m_path, 5);
        QSignalSpy checkpoints(&checkpointer, &WalCheckpointer::checkpointed);
        checkpointer.start();
        QTRY_VERIFY(checkpoints.count() >= 1);
        checkpointer.stop();
        const int stopped = checkpointer.completed();
        QVERIFY(writeRound(*m_db));
        QCOMPARE(checkpointer.completed(), stopped); // nothing runs once stopped
        checkpointer.start();
        QTRY_VERIFY(checkpointer.completed() > stopped);
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_round = 0;
    std::unique_ptr<Database> m_db;
};

QTEST_GUILESS_MAIN(TestWalCheckpointer)
#include "tst_walcheckpointer.moc"
