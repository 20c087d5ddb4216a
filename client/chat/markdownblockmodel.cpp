#include "markdownblockmodel.h"

#include "chat/streamingtail.h"

namespace palaver::client {

MarkdownBlockModel::MarkdownBlockModel(QObject* parent)
    : QAbstractListModel(parent)
{ }

void MarkdownBlockModel::setText(const QString& text)
{
    const QString bounded = text.left(maxChars);
    if (bounded == m_text)
        return;
    const bool extends = bounded.startsWith(m_text);
    m_text = bounded;
    if (!extends) {
        // Replaced rather than extended (an edit, another message): split it all again.
        beginResetModel();
        m_splitter.reset();
        m_splitter.update(m_text);
        m_rows = shownBlocks();
        endResetModel();
    } else {
        const qsizetype finishedBefore = m_splitter.finished().size();
        m_splitter.update(m_text);
        show(shownBlocks(), finishedBefore);
    }
    Q_EMIT textChanged();
}

void MarkdownBlockModel::setStreaming(bool streaming)
{
    if (m_streaming == streaming)
        return;
    m_streaming = streaming;
    show(shownBlocks(), m_splitter.finished().size());
    Q_EMIT streamingChanged();
}

QList<MarkdownBlock> MarkdownBlockModel::shownBlocks() const
{
    QList<MarkdownBlock> blocks = m_splitter.blocks();
    if (m_streaming && m_splitter.open())
        blocks.last() = StreamingTail::tidy(blocks.last());
    return blocks;
}

void MarkdownBlockModel::show(QList<MarkdownBlock> blocks, qsizetype unchanged)
{
    const qsizetype common = std::min(m_rows.size(), blocks.size());
    for (qsizetype row = unchanged; row < common; ++row) {
        if (m_rows[row] == blocks[row])
            continue;
        QList<int> roles;
        if (m_rows[row].kind != blocks[row].kind)
            roles.append(KindRole);
        if (m_rows[row].text != blocks[row].text)
            roles.append(TextRole);
        if (m_rows[row].language != blocks[row].language)
            roles.append(LanguageRole);
        m_rows[row] = blocks[row];
        Q_EMIT dataChanged(index(int(row)), index(int(row)), roles);
    }
    if (blocks.size() > m_rows.size()) {
        beginInsertRows({}, int(m_rows.size()), int(blocks.size() - 1));
        m_rows.append(blocks.sliced(m_rows.size()));
        endInsertRows();
    } else if (blocks.size() < m_rows.size()) {
        beginRemoveRows({}, int(blocks.size()), int(m_rows.size() - 1));
        m_rows.resize(blocks.size());
        endRemoveRows();
    }
}

int MarkdownBlockModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MarkdownBlockModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MarkdownBlock& block = m_rows.at(index.row());
    switch (role) {
    case KindRole:
        return kindName(block.kind);
    case TextRole:
    case Qt::DisplayRole:
        return block.text;
    case LanguageRole:
        return block.language;
    default:
        return {};
    }
}

QHash<int, QByteArray> MarkdownBlockModel::roleNames() const
{
    return { { KindRole, "kind" }, { TextRole, "text" }, { LanguageRole, "language" } };
}

} // namespace palaver::client
