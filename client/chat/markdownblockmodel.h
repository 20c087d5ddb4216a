#pragma once

#include "chat/markdownblocks.h"

#include <QAbstractListModel>

namespace palaver::client {

/// One message's Markdown as a list of blocks, for a bubble to show with a delegate per block.
/// As a reply streams in, rows are appended and only the last row (the block still growing)
/// changes: a finished block's delegate is never touched again, so it is never parsed or laid
/// out again. While streaming, the last block shows its unfinished inline markers hidden or
/// closed (StreamingTail).
class MarkdownBlockModel : public QAbstractListModel
{
    Q_OBJECT
    /// The message's whole Markdown so far (at most maxChars of it is split).
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    /// The text is still streaming in: the last block may be unfinished.
    Q_PROPERTY(bool streaming READ isStreaming WRITE setStreaming NOTIFY streamingChanged)

public:
    /// Longer text is cut here (twice the server's limit on one message).
    static constexpr qsizetype maxChars = 65536;

    enum Role {
        /// "paragraph", "heading", "code", "table", "quote" or "list".
        KindRole = Qt::UserRole + 1,
        /// The block's Markdown; a code block's code.
        TextRole,
        /// A code block's language, else "".
        LanguageRole,
    };
    Q_ENUM(Role)

    explicit MarkdownBlockModel(QObject* parent = nullptr);

    QString text() const { return m_text; }
    void setText(const QString& text);
    bool isStreaming() const { return m_streaming; }
    void setStreaming(bool streaming);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void textChanged();
    void streamingChanged();

private:
    /// What the splitter's blocks look like on screen now (the tail tidied while streaming).
    QList<MarkdownBlock> shownBlocks() const;
    /// Moves the rows from what is shown to `blocks`; rows before `unchanged` are the same.
    void show(QList<MarkdownBlock> blocks, qsizetype unchanged);

    QString m_text;
    bool m_streaming = false;
    MarkdownBlockSplitter m_splitter;
    QList<MarkdownBlock> m_rows;
};

} // namespace palaver::client
