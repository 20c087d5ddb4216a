#include "streamingtail.h"

#include <QStringList>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {

bool isMarker(QChar c)
{
    return c == u'*' || c == u'_' || c == u'~' || c == u'`';
}

bool isListItemStart(QStringView line)
{
    const QStringView rest = line.trimmed();
    if (rest.size() >= 2 && QStringView(u"-*+").contains(rest[0]) && rest[1] == u' ')
        return true;
    qsizetype digits = 0;
    while (digits < rest.size() && rest[digits].isDigit())
        ++digits;
    return digits > 0 && digits + 1 < rest.size() && (rest[digits] == u'.' || rest[digits] == u')')
        && rest[digits + 1] == u' ';
}

/// Where the paragraph the text ends in starts: inline markup cannot reach back past it.
qsizetype lastParagraphStart(const QString& text)
{
    qsizetype lineStart = text.lastIndexOf(u'\n') + 1;
    qsizetype lineEnd = text.size();
    if (QStringView(text).sliced(lineStart).trimmed().startsWith(u'|'))
        return text.lastIndexOf(u'|') + 1; // a table row: its last cell
    // Back over the paragraph's lines to a blank line or a list item's first line.
    while (lineStart > 0
        && !isListItemStart(QStringView(text).sliced(lineStart, lineEnd - lineStart))) {
        const qsizetype above = lineStart < 2 ? 0 : text.lastIndexOf(u'\n', lineStart - 2) + 1;
        const QStringView line = QStringView(text).sliced(above, lineStart - 1 - above).trimmed();
        if (line.isEmpty() || line == u">")
            break;
        lineEnd = lineStart - 1;
        lineStart = above;
    }
    return lineStart;
}

/// Drops a link whose address is still being typed: "[text](http://ex".
void hideOpenLink(QString& text, qsizetype from)
{
    const qsizetype bracket = text.lastIndexOf(u'[');
    if (bracket < from)
        return;
    const qsizetype target = text.indexOf(u"]("_s, bracket);
    if (target >= 0 && text.indexOf(u')', target) < 0)
        text.truncate(bracket);
}

void chopTrailingMarkers(QString& text)
{
    while (!text.isEmpty() && (text.back().isSpace() || isMarker(text.back())))
        text.chop(1);
}

/// Toggles emphasis delimiter `marks` open or closed on `open` (a stack of closers).
void toggle(QStringList& open, const QString& marks, bool canOpen, bool canClose)
{
    const qsizetype at = open.lastIndexOf(marks);
    if (at >= 0 && canClose)
        open.remove(at);
    else if (canOpen)
        open.append(marks);
}

} // namespace

QString StreamingTail::tidyProse(const QString& markdown)
{
    QString text = markdown;
    chopTrailingMarkers(text);
    const qsizetype from = lastParagraphStart(text);
    hideOpenLink(text, from);
    chopTrailingMarkers(text);

    QStringList open;
    qsizetype codeRun = 0; // the backticks of an open code span, or 0
    for (qsizetype at = std::min(from, text.size()); at < text.size();) {
        const QChar c = text[at];
        if (c == u'\\' && codeRun == 0) {
            at += 2;
            continue;
        }
        qsizetype run = 1;
        while (at + run < text.size() && text[at + run] == c)
            ++run;
        if (c == u'`') {
            if (codeRun == 0)
                codeRun = run;
            else if (codeRun == run)
                codeRun = 0;
        } else if (codeRun == 0 && (c == u'*' || c == u'_' || c == u'~')) {
            const QChar before = at > 0 ? text[at - 1] : u' ';
            const QChar after = at + run < text.size() ? text[at + run] : u' ';
            const bool canOpen = !after.isSpace();
            const bool canClose = !before.isSpace();
            const bool intraword = before.isLetterOrNumber() && after.isLetterOrNumber();
            if (c == u'~') {
                if (run == 2)
                    toggle(open, u"~~"_s, canOpen, canClose);
            } else if (!(c == u'_' && intraword)) {
                if (run >= 2)
                    toggle(open, QString(2, c), canOpen, canClose);
                if (run != 2)
                    toggle(open, QString(1, c), canOpen, canClose);
            }
        }
        at += run;
    }
    if (codeRun > 0)
        text += QString(codeRun, u'`');
    for (auto it = open.crbegin(); it != open.crend(); ++it)
        text += *it;
    return text;
}

MarkdownBlock StreamingTail::tidy(const MarkdownBlock& block)
{
    MarkdownBlock shown = block;
    if (block.kind != MarkdownBlock::Kind::Code) {
        shown.text = tidyProse(block.text);
        return shown;
    }
    // A closing fence being typed: not a line of code.
    const qsizetype lastLine = block.text.lastIndexOf(u'\n') + 1;
    const QStringView last = QStringView(block.text).sliced(lastLine).trimmed();
    if (!last.isEmpty() && (std::all_of(last.begin(), last.end(), [](QChar c) {
            return c == u'`';
        }) || std::all_of(last.begin(), last.end(), [](QChar c) { return c == u'~'; })))
        shown.text.truncate(std::max<qsizetype>(0, lastLine - 1));
    return shown;
}

} // namespace palaver::client
