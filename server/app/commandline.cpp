#include "app/commandline.h"

#include "app/admincommandline.h"
#include "app/configfilereader.h"
#include "app/modelconfigreader.h"
#include "app/serveroptions.h"
#include "log/logformat.h"

#include <QCommandLineParser>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using modelconfigreader::envValue;

namespace {

constexpr auto description
    = R"(Palaver chat server: accounts, conversations and LLM replies over WebSocket.

Commands:
  (none)                        run the server
  user add NAME --password-stdin  create an account, reading the password from standard input
  user list                     list the accounts (name, created, enabled/disabled)
  user disable NAME             refuse the account's sign-ins and end its sessions
  user enable NAME              allow a disabled account to sign in again
  user reset-password NAME --password-stdin
                                set a new password and end the account's sessions
  user remove NAME              remove an account (it leaves its rooms and DMs; its
                                private AI chats are deleted)
  user unlock NAME              clear the account's failed sign-ins, so it may sign in
                                at once (after a lockout)
  token revoke NAME             end every session of the account (it must sign in again)
  token list NAME               the account's unexpired session tokens (hash prefix, expiry)
  announce [--level info|warning] [--expires 2h|2026-12-05T18:30] TEXT
                                tell everyone signed in (and everyone who signs in while it
                                holds) something, e.g. "maintenance at 18:00"
  announce list                 the announcements not withdrawn (id, level, expiry, text)
  announce withdraw ID          take an announcement back (clients hide it)
  bench-seed --users N --prefix P [--room TITLE [--rooms R]] --tokens-out FILE
                                benchmarks only: create users P0..P(N-1) that can sign in
                                with a token only, one token each and R rooms (default 1)
                                with the users spread over them, and write the room ids and
                                the tokens to FILE (0600)

The user, token and announce commands also work while the server runs (a new or withdrawn
announcement reaches clients within a few seconds): it reads the revocations they write
every few seconds ([server] token-check-interval-ms) and closes the sessions they end (4401).

Models: several models go in the config file, one [model.ID] section each (see
docs/operations.md). With no model configured at all, the server looks for Ollama on
127.0.0.1:11434, llama.cpp on 127.0.0.1:8080, OPENAI_API_KEY and ANTHROPIC_API_KEY.

Environment:
  PALAVER_LLM_API_KEY           API key for the LLM (falls back to OPENAI_API_KEY, or
                                ANTHROPIC_API_KEY for anthropic, then [llm] api-key)
  PALAVER_METRICS_TOKEN         bearer token GET /metrics requires (or [metrics] token)
)";

} // namespace

bool parseHostPort(const QString& text, QHostAddress* address, quint16* port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535)
        return false;
    QHostAddress parsed;
    if (host == "localhost"_L1)
        parsed = QHostAddress::LocalHost;
    else if (!parsed.setAddress(host))
        return false;
    *address = parsed;
    *port = quint16(number);
    return true;
}

CommandLine CommandLine::parse(const QStringList& arguments, const QStringList& environment)
{
    CommandLine result;
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(description));
    parser.addHelpOption();
    parser.addVersionOption();
    const ServerOptions options;
    parser.addOptions(options.all());
    parser.addPositionalArgument(u"command"_s,
        u"Optional: user add|list|disable|enable|reset-password|remove|unlock [NAME], "
        "token revoke|list NAME, announce TEXT|list|withdraw ID."_s,
        u"[user|token|announce ...]"_s);

    result.helpText = parser.helpText();
    auto fail = [&result](const QString& message) {
        result.action = Action::Error;
        result.error = message;
        return result;
    };
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(u"help"_s)) {
        result.action = Action::Help;
        return result;
    }
    if (parser.isSet(u"version"_s)) {
        result.action = Action::Version;
        return result;
    }

    ServerConfig& config = result.config;
    LlmConfig& llm = config.llm;
    ConfigFileModels file;

    // 1. The config file, if any.
    if (parser.isSet(options.configFile)) {
        result.configFile = parser.value(options.configFile);
        if (const QString error = readConfigFile(result.configFile, environment, &config, &file);
            !error.isEmpty())
            return fail(error);
    }

    // 2. The command line wins.
    if (parser.isSet(options.listen)
        && !parseHostPort(parser.value(options.listen), &config.address, &config.port))
        return fail(u"--listen must be host:port, e.g. 127.0.0.1:8765"_s);
    if (parser.isSet(options.dataDir))
        config.dataDir = parser.value(options.dataDir);
    if (parser.isSet(options.tlsCertificate))
        config.tls.certificate = parser.value(options.tlsCertificate);
    if (parser.isSet(options.tlsKey))
        config.tls.key = parser.value(options.tlsKey);
    if (config.tls.certificate.isEmpty() != config.tls.key.isEmpty())
        return fail(u"TLS needs both a certificate and a key ([tls] certificate and key, or "
                    "--tls-certificate and --tls-key)"_s);
    if (parser.isSet(options.workers)) {
        bool ok = false;
        config.workers = parser.value(options.workers).toInt(&ok);
        if (!ok || config.workers < 1 || config.workers > 256)
            return fail(u"--workers must be a number from 1 to 256"_s);
    }
    const bool llmOnCommandLine = parser.isSet(options.llmKind) || parser.isSet(options.llmUrl)
        || parser.isSet(options.llmModel) || parser.isSet(options.llmTemperature)
        || parser.isSet(options.llmMaxTokens) || parser.isSet(options.llmMaxTokensField);
    if (parser.isSet(options.llmKind)) {
        const auto kind = LlmConfig::kindFromName(parser.value(options.llmKind));
        if (!kind)
            return fail(u"--llm-kind must be demo, openai, ollama or anthropic"_s);
        llm.kind = *kind;
    }
    if (parser.isSet(options.llmUrl))
        llm.baseUrl = QUrl(parser.value(options.llmUrl));
    if (parser.isSet(options.llmModel))
        llm.model = parser.value(options.llmModel);
    if (parser.isSet(options.llmTemperature)) {
        bool ok = false;
        const double temperature = parser.value(options.llmTemperature).toDouble(&ok);
        if (!ok || temperature < 0)
            return fail(u"--llm-temperature must be a number such as 0.7"_s);
        llm.temperature = temperature;
    }
    if (parser.isSet(options.llmMaxTokens)) {
        bool ok = false;
        const int maxTokens = parser.value(options.llmMaxTokens).toInt(&ok);
        if (!ok || maxTokens < 1)
            return fail(u"--llm-max-tokens must be a positive number"_s);
        llm.maxTokens = maxTokens;
    }
    if (parser.isSet(options.llmMaxTokensField)) {
        llm.maxTokensField = parser.value(options.llmMaxTokensField);
        if (llm.maxTokensField.isEmpty())
            return fail(u"--llm-max-tokens-field must name a field, e.g. max_tokens"_s);
    }
    if (parser.isSet(options.shutdownGrace)) {
        bool ok = false;
        config.shutdownGraceMs = parser.value(options.shutdownGrace).toInt(&ok);
        if (!ok || config.shutdownGraceMs < 0)
            return fail(u"--shutdown-grace-ms must be a number of milliseconds (0 = at once)"_s);
    }
    if (parser.isSet(options.openRegistration))
        config.openRegistration = true;
    if (parser.isSet(options.tokenCheck)) {
        bool ok = false;
        config.tokenCheckIntervalMs = parser.value(options.tokenCheck).toInt(&ok);
        if (!ok || config.tokenCheckIntervalMs < 0)
            return fail(
                u"--token-check-interval-ms must be a number of milliseconds (0 = never)"_s);
    }
    if (parser.isSet(options.logFormat))
        config.log.format = parser.value(options.logFormat);
    if (parser.isSet(options.logRules))
        config.log.rules = parser.value(options.logRules);
    if (parser.isSet(options.metricsListen)
        && !parseHostPort(
            parser.value(options.metricsListen), &config.metrics.address, &config.metrics.port))
        return fail(u"--metrics-listen must be host:port, e.g. 127.0.0.1:9465"_s);
    if (!logFormatFromName(config.log.format, false))
        return fail(u"--log-format / [log] format must be auto, plain, journald or json"_s);
    if (const QString token = envValue(environment, u"PALAVER_METRICS_TOKEN"_s); !token.isEmpty())
        config.metrics.token = token;
    if (parser.isSet(options.demoRate)) {
        bool ok = false;
        llm.demoTokensPerSecond = parser.value(options.demoRate).toInt(&ok);
        if (!ok || llm.demoTokensPerSecond < 1)
            return fail(u"--demo-tokens-per-second must be a positive number"_s);
    }

    // 3. Environment and defaults.
    QString key = envValue(environment, u"PALAVER_LLM_API_KEY"_s);
    if (key.isEmpty()) {
        key = envValue(environment,
            llm.kind == LlmConfig::Kind::Anthropic ? u"ANTHROPIC_API_KEY"_s : u"OPENAI_API_KEY"_s);
    }
    if (!key.isEmpty())
        llm.apiKey = key;
    if (llm.baseUrl.isEmpty())
        llm.baseUrl = LlmConfig::defaultBaseUrl(llm.kind);
    if (!llm.baseUrl.isEmpty() && !llm.baseUrl.isValid())
        return fail(u"The LLM URL is not valid"_s);
    // 4. Which models: --llm-* options replace the file's models (the command line wins), then
    // [model.ID] sections, then [llm]; with none of them, detection at start-up.
    if (llmOnCommandLine || (file.models.isEmpty() && file.llmSection))
        config.models = { modelconfigreader::singleModel(llm, file.llmContextTokens) };
    else if (!file.models.isEmpty())
        config.models = file.models;
    else if (parser.isSet(options.noDetect))
        config.models = { modelconfigreader::singleModel(llm, 0) };
    config.detectModels = config.models.isEmpty();
    if (config.dataDir.isEmpty())
        config.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (config.limits.maxFrameBytes < 1024 || config.limits.maxTextChars < 1)
        return fail(
            u"[server] max-frame-bytes must be at least 1024 and max-text-chars positive"_s);

    if (const QString error = parseAdminCommand(parser, options, &result); !error.isEmpty())
        return fail(error);
    return result;
}

bool CommandLine::isAnnounceCommand() const
{
    return action == Action::AnnounceAdd || action == Action::AnnounceList
        || action == Action::AnnounceWithdraw;
}

bool CommandLine::isAdminCommand() const
{
    switch (action) {
    case Action::UserAdd:
    case Action::UserList:
    case Action::UserRemove:
    case Action::UserDisable:
    case Action::UserEnable:
    case Action::UserResetPassword:
    case Action::UserUnlock:
    case Action::TokenRevoke:
    case Action::TokenList:
    case Action::AnnounceAdd:
    case Action::AnnounceList:
    case Action::AnnounceWithdraw:
    case Action::BenchSeed:
        return true;
    case Action::Serve:
    case Action::Help:
    case Action::Version:
    case Action::Error:
        return false;
    }
    return false;
}

} // namespace palaver::server
