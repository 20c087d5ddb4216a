#pragma once

#include "ai/modelspec.h"

#include <QList>
#include <QStringList>
#include <optional>

class QSettings;

namespace palaver::server::modelconfigreader {

/// The prefix of a model's section: [model.gpt4o] configures the model with id "gpt4o".
inline constexpr auto sectionPrefix = "model.";

/// Every [model.ID] section of `file`, in id order. API keys named by `api-key-env` are read from
/// `environment` (NAME=value entries). On a bad value, nothing and `error` says which.
std::optional<QList<ModelSpec>> read(
    QSettings& file, const QStringList& environment, QString* error);

/// Reads the model keys (kind, url, model, temperature, …) of the current group of `file` into
/// `llm`; shared by [llm] and [model.ID]. `where` names the section in errors.
bool readLlmKeys(QSettings& file, const QString& where, LlmConfig* llm, QString* error);

/// The one model the single-LLM settings ([llm], --llm-*) describe: id and name are the upstream
/// model id (the kind's name when there is none), "demo" for the demo model.
ModelSpec singleModel(const LlmConfig& llm, int contextTokens);

/// The value of NAME in `environment` (NAME=value entries), empty if unset.
QString envValue(const QStringList& environment, const QString& name);

} // namespace palaver::server::modelconfigreader
