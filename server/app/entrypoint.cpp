#include "app/entrypoint.h"

#include "ai/localmodeldetector.h"
#include "ai/modelregistry.h"
#include "app/commandline.h"
#include "app/server.h"
#include "app/signalwatcher.h"
#include "app/usercommand.h"
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
QList<ModelSpec> modelSpecs(const ServerConfig& config, QTextStream& err)
{
    if (!config.detectModels)
        return config.models;
    LocalModelDetector::Options options;
    options.environment = QProcessEnvironment::systemEnvironment().toStringList();
    options.demoTokensPerSecond = config.llm.demoTokensPerSecond;
    err << "palaver-server: no model configured; looking for local LLM servers and API keys"
        << Qt::endl;
    std::unique_ptr<LocalModelDetector> detector(
        LocalModelDetector::detectBlocking(std::move(options)));
    for (const QString& line : detector->report())
        err << "palaver-server:   " << line << Qt::endl;
    return detector->models();
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
        if (command.isAdminCommand())
            return runUserCommand(command, in, out, err);
        break;
    }

    const QList<ModelSpec> specs = modelSpecs(command.config, err);
    ModelRegistry models = ModelRegistry::fromSpecs(specs);
    const QString defaultId = models.defaultEntry().spec.id;
    Server server(command.config, std::move(models));
    QString error;
    if (!server.start(&error)) {
        err << "palaver-server: " << error << Qt::endl;
        return 1;
    }
    err << "palaver-server: data dir " << command.config.dataDir << Qt::endl;
    if (!command.configFile.isEmpty())
        err << "palaver-server: config file " << command.configFile << Qt::endl;
    for (const ModelSpec& spec : specs) {
        // Tests and operators grep for "LLM:".
        err << "palaver-server: LLM: " << spec.id << (spec.id == defaultId ? " (default)" : "")
            << ": " << describe(spec) << Qt::endl;
    }
    if (!server.tlsSummary().isEmpty())
        err << "palaver-server: TLS: " << server.tlsSummary() << Qt::endl;
    for (const QString& warning : server.tlsWarnings())
        err << "palaver-server: warning: " << warning << Qt::endl;
    const QString plain = plainTextWarning(command.config.address, command.config.tls.enabled());
    if (!plain.isEmpty())
        err << "palaver-server: warning: " << plain << Qt::endl;
    // Tests parse this exact line to learn the port.
    err << "palaver-server listening on " << command.config.address.toString() << ':'
        << server.port() << Qt::endl;

    SignalWatcher watcher;
    const int graceMs = command.config.shutdownGraceMs;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &server,
        [&err, &server, graceMs](int number) {
            if (server.isShuttingDown()) {
                err << "palaver-server: signal " << number << " again, stopping now" << Qt::endl;
            } else {
                err << "palaver-server: signal " << number
                    << ", shutting down (running replies get " << graceMs << " ms)" << Qt::endl;
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
    err << "palaver-server: stopped" << Qt::endl;
    return code;
}

} // namespace palaver::server
