#include "safemarkdown.h"

#include "externallinks.h"

#include <QGuiApplication>
#include <QPalette>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace palaver::ui {

namespace {

/// One stretch of the document to rewrite: an image (with its alt text) or a refused link.
struct Span
{
    int start = 0;
    int end = 0;
    QTextCharFormat format;
    QString alt;
};

QString imageUrl(const Span& span)
{
    return span.format.toImageFormat().name();
}

/// What an image's placeholder links to: the link around the image, else the image itself,
/// when either is http(s); else nothing (it is plain text).
QString placeholderTarget(const Span& span)
{
    if (ExternalLinks::isAllowed(span.format.anchorHref()))
        return span.format.anchorHref();
    return ExternalLinks::isAllowed(imageUrl(span)) ? imageUrl(span) : QString();
}

void replaceImage(QTextCursor& cursor, const Span& span)
{
    const QString alt = span.alt.simplified();
    QString text
        = alt.isEmpty() ? SafeMarkdown::tr("[image]") : SafeMarkdown::tr("[image: %1]").arg(alt);
    QTextCharFormat format;
    format.setFontItalic(true);
    const QString target = placeholderTarget(span);
    if (!target.isEmpty()) {
        text += u" (%1)"_s.arg(QUrl(target).host());
        format.setAnchor(true);
        format.setAnchorHref(target);
        format.setForeground(QGuiApplication::palette().link());
    }
    cursor.setPosition(span.start);
    cursor.setPosition(span.end, QTextCursor::KeepAnchor);
    cursor.insertText(text, format);
}

void unlink(QTextCursor& cursor, const Span& span)
{
    QTextCharFormat format = span.format;
    format.setAnchor(false);
    format.clearProperty(QTextFormat::AnchorHref);
    format.clearProperty(QTextFormat::AnchorName);
    format.clearForeground(); // no link colour on what is no longer a link
    cursor.setPosition(span.start);
    cursor.setPosition(span.end, QTextCursor::KeepAnchor);
    cursor.setCharFormat(format);
}

} // namespace

SafeMarkdown::SafeMarkdown(QObject* parent)
    : QObject(parent)
{ }

QString SafeMarkdown::toHtml(const QString& markdown)
{
    QTextDocument document;
    load(document, markdown);
    // The whole document, not a fragment of it: a fragment drops the first block's list and
    // quote formatting (a reply's block that is a list would lose its bullets). The <body>'s
    // font is dropped so that the TextEdit's own font stays in charge.
    static const QRegularExpression bodyStyle(u"<body style=\"[^\"]*\">"_s);
    return document.toHtml().replace(bodyStyle, u"<body>"_s);
}

void SafeMarkdown::load(QTextDocument& document, const QString& markdown)
{
    // Inline HTML is shown as the text it is rather than stripped: an assistant that writes
    // "use <br> here" or "Vec<T>" outside backticks means those characters, and dropping tags
    // would silently eat them. Shown as text it cannot style anything.
    document.setMarkdown(markdown,
        QTextDocument::MarkdownFeatures(
            QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
    sanitize(document);
}

void SafeMarkdown::sanitize(QTextDocument& document)
{
    QList<Span> images;
    QList<Span> links;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            const QTextCharFormat format = fragment.charFormat();
            const Span span { fragment.position(), fragment.position() + fragment.length(), format,
                format.stringProperty(QTextFormat::ImageAltText) };
            if (format.isImageFormat()) {
                // Qt makes one image per formatted part of an alt text ("![a *b*](u)"): one
                // placeholder for them all.
                if (!images.isEmpty() && images.last().end == span.start
                    && imageUrl(images.last()) == imageUrl(span)) {
                    images.last().end = span.end;
                    images.last().alt += span.alt;
                } else {
                    images.append(span);
                }
            } else if ((format.isAnchor() || format.hasProperty(QTextFormat::AnchorHref))
                && !ExternalLinks::isAllowed(format.anchorHref())) {
                links.append(span);
            }
        }
    }
    if (images.isEmpty() && links.isEmpty())
        return;
    // Rewrite from the end backwards: an edit moves every position after it.
    QList<std::pair<Span, bool>> edits; // bool: an image
    for (const Span& span : std::as_const(images))
        edits.append({ span, true });
    for (const Span& span : std::as_const(links))
        edits.append({ span, false });
    std::sort(edits.begin(), edits.end(),
        [](const auto& a, const auto& b) { return a.first.start > b.first.start; });
    QTextCursor cursor(&document);
    cursor.beginEditBlock();
    for (const auto& [span, image] : std::as_const(edits)) {
        if (image)
            replaceImage(cursor, span);
        else
            unlink(cursor, span);
    }
    cursor.endEditBlock();
}

} // namespace palaver::ui
