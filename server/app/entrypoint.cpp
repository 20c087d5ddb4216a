#include "app/entrypoint.h"

#include "ai/localmodeldetector.h"
#include "ai/modelregistry.h"
#include "app/announcecommand.h"
#include "app/benchseedcommand.h"
#include "app/commandline.h"
#include "app/server.h"
#include "app/signalwatcher.h"
#include "app/usercommand.h"
#include "log/categories.h"
#include "log/logevent.h"
#include "log/loghandler.h"
#include "net/tlsconfig.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QTextStream>
#include <cstdio>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

namespace {

QString describe(const ModelSpec& spec)
{
    const LlmConfig& llm = spec.llm;
    if (llm.kind == LlmConfig::Kind::Demo)
        return u"the built-in demo model (%1 tokens/s)"_s.arg(llm.demoTokensPerSecond);
    const QString kind = llm.kind == LlmConfig::Kind::OpenAi ? u"OpenAI-compatible API"_s
        : llm.kind == LlmConfig::Kind::Ollama                ? u"Ollama"_s
                                                             : u"Anthropic Messages API"_s;
    return u"%1 at %2, model '%3'%4"_s.arg(kind, llm.baseUrl.toDisplayString(),
        llm.model.isEmpty() ? u"(provider default)"_s : llm.model,
        llm.apiKey.isEmpty()
            ? (spec.apiKeyEnv.isEmpty() ? u", no API key"_s
                                        : u", no API key (%1 is not set)"_s.arg(spec.apiKeyEnv))
            : u", API key set"_s);
}

/// The configured models, or what detection finds when there are none.
QList<ModelSpec> modelSpecs(const ServerConfig& config)
{
    if (!config.detectModels)
        return config.models;
    LocalModelDetector::Options options;
    options.environment = QProcessEnvironment::systemEnvironment().toStringList();
    options.demoTokensPerSecond = config.llm.demoTokensPerSecond;
    qCInfo(lcServer, "no model configured; looking for local LLM servers and API keys");
    std::unique_ptr<LocalModelDetector> detector(
        LocalModelDetector::detectBlocking(std::move(options)));
    for (const QString& line : detector->report())
        qCInfo(lcServer, "  %s", qUtf8Printable(line));
    return detector->models();
}

/// One line with what the server runs with (never a secret: keys and tokens only as set/unset).
void logStart(const CommandLine& command, const Server& server)
{
    const ServerConfig& config = command.config;
    const MetricsConfig& metrics = config.metrics;
    QString metricsWhere;
    if (!metrics.enabled)
        metricsWhere = u"off"_s;
    else if (!metrics.address.isNull())
        metricsWhere = u"on %1:%2"_s.arg(metrics.address.toString()).arg(server.metricsPort());
    else
        metricsWhere = u"on the main port"_s;
    if (metrics.enabled) {
        metricsWhere += metrics.token.isEmpty()
            ? (metrics.address.isNull() ? u" (loopback only)"_s : QString())
            : u" (bearer token set)"_s;
    }
    LogEvent(lcServer(), QtInfoMsg,
        u"starting %1 %2 (Qt %3): data dir %4, config file %5, %6 workers, registration %7, "
        "metrics %8"_s.arg(QCoreApplication::applicationName(),
            QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()), config.dataDir,
            command.configFile.isEmpty() ? u"none"_s : command.configFile,
            config.workers > 0 ? QString::number(config.workers) : u"auto"_s,
            config.openRegistration ? u"open"_s : u"closed"_s, metricsWhere))
        .field("event", u"start"_s)
        .field("version", QCoreApplication::applicationVersion())
        .field("dataDir", config.dataDir)
        .field("configFile", command.configFile);
}

} // namespace

int runPalaverServer(const QStringList& arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    const CommandLine command
        = CommandLine::parse(arguments, QProcessEnvironment::systemEnvironment().toStringList());
    switch (command.action) {
    case CommandLine::Action::Help:
        out << command.helpText;
        return 0;
    case CommandLine::Action::Version:
        out << QCoreApplication::applicationName() << ' ' << QCoreApplication::applicationVersion()
            << Qt::endl;
        return 0;
    case CommandLine::Action::Error:
        err << "palaver-server: " << command.error << Qt::endl;
        return 2;
    default:
        break;
    }
    // Before anything logs. A bad format name was refused while parsing.
    const LogFormat format = logFormatFromName(command.config.log.format, stderrIsJournal())
                                 .value_or(LogFormat::Plain);
    installLogHandler(format, command.config.log.rules);
    if (command.action == CommandLine::Action::BenchSeed)
        return runBenchSeedCommand(command, out, err);
    if (command.isAnnounceCommand())
        return runAnnounceCommand(command, out, err);
    if (command.isAdminCommand())
        return runUserCommand(command, in, out, err);

    const QList<ModelSpec> specs = modelSpecs(command.config);
    ModelRegistry models = ModelRegistry::fromSpecs(specs);
    const QString defaultId = models.defaultEntry().spec.id;
    Server server(command.config, std::move(models));
    QString error;
    if (!server.start(&error)) {
        qCCritical(lcServer, "%s", qUtf8Printable(error));
        return 1;
    }
    logStart(command, server);
    for (const ModelSpec& spec : specs) {
        // Tests and operators grep for "LLM:".
        qCInfo(lcServer, "LLM: %s%s: %s", qUtf8Printable(spec.id),
            spec.id == defaultId ? " (default)" : "", qUtf8Printable(describe(spec)));
    }
    if (!server.tlsSummary().isEmpty())
        qCInfo(lcServer, "TLS: %s", qUtf8Printable(server.tlsSummary()));
    for (const QString& warning : server.tlsWarnings())
        qCWarning(lcServer, "%s", qUtf8Printable(warning));
    const QString plain = plainTextWarning(command.config.address, command.config.tls.enabled());
    if (!plain.isEmpty())
        qCWarning(lcServer, "%s", qUtf8Printable(plain));
    // Tests parse this exact text to learn the port.
    qCInfo(lcServer, "palaver-server listening on %s:%u",
        qUtf8Printable(command.config.address.toString()), uint(server.port()));

    SignalWatcher watcher;
    const int graceMs = command.config.shutdownGraceMs;
    QObject::connect(
        &watcher, &SignalWatcher::terminationRequested, &server, [&server, graceMs](int number) {
            if (server.isShuttingDown()) {
                qCInfo(lcServer, "signal %d again, stopping now", number);
            } else {
                qCInfo(lcServer, "signal %d, shutting down (running replies get %d ms)", number,
                    graceMs);
            }
            server.beginShutdown(graceMs);
        });
    // SIGHUP (systemctl reload, a certbot deploy hook): new connections get the renewed
    // certificate, open ones stay.
    QObject::connect(
        &watcher, &SignalWatcher::reloadRequested, &server, [&server] { server.reloadTls(); });
    QObject::connect(&server, &Server::shutdownFinished, qApp, &QCoreApplication::quit);
    const int code = QCoreApplication::exec();
    server.stop();
    qCInfo(lcServer, "stopped");
    return code;
}

} // namespace palaver::server
