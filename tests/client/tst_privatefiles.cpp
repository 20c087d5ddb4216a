#include "session/filetokenvault.h"
#include "store/localstore.h"
#include "store/privatefiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace Qt::Literals::StringLiterals;
using palaver::client::FileTokenVault;
using palaver::client::LocalStore;
using palaver::client::OutboxEntry;
using palaver::client::PrivateFiles;

namespace {

#ifdef Q_OS_UNIX
/// The permission bits of `path` (-1 when it does not exist).
int modeOf(const QString& path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

ino_t inodeOf(const QString& path)
{
    struct stat st
    {
    };
    ::stat(QFile::encodeName(path).constData(), &st);
    return st.st_ino;
}

void setMode(const QString& path, int mode)
{
    QVERIFY(::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0);
}
#endif

} // namespace

/// The client's cache folder, its SQLite files and the token file are owner-only whatever the
/// umask (this test runs with 022, the usual one, under which they used to be 0755/0644).
class TstPrivateFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cacheIsPrivate();
    void widerCacheNarrowedAtStart();
    void tokenFileIsPrivateAndReplacedWhole();
    void widerTokenFileNarrowedAtStart();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TstPrivateFiles::initTestCase()
{
#ifdef Q_OS_UNIX
    ::umask(022);
#else
    QSKIP("file modes are a Unix matter");
#endif
}

void TstPrivateFiles::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

#ifdef Q_OS_UNIX
void TstPrivateFiles::cacheIsPrivate()
{
    const QString folder = m_dir->filePath(u"data/palaver"_s);
    const QString path = folder + u"/cache.sqlite"_s;
    {
        LocalStore store(path);
        QVERIFY2(store.isOpen(), qPrintable(store.errorText()));
        OutboxEntry entry;
        entry.clientMsgId = u"x"_s;
        entry.convId = u"c1"_s;
        entry.text = u"a secret"_s;
        entry.createdAt = QDateTime::currentDateTimeUtc();
        entry.order = 1;
        QVERIFY(store.addOutbox(entry)); // the write-ahead log and its index exist now
        QCOMPARE(modeOf(folder), 0700);
        QCOMPARE(modeOf(path), 0600);
        QCOMPARE(modeOf(path + u"-wal"_s), 0600);
        QCOMPARE(modeOf(path + u"-shm"_s), 0600);
    }
    QCOMPARE(modeOf(m_dir->filePath(u"data"_s)), 0755); // only the cache's own folder is narrowed
}

void TstPrivateFiles::widerCacheNarrowedAtStart()
{
    const QString folder = m_dir->filePath(u"old"_s);
    const QString path = folder + u"/cache.sqlite"_s;
    {
        LocalStore store(path);
        QVERIFY(store.isOpen());
    }
    // As an older version left them.
    QFile wal(path + u"-wal"_s);
    QVERIFY(wal.open(QIODevice::WriteOnly));
    wal.close();
    setMode(folder, 0755);
    setMode(path, 0644);
    setMode(path + u"-wal"_s, 0644);
    LocalStore store(path);
    QVERIFY2(store.isOpen(), qPrintable(store.errorText()));
    QCOMPARE(modeOf(folder), 0700);
    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(modeOf(path + u"-wal"_s), 0600);
}

void TstPrivateFiles::tokenFileIsPrivateAndReplacedWhole()
{
    const QString folder = m_dir->filePath(u"app"_s);
    const QString path = FileTokenVault::pathIn(folder);
    FileTokenVault vault(path);
    QCOMPARE(vault.writeNow(u"k1"_s, u"tok-1"_s), QString());
    QCOMPARE(modeOf(folder), 0700);
    QCOMPARE(modeOf(path), 0600);
    const ino_t first = inodeOf(path);
    QCOMPARE(vault.writeNow(u"k2"_s, u"tok-2"_s), QString());
    QCOMPARE(modeOf(path), 0600);
    // A new file renamed over the old one, not the old one rewritten in place.
    QVERIFY(inodeOf(path) != first);
    QCOMPARE(vault.readNow(u"k1"_s), u"tok-1"_s);
    QCOMPARE(vault.readNow(u"k2"_s), u"tok-2"_s);
    // No temporary file left behind.
    QCOMPARE(QDir(folder).entryList(QDir::Files), QStringList { QFileInfo(path).fileName() });
}

void TstPrivateFiles::widerTokenFileNarrowedAtStart()
{
    const QString path = FileTokenVault::pathIn(m_dir->path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"k":"tok"})");
    file.close();
    setMode(path, 0644);
    FileTokenVault vault(path);
    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(vault.readNow(u"k"_s), u"tok"_s);
    // A later write keeps it so.
    QString error;
    QVERIFY(PrivateFiles::writeAtomically(path, "{}", &error));
    QCOMPARE(modeOf(path), 0600);
}
#else
void TstPrivateFiles::cacheIsPrivate() { }
void TstPrivateFiles::widerCacheNarrowedAtStart() { }
void TstPrivateFiles::tokenFileIsPrivateAndReplacedWhole() { }
void TstPrivateFiles::widerTokenFileNarrowedAtStart() { }
#endif

QTEST_MAIN(TstPrivateFiles)
#include "tst_privatefiles.moc"
