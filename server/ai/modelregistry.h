#pragma once

#include "modelspec.h"
#include "protocol/messages.h"

#include <QList>
#include <memory>
#include <vector>

namespace palaver::server {

class Provider;

/// Every model the server offers, each with its provider, and which one is the default. A
/// conversation names its model by id; an unknown or empty id means the default.
class ModelRegistry
{
public:
    struct Entry
    {
        ModelSpec spec;
        std::unique_ptr<Provider> provider;
    };

    ModelRegistry();
    ~ModelRegistry();
    ModelRegistry(ModelRegistry&&) noexcept;
    ModelRegistry& operator=(ModelRegistry&&) noexcept;

    /// A registry of `specs`, each with the provider createProvider() makes for it. The default
    /// is the first spec marked isDefault, else the first one. Empty `specs` give the demo model.
    static ModelRegistry fromSpecs(const QList<ModelSpec>& specs);
    /// A one-model registry around `provider`, announced as provider->model() says.
    static ModelRegistry single(std::unique_ptr<Provider> provider);

    /// Adds a model; the first one added, or one whose spec isDefault, becomes the default.
    void add(const ModelSpec& spec, std::unique_ptr<Provider> provider);

    /// The model with `id`, or nullptr.
    const Entry* find(const QString& id) const;
    /// The model with `id`, or the default one when `id` is empty or unknown.
    const Entry& resolve(const QString& id) const;
    const Entry& defaultEntry() const;
    /// As announced in `welcome`: every model, in the order added, the default marked.
    QList<protocol::ModelInfo> models() const;
    /// "a, b, c": the ids, for messages.
    QString idList() const;
    bool isEmpty() const { return m_entries.empty(); }

private:
    std::vector<Entry> m_entries;
    std::size_t m_default = 0;
};

} // namespace palaver::server
