#pragma once

#include "app/serverconfig.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace palaver::server {

/// What the config file says about models, kept apart because the command line decides
/// between them afterwards (CommandLine::parse, step 4).
struct ConfigFileModels
{
    bool llmSection = false; ///< the file has an [llm] section
    int llmContextTokens = 0; ///< its context-tokens
    QList<ModelSpec> models; ///< its [model.ID] sections
};

/// Reads palaver-server's INI config file into `config` ([server], [tls], [limits], [log],
/// [metrics], [llm] into config->llm) and `models`; keys that are absent keep what `config`
/// holds. `environment` supplies the API key variables [model.ID] sections name. The error to
/// show; empty when fine.
QString readConfigFile(const QString& path, const QStringList& environment, ServerConfig* config,
    ConfigFileModels* models);

} // namespace palaver::server
