#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace palaver::client {

/// One block of a Markdown reply, shown by a delegate of its own.
struct MarkdownBlock
{
    enum class Kind { Paragraph, Heading, Code, Table, Quote, List };

    Kind kind = Kind::Paragraph;
    /// The block's Markdown source (a code block: its lines without the fences), no trailing
    /// newline.
    QString text;
    /// A code block's language (the first word of its fence's info string), else empty.
    QString language;

    bool operator==(const MarkdownBlock& other) const = default;
};

/// The lower-case name QML and the tests use for a kind ("paragraph", "code", ...).
QString kindName(MarkdownBlock::Kind kind);

/// Splits Markdown into blocks (fenced code, headings, tables, quotes, lists, paragraphs) as a
/// reply streams in. A block is *finished* once a complete line after it shows it cannot grow;
/// finished blocks never change again, so update() scans only from the end of the last finished
/// block: a streamed reply costs in proportion to its length, not its length squared. Whatever
/// follows the last finished block is the *open* block, which may still change (even its kind).
/// Splitting in one go and splitting as the text grows give the same blocks.
///
/// Only complete lines (ending in '\n') decide where a block ends; the split is line-based
/// CommonMark/GitHub block structure, simplified where the rendering of the block by Qt's own
/// Markdown parser comes out the same (a setext heading stays in its paragraph, a pipe table
/// without a leading '|' stays in the paragraph it is in).
class MarkdownBlockSplitter
{
public:
    /// At most this many blocks: everything after the last but one goes into the last, so a
    /// hostile reply of a million one-line headings cannot make a million delegates.
    static constexpr int maxBlocks = 1000;

    /// Splits `text`, which must extend the text given last time (call reset() when it does
    /// not): only what follows the last finished block is looked at again.
    void update(const QString& text);
    /// Forgets everything.
    void reset();

    const QList<MarkdownBlock>& finished() const { return m_finished; }
    const std::optional<MarkdownBlock>& open() const { return m_open; }
    /// The finished blocks and the open one.
    QList<MarkdownBlock> blocks() const;

    /// The blocks of `text` split in one go.
    static QList<MarkdownBlock> split(const QString& text);

private:
    QList<MarkdownBlock> m_finished;
    std::optional<MarkdownBlock> m_open;
    /// Where the next block may start: just after the last finished block.
    qsizetype m_resume = 0;
};

} // namespace palaver::client
