#include "session/modellistmodel.h"

namespace palaver::client {

ModelListModel::ModelListModel(QObject* parent)
    : QAbstractListModel(parent)
{ }

int ModelListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_models.size());
}

QVariant ModelListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& model = m_models.at(index.row());
    switch (role) {
    case ModelIdRole:
        return model.id;
    case Qt::DisplayRole:
    case NameRole:
        return model.name.isEmpty() ? model.id : model.name;
    case IsDefaultRole:
        return model.isDefault;
    default:
        return {};
    }
}

QHash<int, QByteArray> ModelListModel::roleNames() const
{
    return { { ModelIdRole, "modelId" }, { NameRole, "name" }, { IsDefaultRole, "isDefault" } };
}

void ModelListModel::setModels(const QList<protocol::ModelInfo>& models)
{
    if (models == m_models)
        return;
    beginResetModel();
    m_models = models;
    endResetModel();
    // defaultModelId shares the signal, so it is emitted on any change, not only of the count.
    Q_EMIT countChanged();
}

QString ModelListModel::defaultModelId() const
{
    for (const auto& model : m_models) {
        if (model.isDefault)
            return model.id;
    }
    return m_models.isEmpty() ? QString() : m_models.constFirst().id;
}

int ModelListModel::indexOf(const QString& modelId) const
{
    for (int i = 0; i < m_models.size(); ++i) {
        if (m_models.at(i).id == modelId)
            return i;
    }
    return -1;
}

QString ModelListModel::modelIdAt(int row) const
{
    return row >= 0 && row < m_models.size() ? m_models.at(row).id : QString();
}

QString ModelListModel::nameOf(const QString& modelId) const
{
    const int row = indexOf(modelId);
    if (row < 0 || m_models.at(row).name.isEmpty())
        return modelId;
    return m_models.at(row).name;
}

} // namespace palaver::client
