#include "markdownstyle.h"

#include <QQuickItem>
#include <QQuickTextDocument>
#include <QScopedValueRollback>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextList>

namespace palaver::ui {

namespace {

bool isCode(const QTextBlockFormat& format)
{
    return format.hasProperty(QTextFormat::BlockCodeFence) || format.nonBreakableLines();
}

} // namespace

MarkdownStyle::MarkdownStyle(QObject* parent)
    : QObject(parent)
{ }

void MarkdownStyle::setTextEdit(QQuickItem* textEdit)
{
    if (m_textEdit == textEdit)
        return;
    disconnect(m_textChanged);
    m_textEdit = textEdit;
    // QQuickTextEdit is private API; its textChanged signal is public through the meta-object.
    if (m_textEdit) {
        const int signal = m_textEdit->metaObject()->indexOfSignal("textChanged()");
        if (signal >= 0) {
            m_textChanged = connect(m_textEdit, m_textEdit->metaObject()->method(signal), this,
                metaObject()->method(metaObject()->indexOfSlot("apply()")));
        }
    }
    Q_EMIT textEditChanged();
    apply();
}

void MarkdownStyle::setParagraphSpacing(qreal spacing)
{
    if (qFuzzyCompare(m_paragraphSpacing, spacing))
        return;
    m_paragraphSpacing = spacing;
    Q_EMIT styleChanged();
    apply();
}

void MarkdownStyle::setCodeBackground(const QColor& colour)
{
    if (m_codeBackground == colour)
        return;
    m_codeBackground = colour;
    Q_EMIT styleChanged();
    apply();
}

QTextDocument* MarkdownStyle::document() const
{
    if (!m_textEdit)
        return nullptr;
    auto* quickDocument = m_textEdit->property("textDocument").value<QQuickTextDocument*>();
    return quickDocument ? quickDocument->textDocument() : nullptr;
}

void MarkdownStyle::apply()
{
    QTextDocument* doc = document();
    if (!doc || m_applying)
        return;
    const QScopedValueRollback guard(m_applying, true);
    applyTo(*doc, m_paragraphSpacing, m_codeBackground);
}

void MarkdownStyle::applyTo(
    QTextDocument& document, qreal paragraphSpacing, const QColor& codeBackground)
{
    QTextCursor cursor(&document);
    cursor.beginEditBlock();
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        QTextBlockFormat format = block.blockFormat();
        const QTextBlock next = block.next();
        const bool code = isCode(format);
        qreal bottom = 0;
        if (next.isValid()) {
            if (code && isCode(next.blockFormat()))
                bottom = 0; // one code block: no gaps in its background
            else if (block.textList() && next.textList() == block.textList())
                bottom = paragraphSpacing / 3;
            else
                bottom = paragraphSpacing;
        }
        QTextBlockFormat wanted = format;
        wanted.setBottomMargin(bottom);
        if (code) {
            wanted.setNonBreakableLines(false);
            wanted.setBackground(codeBackground);
        }
        if (wanted != format) {
            cursor.setPosition(block.position());
            cursor.setBlockFormat(wanted);
        }
        // Qt Quick's text renderer ignores block backgrounds; a character background shows.
        if (code && block.length() > 1) {
            QTextCharFormat tint;
            tint.setBackground(codeBackground);
            cursor.setPosition(block.position());
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(tint);
        }
    }
    cursor.endEditBlock();
}

} // namespace palaver::ui
