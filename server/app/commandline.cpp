#include "app/commandline.h"

#include "app/announcecommand.h"
#include "app/limitsconfigreader.h"
#include "app/modelconfigreader.h"
#include "app/operatorconfigreader.h"
#include "log/logformat.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using modelconfigreader::envValue;
using modelconfigreader::readLlmKeys;

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
announcement reaches clients within a few seconds): it re-checks live sessions'
tokens every few seconds ([server] token-check-interval-ms) and closes revoked ones (4401).

Models: several models go in the config file, one [model.ID] section each (see
docs/operations.md). With no model configured at all, the server looks for Ollama on
127.0.0.1:11434, llama.cpp on 127.0.0.1:8080, OPENAI_API_KEY and ANTHROPIC_API_KEY.

Environment:
  PALAVER_LLM_API_KEY           API key for the LLM (falls back to OPENAI_API_KEY, or
                                ANTHROPIC_API_KEY for anthropic, then [llm] api-key)
  PALAVER_METRICS_TOKEN         bearer token GET /metrics requires (or [metrics] token)
)";

bool readContextTokens(QSettings& file, int* contextTokens, QString* error)
{
    bool ok = true;
    if (file.contains(u"context-tokens"_s))
        *contextTokens = file.value(u"context-tokens"_s).toString().toInt(&ok);
    if (ok && *contextTokens >= 0)
        return true;
    *error = u"[llm] context-tokens must be a number (0 = no limit)"_s;
    return false;
}

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
    const QCommandLineOption listen(u"listen"_s,
        u"Address and port to listen on (default 127.0.0.1:8765; port 0 picks a free one)."_s,
        u"host:port"_s);
    const QCommandLineOption dataDir(u"data-dir"_s,
        u"Where the database lives (default: the per-user application data folder)."_s, u"dir"_s);
    const QCommandLineOption configFile(u"config"_s,
        u"INI file with [server] and [llm] sections; the command line wins."_s, u"file"_s);
    const QCommandLineOption workers(
        u"workers"_s, u"Network worker threads (default: one per CPU core)."_s, u"n"_s);
    const QCommandLineOption llmKind(u"llm-kind"_s,
        u"Which LLM answers: 'demo' (built in, offline), 'openai' (any OpenAI-compatible "
        "Chat Completions server), 'ollama' (Ollama's native API) or 'anthropic'. Default: demo."_s,
        u"kind"_s);
    const QCommandLineOption llmUrl(u"llm-url"_s,
        u"Base URL of the LLM API, e.g. https://api.openai.com/v1 (the default for openai), "
        "http://127.0.0.1:11434 (ollama), https://api.anthropic.com/v1 (anthropic)."_s,
        u"url"_s);
    const QCommandLineOption llmModel(u"llm-model"_s, u"Upstream model id."_s, u"id"_s);
    const QCommandLineOption llmTemperature(u"llm-temperature"_s,
        u"Sampling temperature, e.g. 0.7 (default: the upstream's)."_s, u"t"_s);
    const QCommandLineOption llmMaxTokens(u"llm-max-tokens"_s,
        u"Most tokens in one reply (default: the upstream's; 4096 for anthropic)."_s, u"n"_s);
    const QCommandLineOption llmMaxTokensField(u"llm-max-tokens-field"_s,
        u"Request field for --llm-max-tokens with openai: max_tokens (default) or "
        "max_completion_tokens (OpenAI's reasoning models)."_s,
        u"name"_s);
    const QCommandLineOption noDetect(u"no-detect"_s,
        u"With no model configured, do not look for local LLM servers or API keys: serve the "
        "demo model."_s);
    const QCommandLineOption demoRate(
        u"demo-tokens-per-second"_s, u"Pace of the demo model (default 30)."_s, u"n"_s);
    const QCommandLineOption shutdownGrace(u"shutdown-grace-ms"_s,
        u"On SIGTERM/SIGINT, how long running replies may go on before they end as interrupted "
        "(default 10000; 0 = at once)."_s,
        u"ms"_s);
    const QCommandLineOption passwordStdin(u"password-stdin"_s,
        u"With 'user add' and 'user reset-password': read the password from standard input."_s);
    const QCommandLineOption openRegistration(u"open-registration"_s,
        u"Let people create their own account from the sign-in page (default: off)."_s);
    const QCommandLineOption tokenCheck(u"token-check-interval-ms"_s,
        u"How often live sessions' tokens are checked again, so a revoked one is closed "
        "(default 5000; 0 = never)."_s,
        u"ms"_s);
    const QCommandLineOption announceLevel(
        u"level"_s, u"With 'announce': info (default) or warning."_s, u"level"_s);
    const QCommandLineOption announceExpires(u"expires"_s,
        u"With 'announce': when it expires, as a duration (30m, 2h, 1d) or a date and time "
        "(2026-12-05T18:30, local time). Default: until withdrawn."_s,
        u"when"_s);
    const QCommandLineOption logFormat(u"log-format"_s,
        u"How log lines are written: auto (journald under systemd, else plain), plain, "
        "journald or json."_s,
        u"format"_s);
    const QCommandLineOption logRules(u"log-rules"_s,
        u"Which log categories to write, e.g. 'palaver.net.info=false;palaver.*.debug=true'."_s,
        u"rules"_s);
    const QCommandLineOption metricsListen(u"metrics-listen"_s,
        u"Serve GET /metrics on its own address (host:port) instead of the main port."_s,
        u"host:port"_s);
    const QCommandLineOption tlsCertificate(u"tls-certificate"_s,
        u"PEM certificate with its chain (e.g. certbot's fullchain.pem): the port then speaks "
        "only TLS (https://, wss://). Needs --tls-key. Reloaded on SIGHUP."_s,
        u"file"_s);
    const QCommandLineOption tlsKey(u"tls-key"_s,
        u"PEM private key of --tls-certificate (e.g. privkey.pem), not encrypted."_s, u"file"_s);
    const QCommandLineOption seedUsers(
        u"users"_s, u"With 'bench-seed': how many users to create."_s, u"n"_s);
    const QCommandLineOption seedPrefix(
        u"prefix"_s, u"With 'bench-seed': the users' name prefix (names P0, P1, ...)."_s, u"p"_s);
    const QCommandLineOption seedRoom(u"room"_s,
        u"With 'bench-seed': the title of a room with all the users (none if not given)."_s,
        u"title"_s);
    const QCommandLineOption seedRooms(u"rooms"_s,
        u"With 'bench-seed': how many rooms (default 1), user i in room i mod R."_s, u"r"_s);
    const QCommandLineOption seedTokensOut(u"tokens-out"_s,
        u"With 'bench-seed': the file for the room ids (first line) and one token per line."_s,
        u"file"_s);
    parser.addOptions({ listen, dataDir, configFile, workers, llmKind, llmUrl, llmModel,
        llmTemperature, llmMaxTokens, llmMaxTokensField, noDetect, demoRate, shutdownGrace,
        passwordStdin, openRegistration, tokenCheck, logFormat, logRules, metricsListen,
        announceLevel, announceExpires, tlsCertificate, tlsKey, seedUsers, seedPrefix, seedRoom,
        seedRooms, seedTokensOut });
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
    bool llmConfigured = false; // by [llm] or an --llm-* option
    int llmContextTokens = 0;
    QList<ModelSpec> fileModels;

    // 1. The config file, if any.
    if (parser.isSet(configFile)) {
        result.configFile = parser.value(configFile);
        if (!QFileInfo(result.configFile).isReadable())
            return fail(u"Cannot read the config file %1"_s.arg(result.configFile));
        QSettings file(result.configFile, QSettings::IniFormat);
        if (file.status() != QSettings::NoError)
            return fail(u"The config file %1 is not a valid INI file"_s.arg(result.configFile));
        file.beginGroup(u"server"_s);
        if (file.contains(u"listen"_s)
            && !parseHostPort(file.value(u"listen"_s).toString(), &config.address, &config.port))
            return fail(u"[server] listen must be host:port"_s);
        config.dataDir = file.value(u"data-dir"_s).toString();
        config.workers = file.value(u"workers"_s, 0).toInt();
        config.serverName = file.value(u"name"_s, config.serverName).toString();
        config.limits.maxFrameBytes
            = file.value(u"max-frame-bytes"_s, config.limits.maxFrameBytes).toLongLong();
        config.limits.maxTextChars
            = file.value(u"max-text-chars"_s, config.limits.maxTextChars).toInt();
        qint64& maxQueuedBytes = config.serverLimits.connections.maxQueuedBytes;
        maxQueuedBytes = file.value(u"max-queued-bytes"_s, maxQueuedBytes).toLongLong();
        config.pingIntervalMs = file.value(u"ping-interval-ms"_s, config.pingIntervalMs).toInt();
        if (file.contains(u"shutdown-grace-ms"_s)) {
            bool ok = false;
            config.shutdownGraceMs = file.value(u"shutdown-grace-ms"_s).toString().toInt(&ok);
            if (!ok || config.shutdownGraceMs < 0)
                return fail(u"[server] shutdown-grace-ms must be a number of milliseconds (0 = "
                            "interrupt running replies at once)"_s);
        }
        config.openRegistration
            = file.value(u"open-registration"_s, config.openRegistration).toBool();
        if (file.contains(u"token-check-interval-ms"_s)) {
            bool ok = false;
            config.tokenCheckIntervalMs
                = file.value(u"token-check-interval-ms"_s).toString().toInt(&ok);
            if (!ok || config.tokenCheckIntervalMs < 0)
                return fail(u"[server] token-check-interval-ms must be a number of "
                            "milliseconds (0 = never)"_s);
        }
        if (file.contains(u"token-lifetime-days"_s)) {
            bool ok = false;
            const int days = file.value(u"token-lifetime-days"_s).toString().toInt(&ok);
            if (!ok || days < 1)
                return fail(u"[server] token-lifetime-days must be a positive number"_s);
            config.tokenLifetimeSeconds = qint64(days) * 24 * 3600;
        }
        file.endGroup();
        // [tls]: paths relative to the config file's folder.
        const QDir configDir = QFileInfo(result.configFile).absoluteDir();
        file.beginGroup(u"tls"_s);
        for (const auto& [key, path] : { std::pair { u"certificate"_s, &config.tls.certificate },
                 std::pair { u"key"_s, &config.tls.key } }) {
            const QString value = file.value(key).toString();
            *path = value.isEmpty() ? QString() : configDir.absoluteFilePath(value);
        }
        file.endGroup();
        // [limits] after [server]: its max-queued-bytes wins over the older [server] key.
        QString limitsError;
        if (!limitsconfigreader::read(file, &config.serverLimits, &limitsError))
            return fail(limitsError);
        if (!operatorconfigreader::read(file, &config.log, &config.metrics, &limitsError))
            return fail(limitsError);
        // The single-LLM section: one model, used when there is no [model.ID] section.
        llmConfigured = file.childGroups().contains(u"llm"_s);
        file.beginGroup(u"llm"_s);
        QString error;
        const bool llmOk = readLlmKeys(file, u"llm"_s, &llm, &error)
            && readContextTokens(file, &llmContextTokens, &error);
        file.endGroup();
        if (!llmOk)
            return fail(error);
        const auto models = modelconfigreader::read(file, environment, &error);
        if (!models)
            return fail(error);
        fileModels = *models;
    }

    // 2. The command line wins.
    if (parser.isSet(listen) && !parseHostPort(parser.value(listen), &config.address, &config.port))
        return fail(u"--listen must be host:port, e.g. 127.0.0.1:8765"_s);
    if (parser.isSet(dataDir))
        config.dataDir = parser.value(dataDir);
    if (parser.isSet(tlsCertificate))
        config.tls.certificate = parser.value(tlsCertificate);
    if (parser.isSet(tlsKey))
        config.tls.key = parser.value(tlsKey);
    if (config.tls.certificate.isEmpty() != config.tls.key.isEmpty())
        return fail(u"TLS needs both a certificate and a key ([tls] certificate and key, or "
                    "--tls-certificate and --tls-key)"_s);
    if (parser.isSet(workers)) {
        bool ok = false;
        config.workers = parser.value(workers).toInt(&ok);
        if (!ok || config.workers < 1 || config.workers > 256)
            return fail(u"--workers must be a number from 1 to 256"_s);
    }
    const bool llmOnCommandLine = parser.isSet(llmKind) || parser.isSet(llmUrl)
        || parser.isSet(llmModel) || parser.isSet(llmTemperature) || parser.isSet(llmMaxTokens)
        || parser.isSet(llmMaxTokensField);
    llmConfigured = llmConfigured || llmOnCommandLine;
    if (parser.isSet(llmKind)) {
        const auto kind = LlmConfig::kindFromName(parser.value(llmKind));
        if (!kind)
            return fail(u"--llm-kind must be demo, openai, ollama or anthropic"_s);
        llm.kind = *kind;
    }
    if (parser.isSet(llmUrl))
        llm.baseUrl = QUrl(parser.value(llmUrl));
    if (parser.isSet(llmModel))
        llm.model = parser.value(llmModel);
    if (parser.isSet(llmTemperature)) {
        bool ok = false;
        const double temperature = parser.value(llmTemperature).toDouble(&ok);
        if (!ok || temperature < 0)
            return fail(u"--llm-temperature must be a number such as 0.7"_s);
        llm.temperature = temperature;
    }
    if (parser.isSet(llmMaxTokens)) {
        bool ok = false;
        const int maxTokens = parser.value(llmMaxTokens).toInt(&ok);
        if (!ok || maxTokens < 1)
            return fail(u"--llm-max-tokens must be a positive number"_s);
        llm.maxTokens = maxTokens;
    }
    if (parser.isSet(llmMaxTokensField)) {
        llm.maxTokensField = parser.value(llmMaxTokensField);
        if (llm.maxTokensField.isEmpty())
            return fail(u"--llm-max-tokens-field must name a field, e.g. max_tokens"_s);
    }
    if (parser.isSet(shutdownGrace)) {
        bool ok = false;
        config.shutdownGraceMs = parser.value(shutdownGrace).toInt(&ok);
        if (!ok || config.shutdownGraceMs < 0)
            return fail(u"--shutdown-grace-ms must be a number of milliseconds (0 = at once)"_s);
    }
    if (parser.isSet(openRegistration))
        config.openRegistration = true;
    if (parser.isSet(tokenCheck)) {
        bool ok = false;
        config.tokenCheckIntervalMs = parser.value(tokenCheck).toInt(&ok);
        if (!ok || config.tokenCheckIntervalMs < 0)
            return fail(
                u"--token-check-interval-ms must be a number of milliseconds (0 = never)"_s);
    }
    if (parser.isSet(logFormat))
        config.log.format = parser.value(logFormat);
    if (parser.isSet(logRules))
        config.log.rules = parser.value(logRules);
    if (parser.isSet(metricsListen)
        && !parseHostPort(
            parser.value(metricsListen), &config.metrics.address, &config.metrics.port))
        return fail(u"--metrics-listen must be host:port, e.g. 127.0.0.1:9465"_s);
    if (!logFormatFromName(config.log.format, false))
        return fail(u"--log-format / [log] format must be auto, plain, journald or json"_s);
    if (const QString token = envValue(environment, u"PALAVER_METRICS_TOKEN"_s); !token.isEmpty())
        config.metrics.token = token;
    if (parser.isSet(demoRate)) {
        bool ok = false;
        llm.demoTokensPerSecond = parser.value(demoRate).toInt(&ok);
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
    if (llmOnCommandLine || (fileModels.isEmpty() && llmConfigured))
        config.models = { modelconfigreader::singleModel(llm, llmContextTokens) };
    else if (!fileModels.isEmpty())
        config.models = fileModels;
    else if (parser.isSet(noDetect))
        config.models = { modelconfigreader::singleModel(llm, 0) };
    config.detectModels = config.models.isEmpty();
    if (config.dataDir.isEmpty())
        config.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (config.limits.maxFrameBytes < 1024 || config.limits.maxTextChars < 1)
        return fail(
            u"[server] max-frame-bytes must be at least 1024 and max-text-chars positive"_s);

    const QStringList positional = parser.positionalArguments();
    result.passwordFromStdin = parser.isSet(passwordStdin);
    if (positional.isEmpty())
        return result;
    const QString group = positional.first();
    const QString sub = positional.value(1);
    const bool named = positional.size() == 3;
    if (named)
        result.userName = positional[2];
    const auto needsPassword = [&](Action action) {
        if (!result.passwordFromStdin)
            return fail(u"user %1 needs --password-stdin (passwords never go on the command "
                        "line)"_s.arg(sub));
        result.action = action;
        return result;
    };
    if (group == "user"_L1) {
        if (sub == "list"_L1 && positional.size() == 2)
            result.action = Action::UserList;
        else if (sub == "add"_L1 && named)
            return needsPassword(Action::UserAdd);
        else if (sub == "reset-password"_L1 && named)
            return needsPassword(Action::UserResetPassword);
        else if (sub == "remove"_L1 && named)
            result.action = Action::UserRemove;
        else if (sub == "disable"_L1 && named)
            result.action = Action::UserDisable;
        else if (sub == "unlock"_L1 && named)
            result.action = Action::UserUnlock;
        else if (sub == "enable"_L1 && named)
            result.action = Action::UserEnable;
        else
            return fail(u"Usage: palaver-server user add NAME --password-stdin | user list | "
                        "user disable NAME | user enable NAME | user reset-password NAME "
                        "--password-stdin | user remove NAME | user unlock NAME"_s);
    } else if (group == "token"_L1) {
        if (sub == "revoke"_L1 && named)
            result.action = Action::TokenRevoke;
        else if (sub == "list"_L1 && named)
            result.action = Action::TokenList;
        else
            return fail(u"Usage: palaver-server token revoke NAME | token list NAME"_s);
    } else if (group == "announce"_L1) {
        const auto optional = [&parser](const QCommandLineOption& option) {
            return parser.isSet(option) ? std::optional<QString>(parser.value(option))
                                        : std::nullopt;
        };
        if (const QString error = parseAnnounceCommand(
                positional, optional(announceLevel), optional(announceExpires), &result);
            !error.isEmpty())
            return fail(error);
    } else if (group == "bench-seed"_L1) {
        bool ok = false;
        const int users = parser.value(seedUsers).toInt(&ok);
        bool roomsOk = true;
        const int rooms = parser.isSet(seedRooms) ? parser.value(seedRooms).toInt(&roomsOk) : 1;
        // Every room needs an owner among the users; rooms without a title make no sense.
        roomsOk = roomsOk && rooms >= 1 && rooms <= users
            && (rooms == 1 || !parser.value(seedRoom).isEmpty());
        if (positional.size() != 1 || !ok || users < 1 || users > 10000000 || !roomsOk
            || parser.value(seedPrefix).isEmpty() || parser.value(seedTokensOut).isEmpty())
            return fail(u"Usage: palaver-server bench-seed --users N --prefix P "
                        "[--room TITLE [--rooms R]] --tokens-out FILE (R from 1 to N)"_s);
        result.action = Action::BenchSeed;
        result.benchSeed = { users, parser.value(seedPrefix), parser.value(seedRoom),
            parser.value(seedTokensOut), rooms };
    } else {
        return fail(u"Unknown command '%1' (try --help)"_s.arg(group));
    }
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
