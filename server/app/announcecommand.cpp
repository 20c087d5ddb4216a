#include "app/announcecommand.h"

#include "app/commandline.h"
#include "store/announcementstore.h"
#include "store/database.h"
#include "store/privatefiles.h"

#include <QDir>
#include <QTextStream>

namespace palaver::server {

using namespace palaver::protocol;

namespace {

QString expiryText(const Announcement& announcement)
{
    return announcement.expiresAt.isValid()
        ? announcement.expiresAt.toLocalTime().toString(Qt::ISODate)
        : QStringLiteral("until withdrawn");
}

} // namespace

int runAnnounceCommand(const CommandLine& command, QTextStream& out, QTextStream& err)
{
    QString error;
    if (!privatefiles::makePrivateDirectory(command.config.dataDir, &error)) {
        err << "palaver-server: " << error << Qt::endl;
        return 1;
    }
    Database db;
    if (!db.open(QDir(command.config.dataDir).filePath(Database::fileName()))) {
        err << "palaver-server: " << db.errorString() << Qt::endl;
        return 1;
    }
    AnnouncementStore store(db);
    switch (command.action) {
    case CommandLine::Action::AnnounceAdd: {
        const auto added = store.add(
            command.announcementLevel, command.announcement, command.announcementExpires);
        if (!added) {
            err << "palaver-server: " << db.errorString() << Qt::endl;
            return 1;
        }
        out << "Announcement " << added->announcementId << " (" << wireName(added->level) << ", "
            << expiryText(*added) << ") stored; a running server sends it within a "
            << "few seconds" << Qt::endl;
        return 0;
    }
    case CommandLine::Action::AnnounceList:
        for (const Announcement& announcement : store.all()) {
            out << announcement.announcementId << '\t' << wireName(announcement.level) << '\t'
                << expiryText(announcement) << '\t' << announcement.text << Qt::endl;
        }
        return 0;
    case CommandLine::Action::AnnounceWithdraw:
        if (!store.withdraw(command.announcement)) {
            err << "palaver-server: no announcement " << command.announcement
                << " to withdraw (see 'announce list')" << Qt::endl;
            return 1;
        }
        out << "Withdrew announcement " << command.announcement << Qt::endl;
        return 0;
    default:
        return 2;
    }
}

} // namespace palaver::server
