#include "app/benchseedcommand.h"

#include "app/benchseed.h"
#include "app/commandline.h"
#include "store/database.h"
#include "store/privatefiles.h"

#include <QDir>
#include <QFile>
#include <QTextStream>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

namespace {

/// Writes `seed` to `path`, owner-only from the first byte: the tokens sign in as the users.
bool writeTokens(const QString& path, const BenchSeed& seed, QString* error)
{
    constexpr auto ownerOnly = QFile::ReadOwner | QFile::WriteOwner;
    QFile file(path);
    // The permissions apply when the file is created; an existing one is narrowed before writing.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, ownerOnly)
        || !file.setPermissions(ownerOnly)) {
        *error = u"Cannot write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    QByteArray text = seed.convIds.join(u' ').toUtf8() + '\n';
    for (const QString& token : seed.tokens)
        text += token.toUtf8() + '\n';
    if (file.write(text) != text.size() || !file.flush()) {
        *error = u"Cannot write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

int runBenchSeedCommand(const CommandLine& command, QTextStream& out, QTextStream& err)
{
    const QString dataDir = command.config.dataDir;
    QString error;
    if (!privatefiles::makePrivateDirectory(dataDir, &error)) {
        err << "palaver-server: " << error << Qt::endl;
        return 1;
    }
    Database db;
    if (!db.open(QDir(dataDir).filePath(Database::fileName()))) {
        err << "palaver-server: " << db.errorString() << Qt::endl;
        return 1;
    }
    const CommandLine::BenchSeedOptions& options = command.benchSeed;
    BenchSeedSpec spec;
    spec.users = options.users;
    spec.prefix = options.prefix;
    spec.roomTitle = options.room;
    spec.rooms = options.rooms;
    spec.tokenLifetimeSeconds = command.config.tokenLifetimeSeconds;
    const std::optional<BenchSeed> seed = seedBench(db, spec, &error);
    if (!seed || !writeTokens(options.tokensOut, *seed, &error)) {
        err << "palaver-server: " << error << Qt::endl;
        return 1;
    }
    out << "Seeded " << seed->tokens.size() << " bench users " << options.prefix << "0.."
        << options.prefix << (seed->tokens.size() - 1)
        << (seed->convIds.isEmpty()            ? u" (no room)"_s
                   : seed->convIds.size() == 1 ? u" in room "_s + seed->convIds.first()
                                               : u" in %1 rooms"_s.arg(seed->convIds.size()))
        << "; tokens in " << options.tokensOut << Qt::endl;
    return 0;
}

} // namespace palaver::server
