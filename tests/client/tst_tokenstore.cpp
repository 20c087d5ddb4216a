#include "fakevault.h"
#include "session/tokenstore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::FileTokenVault;
using palaver::client::TokenStore;
using palaver::test::FakeVault;

namespace {
constexpr int kTimeout = 2000;
constexpr auto kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
// (QFile::permissions also reports the current user's bits: those are left out.)
constexpr auto kOwnerGroupOther = QFileDevice::ReadOwner | QFileDevice::WriteOwner
    | QFileDevice::ExeOwner | QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
    | QFileDevice::ExeOther;
const QString kKey = u"ada@ws://127.0.0.1:1/v1/ws"_s;
} // namespace

/// TokenStore: the keychain first, a private file when the keychain fails or is missing.
class TstTokenStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void workingKeychainKeepsTheTokenOutOfTheFile();
    void failingKeychainFallsBackToAPrivateFile();
    void withoutKeychainTheFileIsUsed();
    void tokenSavedToTheFileIsFoundWhenTheKeychainHasNone();

private:
    QString filePath() const { return FileTokenVault::pathIn(m_dir->path()); }
    /// Saves and waits for the answer; returns its error.
    static QString save(TokenStore& store, const QString& token);
    /// Loads and waits for the answer.
    static std::pair<QString, QString> load(TokenStore& store);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TstTokenStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TstTokenStore::save(TokenStore& store, const QString& token)
{
    std::optional<QString> result;
    store.save(kKey, token, [&](const QString& error) { result = error; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, kTimeout))
        return u"no answer"_s;
    return *result;
}

std::pair<QString, QString> TstTokenStore::load(TokenStore& store)
{
    std::optional<std::pair<QString, QString>> result;
    store.load(kKey,
        [&](const QString& token, const QString& error) { result = std::make_pair(token, error); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, kTimeout))
        return { {}, u"no answer"_s };
    return *result;
}

void TstTokenStore::workingKeychainKeepsTheTokenOutOfTheFile()
{
    auto keychain = std::make_unique<FakeVault>(false);
    FakeVault* vault = keychain.get();
    TokenStore store(std::move(keychain), std::make_unique<FileTokenVault>(filePath()));
    QSignalSpy changed(&store, &TokenStore::descriptionChanged);
    QCOMPARE(store.description(), u"the system keychain"_s);
    QCOMPARE(save(store, u"tok-1"_s), QString());
    QCOMPARE(vault->tokens.value(kKey), u"tok-1"_s);
    QVERIFY(store.fallback()->readNow(kKey).isEmpty());
    QCOMPARE(load(store), std::make_pair(u"tok-1"_s, QString()));
    QCOMPARE(store.description(), u"the system keychain"_s);
    QCOMPARE(changed.size(), 0);
    store.forget(kKey);
    QTRY_VERIFY_WITH_TIMEOUT(vault->tokens.isEmpty(), kTimeout);
}

void TstTokenStore::failingKeychainFallsBackToAPrivateFile()
{
    TokenStore store(
        std::make_unique<FakeVault>(true), std::make_unique<FileTokenVault>(filePath()));
    QSignalSpy changed(&store, &TokenStore::descriptionChanged);
    QCOMPARE(save(store, u"tok-1"_s), QString());
    QCOMPARE(store.description(), u"a private file"_s);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(store.fallback()->readNow(kKey), u"tok-1"_s);
    // Only its owner may read or write the file.
    QCOMPARE(QFile::permissions(filePath()) & kOwnerGroupOther, kOwnerOnly);
    QCOMPARE(load(store), std::make_pair(u"tok-1"_s, QString()));

    store.forget(kKey);
    QVERIFY(store.fallback()->readNow(kKey).isEmpty());
    QCOMPARE(load(store), std::make_pair(QString(), QString()));
}

void TstTokenStore::withoutKeychainTheFileIsUsed()
{
    TokenStore store(nullptr, std::make_unique<FileTokenVault>(filePath()));
    QCOMPARE(store.description(), u"a private file"_s);
    QCOMPARE(save(store, u"tok-2"_s), QString());
    QCOMPARE(store.fallback()->readNow(kKey), u"tok-2"_s);
    QCOMPARE(load(store), std::make_pair(u"tok-2"_s, QString()));
}

void TstTokenStore::tokenSavedToTheFileIsFoundWhenTheKeychainHasNone()
{
    FileTokenVault(filePath()).writeNow(kKey, u"tok-3"_s);
    auto keychain = std::make_unique<FakeVault>(false);
    FakeVault* vault = keychain.get();
    TokenStore store(std::move(keychain), std::make_unique<FileTokenVault>(filePath()));
    QCOMPARE(load(store), std::make_pair(u"tok-3"_s, QString()));
    QCOMPARE(vault->reads, 1); // the keychain was asked first
}

QTEST_GUILESS_MAIN(TstTokenStore)
#include "tst_tokenstore.moc"
