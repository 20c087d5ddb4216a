#include "store/privatefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QUuid>

#include <filesystem>
#include <system_error>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {

constexpr auto kOwnerFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr auto kOwnerDirectory
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
constexpr auto kOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
    | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

bool fail(QString* error, const QString& text)
{
    if (error)
        *error = text;
    return false;
}

/// Drops every group and other bit of an existing `path`.
bool narrowTo(const QString& path, QFileDevice::Permissions owner, QString* error)
{
    const QFileInfo info(path);
    if (!info.exists())
        return true;
    if (!(info.permissions() & kOthers))
        return true;
    if (!QFile::setPermissions(path, owner))
        return fail(error, QObject::tr("Cannot make %1 private").arg(path));
    return true;
}

} // namespace

bool PrivateFiles::ensureDirectory(const QString& directory, QString* error)
{
    const QString path = QDir::cleanPath(QDir(directory).absolutePath());
    if (QFileInfo(path).isDir())
        return narrowTo(path, kOwnerDirectory, error);
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(error, QObject::tr("Cannot create the folder %1").arg(info.absolutePath()));
    // Created with its mode (mkdir(2) with 0700): no moment in which it is open to others.
    if (!QDir().mkdir(path, kOwnerDirectory) && !QFileInfo(path).isDir())
        return fail(error, QObject::tr("Cannot create the folder %1").arg(path));
    return narrowTo(path, kOwnerDirectory, error); // another process made it meanwhile
}

bool PrivateFiles::ensureFile(const QString& path, QString* error)
{
    if (QFileInfo::exists(path))
        return narrow(path, error);
    QFile file(path);
    // NewOnly: O_CREAT | O_EXCL with mode 0600.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerFile)) {
        if (QFileInfo::exists(path))
            return narrow(path, error); // made meanwhile by someone else: narrow it
        return fail(error, QObject::tr("Cannot create %1: %2").arg(path, file.errorString()));
    }
    return true;
}

bool PrivateFiles::narrow(const QString& path, QString* error)
{
    return narrowTo(path, kOwnerFile, error);
}

bool PrivateFiles::writeAtomically(const QString& path, const QByteArray& data, QString* error)
{
    // Not QSaveFile: it creates its temporary file with the umask's mode and narrows it only
    // afterwards, and someone who opened it in between keeps reading.
    const QString temporary
        = u"%1.%2.tmp"_s.arg(path, QUuid::createUuid().toString(QUuid::Id128).left(12));
    QFile file(temporary);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerFile))
        return fail(error, QObject::tr("Cannot write %1: %2").arg(temporary, file.errorString()));
    if (file.write(data) != data.size() || !file.flush()) {
        const QString why = file.errorString();
        file.close();
        file.remove();
        return fail(error, QObject::tr("Cannot write %1: %2").arg(temporary, why));
    }
    file.close();
    // rename(2) replaces the old file in one step (MoveFileEx with REPLACE_EXISTING on Windows).
    std::error_code failure;
    std::filesystem::rename(
        file.filesystemFileName(), QFileInfo(path).filesystemFilePath(), failure);
    if (failure) {
        QFile::remove(temporary);
        return fail(error,
            QObject::tr("Cannot replace %1: %2")
                .arg(path, QString::fromLocal8Bit(failure.message())));
    }
    return true;
}

} // namespace palaver::client
