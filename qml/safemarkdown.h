#pragma once

#include <QObject>
#include <QtQml/qqmlregistration.h>

class QTextDocument;

namespace palaver::ui {

/// Turns Markdown written by someone else (an assistant's reply: a prompt injection can make it
/// say anything) into rich text for a bubble that cannot reach out or restyle the app: images
/// become "[image: alt]" text (a link when their address is http(s)), inline HTML is shown as the
/// text it is, and links that are not http(s) lose their link. Emphasis, code, lists, tables,
/// headings and http(s) links stay.
///
/// Why rich text and not TextEdit.MarkdownText: Qt Quick's TextEdit loads every image the
/// Markdown names as it lays the text out (remote ones through the engine's network manager) and
/// honours inline HTML styles, and it offers no hook to refuse either in Qt 6.4. Parsing here
/// first, with HTML off, and handing over HTML that names no image leaves it nothing to fetch.
class SafeMarkdown : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    explicit SafeMarkdown(QObject* parent = nullptr);

    /// `markdown` as sanitised rich text (an HTML fragment) for a TextEdit.RichText.
    Q_INVOKABLE static QString toHtml(const QString& markdown);
    /// Parses `markdown` into `document` (GitHub dialect, inline HTML as text) and sanitises it.
    static void load(QTextDocument& document, const QString& markdown);
    /// Replaces images by text and drops links that are not http(s), in place.
    static void sanitize(QTextDocument& document);
};

} // namespace palaver::ui
