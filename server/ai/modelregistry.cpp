#include "modelregistry.h"

#include "demomodel.h"
#include "provider.h"
#include "providerfactory.h"

#include <QStringList>

using namespace Qt::Literals::StringLiterals;

namespace palaver::server {

ModelRegistry::ModelRegistry() = default;
ModelRegistry::~ModelRegistry() = default;
ModelRegistry::ModelRegistry(ModelRegistry&&) noexcept = default;
ModelRegistry& ModelRegistry::operator=(ModelRegistry&&) noexcept = default;

ModelRegistry ModelRegistry::fromSpecs(const QList<ModelSpec>& specs)
{
    ModelRegistry registry;
    for (const ModelSpec& spec : specs)
        registry.add(spec, createProvider(spec.llm));
    if (registry.isEmpty())
        registry = single(std::make_unique<DemoModel>(LlmConfig {}));
    return registry;
}

ModelRegistry ModelRegistry::single(std::unique_ptr<Provider> provider)
{
    const protocol::ModelInfo info = provider->model();
    ModelSpec spec;
    spec.id = info.id;
    spec.name = info.name.isEmpty() ? info.id : info.name;
    spec.isDefault = true;
    ModelRegistry registry;
    registry.add(spec, std::move(provider));
    return registry;
}

void ModelRegistry::add(const ModelSpec& spec, std::unique_ptr<Provider> provider)
{
    const bool firstDefault
        = spec.isDefault && (m_entries.empty() || !m_entries.at(m_default).spec.isDefault);
    m_entries.push_back(Entry { spec, std::move(provider) });
    if (firstDefault)
        m_default = m_entries.size() - 1;
}

const ModelRegistry::Entry* ModelRegistry::find(const QString& id) const
{
    for (const Entry& entry : m_entries) {
        if (entry.spec.id == id)
            return &entry;
    }
    return nullptr;
}

const ModelRegistry::Entry& ModelRegistry::resolve(const QString& id) const
{
    // A stale id (a model removed from the config since) falls back rather than failing the
    // conversation for good.
    if (const Entry* entry = id.isEmpty() ? nullptr : find(id))
        return *entry;
    return defaultEntry();
}

const ModelRegistry::Entry& ModelRegistry::defaultEntry() const
{
    return m_entries.at(m_default);
}

QList<protocol::ModelInfo> ModelRegistry::models() const
{
    QList<protocol::ModelInfo> result;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const ModelSpec& spec = m_entries.at(i).spec;
        result.append({ spec.id, spec.name, i == m_default });
    }
    return result;
}

QString ModelRegistry::idList() const
{
    QStringList ids;
    for (const Entry& entry : m_entries)
        ids.append(entry.spec.id);
    return ids.join(u", "_s);
}

} // namespace palaver::server
