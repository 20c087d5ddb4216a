#include "store/privatefiles.h"

#include <QDir>
#include <QFile>

namespace palaver::server::privatefiles {

using namespace Qt::Literals::StringLiterals;

bool makePrivateDirectory(const QString& path, QString* error)
{
    if (!QDir().mkpath(path)) {
        *error = u"Cannot create the data directory %1"_s.arg(path);
        return false;
    }
    // The store holds password hashes and every conversation: nobody else on the machine may
    // list or read it.
    if (!QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner)) {
        *error = u"Cannot make the data directory %1 private (mode 0700)"_s.arg(path);
        return false;
    }
    return true;
}

bool makePrivateDatabaseFiles(const QString& databasePath, QString* error)
{
    const QFile::Permissions ownerOnly = QFile::ReadOwner | QFile::WriteOwner;
    if (!QFile::exists(databasePath)) {
        QFile file(databasePath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, ownerOnly)) {
            *error = u"Cannot create the database %1: %2"_s.arg(databasePath, file.errorString());
            return false;
        }
    }
    for (const QString& suffix : { QString(), u"-wal"_s, u"-shm"_s, u"-journal"_s }) {
        const QString path = databasePath + suffix;
        if (QFile::exists(path) && !QFile::setPermissions(path, ownerOnly)) {
            *error = u"Cannot make %1 private (mode 0600)"_s.arg(path);
            return false;
        }
    }
    return true;
}

} // namespace palaver::server::privatefiles
