#include "session/filetokenvault.h"

#include "store/privatefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {

/// The file's tokens; a missing file holds none.
QJsonObject load(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return {};
    }
    return QJsonDocument::fromJson(file.readAll()).object();
}
} // namespace

FileTokenVault::FileTokenVault(const QString& path, QObject* parent)
    : TokenVault(parent)
    , m_path(path)
{
    // A file an older version wrote with the umask's mode is narrowed before it is read.
    QString error;
    if (!PrivateFiles::narrow(m_path, &error))
        qWarning("palaver: %s", qPrintable(error));
}

QString FileTokenVault::pathIn(const QString& directory)
{
    const QString dir = directory.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        : directory;
    return QDir(dir).filePath(u"session-tokens.json"_s);
}

QString FileTokenVault::description() const
{
    return tr("a private file");
}

QString FileTokenVault::readNow(const QString& key, QString* error) const
{
    return load(m_path, error).value(key).toString();
}

QString FileTokenVault::writeNow(const QString& key, const QString& token)
{
    QString error;
    QJsonObject tokens = load(m_path, &error);
    if (!error.isEmpty())
        return error;
    if (token.isEmpty())
        tokens.remove(key);
    else
        tokens.insert(key, token);
    // Owner-only from the moment it exists, and replaced whole (never a half-written file).
    if (!PrivateFiles::ensureDirectory(QFileInfo(m_path).absolutePath(), &error)
        || !PrivateFiles::writeAtomically(
            m_path, QJsonDocument(tokens).toJson(QJsonDocument::Compact), &error))
        return error;
    return {};
}

QString FileTokenVault::removeNow(const QString& key)
{
    if (!QFile::exists(m_path))
        return {};
    return writeNow(key, {});
}

// The signals come later, as from a keychain, so callers handle one order of events.
void FileTokenVault::read(const QString& key)
{
    QString error;
    const QString token = readNow(key, &error);
    QMetaObject::invokeMethod(
        this, [this, key, token, error] { Q_EMIT readDone(key, token, error); },
        Qt::QueuedConnection);
}

void FileTokenVault::write(const QString& key, const QString& token)
{
    const QString error = writeNow(key, token);
    QMetaObject::invokeMethod(
        this, [this, key, error] { Q_EMIT writeDone(key, error); }, Qt::QueuedConnection);
}

void FileTokenVault::remove(const QString& key)
{
    const QString error = removeNow(key);
    QMetaObject::invokeMethod(
        this, [this, key, error] { Q_EMIT removeDone(key, error); }, Qt::QueuedConnection);
}

} // namespace palaver::client
