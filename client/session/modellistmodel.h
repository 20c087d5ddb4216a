#pragma once

#include "protocol/messages.h"

#include <QAbstractListModel>

namespace palaver::client {

/// The models the server can answer with (`welcome.models`), in the server's order: what the
/// model picker offers.
class ModelListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    /// The id of the server's default model; empty when the server named none.
    Q_PROPERTY(QString defaultModelId READ defaultModelId NOTIFY countChanged)

public:
    enum Role {
        /// The model's id (what conversations store); named so because `id` is taken in QML.
        ModelIdRole = Qt::UserRole + 1,
        NameRole,
        IsDefaultRole,
    };
    Q_ENUM(Role)

    explicit ModelListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setModels(const QList<protocol::ModelInfo>& models);
    QString defaultModelId() const;
    /// The row of `modelId`, or -1 (the picker's currentIndex).
    Q_INVOKABLE int indexOf(const QString& modelId) const;
    /// The id in `row`, or empty.
    Q_INVOKABLE QString modelIdAt(int row) const;
    /// The display name of `modelId`; the id itself when the server did not list it.
    Q_INVOKABLE QString nameOf(const QString& modelId) const;

Q_SIGNALS:
    void countChanged();

private:
    QList<protocol::ModelInfo> m_models;
};

} // namespace palaver::client
