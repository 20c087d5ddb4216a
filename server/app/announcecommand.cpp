#include "app/announcecommand.h"

#include "app/commandline.h"
#include "store/announcementstore.h"
#include "store/database.h"
#include "store/privatefiles.h"

#include <QDir>
#include <QRegularExpression>
#include <QTextStream>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

namespace {

QString expiryText(const Announcement& announcement)
{
    return announcement.expiresAt.isValid()
        ? announcement.expiresAt.toLocalTime().toString(Qt::ISODate)
        : QStringLiteral("until withdrawn");
}

} // namespace

QString parseAnnounceCommand(const QStringList& positional, const std::optional<QString>& level,
    const std::optional<QString>& expires, CommandLine* command)
{
    const QString sub = positional.value(1);
    if (sub == "list"_L1 && positional.size() == 2) {
        command->action = CommandLine::Action::AnnounceList;
        return {};
    }
    if (sub == "withdraw"_L1 && positional.size() == 3) {
        command->action = CommandLine::Action::AnnounceWithdraw;
        command->announcement = positional[2];
        return {};
    }
    if (positional.size() != 2 || sub.trimmed().isEmpty()) {
        return u"Usage: palaver-server announce [--level info|warning] [--expires WHEN] TEXT | "
               "announce list | announce withdraw ID (quote the text)"_s;
    }
    if (sub.size() > field::maxAnnouncementChars)
        return u"An announcement is at most %1 characters"_s.arg(field::maxAnnouncementChars);
    command->action = CommandLine::Action::AnnounceAdd;
    command->announcement = sub;
    if (level) {
        const auto parsed = fromWireName<AnnouncementLevel>(*level);
        if (!parsed)
            return u"--level must be info or warning"_s;
        command->announcementLevel = *parsed;
    }
    if (expires) {
        const auto when = parseExpiry(*expires, QDateTime::currentDateTimeUtc());
        if (!when) {
            return u"--expires must be a duration (30m, 2h, 1d) or a future date and time "
                   "(2026-12-05T18:30)"_s;
        }
        command->announcementExpires = *when;
    }
    return {};
}

std::optional<QDateTime> parseExpiry(const QString& text, const QDateTime& now)
{
    static const QRegularExpression duration(u"^(\\d{1,6})([smhd])$"_s);
    if (const auto match = duration.match(text.trimmed()); match.hasMatch()) {
        const qint64 amount = match.captured(1).toLongLong();
        const QChar unit = match.captured(2).at(0);
        const qint64 seconds = unit == u's' ? amount
            : unit == u'm'                  ? amount * 60
            : unit == u'h'                  ? amount * 3600
                                            : amount * 86400;
        if (seconds <= 0)
            return std::nullopt;
        return now.toUTC().addSecs(seconds);
    }
    const QDateTime when = QDateTime::fromString(text.trimmed(), Qt::ISODate);
    if (!when.isValid() || when <= now)
        return std::nullopt;
    return when.toUTC();
}

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
            command.announcementLevel, command.announcement, command.announcementExpires, &error);
        if (!added) {
            err << "palaver-server: " << error << Qt::endl;
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
