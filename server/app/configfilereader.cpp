#include "app/configfilereader.h"

#include "app/commandline.h"
#include "app/limitsconfigreader.h"
#include "app/modelconfigreader.h"
#include "app/operatorconfigreader.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using modelconfigreader::readLlmKeys;

namespace {

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

QString readConfigFile(const QString& path, const QStringList& environment, ServerConfig* config,
    ConfigFileModels* models)
{
    if (!QFileInfo(path).isReadable())
        return u"Cannot read the config file %1"_s.arg(path);
    QSettings file(path, QSettings::IniFormat);
    if (file.status() != QSettings::NoError)
        return u"The config file %1 is not a valid INI file"_s.arg(path);
    file.beginGroup(u"server"_s);
    if (file.contains(u"listen"_s)
        && !parseHostPort(file.value(u"listen"_s).toString(), &config->address, &config->port))
        return u"[server] listen must be host:port"_s;
    config->dataDir = file.value(u"data-dir"_s).toString();
    config->workers = file.value(u"workers"_s, 0).toInt();
    config->serverName = file.value(u"name"_s, config->serverName).toString();
    config->limits.maxFrameBytes
        = file.value(u"max-frame-bytes"_s, config->limits.maxFrameBytes).toLongLong();
    config->limits.maxTextChars
        = file.value(u"max-text-chars"_s, config->limits.maxTextChars).toInt();
    qint64& maxQueuedBytes = config->serverLimits.connections.maxQueuedBytes;
    maxQueuedBytes = file.value(u"max-queued-bytes"_s, maxQueuedBytes).toLongLong();
    config->pingIntervalMs = file.value(u"ping-interval-ms"_s, config->pingIntervalMs).toInt();
    if (file.contains(u"shutdown-grace-ms"_s)) {
        bool ok = false;
        config->shutdownGraceMs = file.value(u"shutdown-grace-ms"_s).toString().toInt(&ok);
        if (!ok || config->shutdownGraceMs < 0)
            return u"[server] shutdown-grace-ms must be a number of milliseconds (0 = "
                   "interrupt running replies at once)"_s;
    }
    config->openRegistration
        = file.value(u"open-registration"_s, config->openRegistration).toBool();
    if (file.contains(u"token-check-interval-ms"_s)) {
        bool ok = false;
        config->tokenCheckIntervalMs
            = file.value(u"token-check-interval-ms"_s).toString().toInt(&ok);
        if (!ok || config->tokenCheckIntervalMs < 0)
            return u"[server] token-check-interval-ms must be a number of "
                   "milliseconds (0 = never)"_s;
    }
    if (file.contains(u"token-lifetime-days"_s)) {
        bool ok = false;
        const int days = file.value(u"token-lifetime-days"_s).toString().toInt(&ok);
        if (!ok || days < 1)
            return u"[server] token-lifetime-days must be a positive number"_s;
        config->tokenLifetimeSeconds = qint64(days) * 24 * 3600;
    }
    file.endGroup();
    // [tls]: paths relative to the config file's folder.
    const QDir configDir = QFileInfo(path).absoluteDir();
    file.beginGroup(u"tls"_s);
    for (const auto& [key, target] : { std::pair { u"certificate"_s, &config->tls.certificate },
             std::pair { u"key"_s, &config->tls.key } }) {
        const QString value = file.value(key).toString();
        *target = value.isEmpty() ? QString() : configDir.absoluteFilePath(value);
    }
    file.endGroup();
    // [limits] after [server]: its max-queued-bytes wins over the older [server] key.
    QString limitsError;
    if (!limitsconfigreader::read(file, &config->serverLimits, &limitsError))
        return limitsError;
    if (!operatorconfigreader::read(file, &config->log, &config->metrics, &limitsError))
        return limitsError;
    // The single-LLM section: one model, used when there is no [model.ID] section.
    models->llmSection = file.childGroups().contains(u"llm"_s);
    file.beginGroup(u"llm"_s);
    QString error;
    const bool llmOk = readLlmKeys(file, u"llm"_s, &config->llm, &error)
        && readContextTokens(file, &models->llmContextTokens, &error);
    file.endGroup();
    if (!llmOk)
        return error;
    const auto fileModels = modelconfigreader::read(file, environment, &error);
    if (!fileModels)
        return error;
    models->models = *fileModels;
    return {};
}

} // namespace palaver::server
