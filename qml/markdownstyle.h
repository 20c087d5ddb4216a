#pragma once

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QQuickItem>
#include <QtQml/qqmlregistration.h>

class QTextDocument;

namespace palaver::ui {

/// Gives a TextEdit's rendered Markdown the spacing a chat bubble needs: space between
/// paragraphs and lists, and code blocks that wrap on a tinted background. Qt's Markdown import
/// leaves paragraphs flush and code lines unbreakable (they would overflow the bubble).
class MarkdownStyle : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    /// The TextEdit (textFormat: TextEdit.MarkdownText) to style after each text change.
    Q_PROPERTY(QQuickItem* textEdit READ textEdit WRITE setTextEdit NOTIFY textEditChanged)
    /// Space after a paragraph, a list or a code block, in pixels.
    Q_PROPERTY(
        qreal paragraphSpacing READ paragraphSpacing WRITE setParagraphSpacing NOTIFY styleChanged)
    Q_PROPERTY(
        QColor codeBackground READ codeBackground WRITE setCodeBackground NOTIFY styleChanged)

public:
    explicit MarkdownStyle(QObject* parent = nullptr);

    QQuickItem* textEdit() const { return m_textEdit; }
    void setTextEdit(QQuickItem* textEdit);
    qreal paragraphSpacing() const { return m_paragraphSpacing; }
    void setParagraphSpacing(qreal spacing);
    QColor codeBackground() const { return m_codeBackground; }
    void setCodeBackground(const QColor& colour);

    /// Styles `document` in place (also used by the tests).
    static void applyTo(
        QTextDocument& document, qreal paragraphSpacing, const QColor& codeBackground);

Q_SIGNALS:
    void textEditChanged();
    void styleChanged();

private Q_SLOTS:
    void apply();

private:
    QTextDocument* document() const;

    QPointer<QQuickItem> m_textEdit;
    QMetaObject::Connection m_textChanged;
    qreal m_paragraphSpacing = 8;
    QColor m_codeBackground { 0xe5, 0xe7, 0xeb };
    bool m_applying = false;
};

} // namespace palaver::ui
