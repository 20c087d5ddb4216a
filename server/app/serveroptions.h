#pragma once

#include <QCommandLineOption>
#include <QList>

namespace palaver::server {

/// palaver-server's command-line options with their help texts, in the order --help lists
/// them. CommandLine::parse reads them; the admin commands read theirs (user, announce,
/// bench-seed) through parseAdminCommand.
struct ServerOptions
{
    ServerOptions();
    QList<QCommandLineOption> all() const;

    const QCommandLineOption listen;
    const QCommandLineOption dataDir;
    const QCommandLineOption configFile;
    const QCommandLineOption workers;
    const QCommandLineOption llmKind;
    const QCommandLineOption llmUrl;
    const QCommandLineOption llmModel;
    const QCommandLineOption llmTemperature;
    const QCommandLineOption llmMaxTokens;
    const QCommandLineOption llmMaxTokensField;
    const QCommandLineOption noDetect;
    const QCommandLineOption demoRate;
    const QCommandLineOption shutdownGrace;
    const QCommandLineOption passwordStdin;
    const QCommandLineOption openRegistration;
    const QCommandLineOption tokenCheck;
    const QCommandLineOption announceLevel;
    const QCommandLineOption announceExpires;
    const QCommandLineOption logFormat;
    const QCommandLineOption logRules;
    const QCommandLineOption metricsListen;
    const QCommandLineOption tlsCertificate;
    const QCommandLineOption tlsKey;
    const QCommandLineOption seedUsers;
    const QCommandLineOption seedPrefix;
    const QCommandLineOption seedRoom;
    const QCommandLineOption seedRooms;
    const QCommandLineOption seedTokensOut;
};

} // namespace palaver::server
