#include "app/modelconfigreader.h"

#include "protocol/limits.h"

#include <QSettings>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace palaver::server::modelconfigreader {

namespace {

bool readInt(QSettings& file, const QString& key, int minimum, int* value)
{
    if (!file.contains(key))
        return true;
    bool ok = false;
    const int number = file.value(key).toString().trimmed().toInt(&ok);
    if (!ok || number < minimum)
        return false;
    *value = number;
    return true;
}

} // namespace

QString envValue(const QStringList& environment, const QString& name)
{
    const QString prefix = name + u'=';
    for (const QString& entry : environment) {
        if (entry.startsWith(prefix))
            return entry.mid(prefix.size());
    }
    return QString();
}

bool readLlmKeys(QSettings& file, const QString& where, LlmConfig* llm, QString* error)
{
    auto fail = [&](const QString& message) {
        *error = u"[%1] %2"_s.arg(where, message);
        return false;
    };
    if (file.contains(u"kind"_s)) {
        const auto kind = LlmConfig::kindFromName(file.value(u"kind"_s).toString().trimmed());
        if (!kind)
            return fail(u"kind must be demo, openai, ollama or anthropic"_s);
        llm->kind = *kind;
    }
    if (file.contains(u"url"_s)) {
        llm->baseUrl = QUrl(file.value(u"url"_s).toString().trimmed());
        if (!llm->baseUrl.isValid() || llm->baseUrl.scheme().isEmpty())
            return fail(u"url must be a URL such as https://api.openai.com/v1"_s);
    }
    llm->model = file.value(u"model"_s, llm->model).toString().trimmed();
    llm->apiKey = file.value(u"api-key"_s, llm->apiKey).toString();
    if (!readInt(file, u"demo-tokens-per-second"_s, 1, &llm->demoTokensPerSecond))
        return fail(u"demo-tokens-per-second must be a positive number"_s);
    if (!readInt(file, u"connect-timeout-ms"_s, 0, &llm->connectTimeoutMs)
        || !readInt(file, u"idle-timeout-ms"_s, 0, &llm->idleTimeoutMs))
        return fail(u"connect-timeout-ms and idle-timeout-ms must be numbers (0 = none)"_s);
    if (!readInt(file, u"max-retries"_s, 0, &llm->maxRetries))
        return fail(u"max-retries must be a number, 0 or more"_s);
    if (file.contains(u"temperature"_s)) {
        bool ok = false;
        const double temperature = file.value(u"temperature"_s).toString().toDouble(&ok);
        if (!ok || temperature < 0)
            return fail(u"temperature must be a number such as 0.7"_s);
        llm->temperature = temperature;
    }
    if (file.contains(u"max-tokens"_s)) {
        int maxTokens = 0;
        if (!readInt(file, u"max-tokens"_s, 1, &maxTokens))
            return fail(u"max-tokens must be a positive number"_s);
        llm->maxTokens = maxTokens;
    }
    llm->maxTokensField
        = file.value(u"max-tokens-field"_s, llm->maxTokensField).toString().trimmed();
    return true;
}

std::optional<QList<ModelSpec>> read(
    QSettings& file, const QStringList& environment, QString* error)
{
    QList<ModelSpec> specs;
    const QString prefix = QLatin1StringView(sectionPrefix);
    for (const QString& group : file.childGroups()) {
        if (!group.startsWith(prefix))
            continue;
        ModelSpec spec;
        spec.id = group.mid(prefix.size());
        if (spec.id.isEmpty() || spec.id.size() > protocol::field::maxModelChars) {
            *error = u"[%1] needs an id after 'model.' of at most %2 characters"_s.arg(group).arg(
                protocol::field::maxModelChars);
            return std::nullopt;
        }
        file.beginGroup(group);
        const bool ok = [&] {
            if (!file.contains(u"kind"_s)) {
                *error = u"[%1] needs kind = demo, openai, ollama or anthropic"_s.arg(group);
                return false;
            }
            if (!readLlmKeys(file, group, &spec.llm, error))
                return false;
            if (spec.llm.baseUrl.isEmpty())
                spec.llm.baseUrl = LlmConfig::defaultBaseUrl(spec.llm.kind);
            spec.apiKeyEnv = file.value(u"api-key-env"_s).toString().trimmed();
            if (!spec.apiKeyEnv.isEmpty()) {
                const QString key = envValue(environment, spec.apiKeyEnv);
                // Unset is not an error: the upstream's 401 then says so, with this hint logged.
                if (!key.isEmpty())
                    spec.llm.apiKey = key;
            }
            if (!readInt(file, u"context-tokens"_s, 0, &spec.contextTokens)) {
                *error = u"[%1] context-tokens must be a number (0 = no limit)"_s.arg(group);
                return false;
            }
            spec.isDefault = file.value(u"default"_s, false).toBool();
            spec.name = file.value(u"name"_s).toString().trimmed();
            if (spec.name.isEmpty())
                spec.name = spec.llm.kind == LlmConfig::Kind::Demo ? u"Demo (offline)"_s
                    : spec.llm.model.isEmpty()                     ? spec.id
                                                                   : spec.llm.model;
            return true;
        }();
        file.endGroup();
        if (!ok)
            return std::nullopt;
        specs.append(spec);
    }
    return specs;
}

ModelSpec singleModel(const LlmConfig& llm, int contextTokens)
{
    ModelSpec spec;
    spec.llm = llm;
    spec.contextTokens = contextTokens;
    spec.isDefault = true;
    if (llm.kind == LlmConfig::Kind::Demo) {
        spec.id = u"demo"_s;
        spec.name = u"Demo (offline)"_s;
    } else {
        spec.id = llm.model.isEmpty() ? LlmConfig::kindName(llm.kind) : llm.model;
        spec.name = spec.id;
    }
    return spec;
}

} // namespace palaver::server::modelconfigreader
