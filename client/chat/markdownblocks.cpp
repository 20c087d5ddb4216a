#include "markdownblocks.h"

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {

/// One line of the text: without its '\n' (and '\r'); complete when a '\n' ended it.
struct Line
{
    QStringView text;
    qsizetype next = 0; ///< where the following line starts
    bool complete = false;
};

QList<Line> linesFrom(const QString& text, qsizetype from)
{
    QList<Line> lines;
    while (from < text.size()) {
        const qsizetype newline = text.indexOf(u'\n', from);
        const bool complete = newline >= 0;
        const qsizetype end = complete ? newline : text.size();
        QStringView line = QStringView(text).sliced(from, end - from);
        if (line.endsWith(u'\r'))
            line.chop(1);
        from = complete ? newline + 1 : end;
        lines.append({ line, from, complete });
    }
    return lines;
}

/// Columns of leading white space (a tab to the next multiple of 4) and where the rest starts.
std::pair<int, qsizetype> indentOf(QStringView line)
{
    int columns = 0;
    qsizetype at = 0;
    for (; at < line.size(); ++at) {
        if (line[at] == u' ')
            ++columns;
        else if (line[at] == u'\t')
            columns += 4 - columns % 4;
        else
            break;
    }
    return { columns, at };
}

/// The line without up to three columns of indentation, or nothing when indented more (an
/// indented code line or a continuation: never a block's start).
std::optional<QStringView> unindented(QStringView line)
{
    const auto [columns, at] = indentOf(line);
    if (columns > 3)
        return std::nullopt;
    return line.sliced(at);
}

bool isBlank(QStringView line)
{
    return line.trimmed().isEmpty();
}

qsizetype runOf(QStringView text, QChar c)
{
    qsizetype n = 0;
    while (n < text.size() && text[n] == c)
        ++n;
    return n;
}

struct Fence
{
    QChar mark;
    qsizetype length = 0;
    int indent = 0;
    QString language;
};

std::optional<Fence> fenceOpening(QStringView line)
{
    const auto rest = unindented(line);
    if (!rest || rest->isEmpty() || (rest->front() != u'`' && rest->front() != u'~'))
        return std::nullopt;
    const QChar mark = rest->front();
    const qsizetype length = runOf(*rest, mark);
    const QStringView info = rest->sliced(length).trimmed();
    if (length < 3 || (mark == u'`' && info.contains(u'`')))
        return std::nullopt;
    const qsizetype space = info.indexOf(u' ');
    return Fence { mark, length, indentOf(line).first,
        (space < 0 ? info : info.first(space)).toString() };
}

bool closesFence(QStringView line, const Fence& fence)
{
    const auto rest = unindented(line);
    if (!rest)
        return false;
    const qsizetype length = runOf(*rest, fence.mark);
    return length >= fence.length && isBlank(rest->sliced(length));
}

bool isHeading(QStringView line)
{
    const auto rest = unindented(line);
    if (!rest)
        return false;
    const qsizetype hashes = runOf(*rest, u'#');
    return hashes >= 1 && hashes <= 6
        && (hashes == rest->size() || (*rest)[hashes] == u' ' || (*rest)[hashes] == u'\t');
}

/// Three or more of one of - * _ and nothing else but blanks.
bool isRule(QStringView line)
{
    const auto rest = unindented(line);
    if (!rest || rest->isEmpty() || !QStringView(u"-*_").contains(rest->front()))
        return false;
    int marks = 0;
    for (const QChar c : *rest) {
        if (c == rest->front())
            ++marks;
        else if (c != u' ' && c != u'\t')
            return false;
    }
    return marks >= 3;
}

/// Only '=' or only '-': under a paragraph line, it makes that line a heading.
bool isSetextUnderline(QStringView line)
{
    const auto rest = unindented(line);
    if (!rest)
        return false;
    const QStringView marks = rest->trimmed();
    return !marks.isEmpty()
        && (runOf(marks, u'=') == marks.size() || runOf(marks, u'-') == marks.size());
}

bool isQuote(QStringView line)
{
    const auto rest = unindented(line);
    return rest && rest->startsWith(u'>');
}

bool isTableRow(QStringView line)
{
    return line.trimmed().startsWith(u'|');
}

/// A list item's marker ("-", "*", "+", "1." or "1)") and whether text follows it.
struct ListMarker
{
    bool ordered = false;
    bool startsAtOne = false;
    bool hasContent = false;
};

std::optional<ListMarker> listMarker(QStringView line)
{
    const auto rest = unindented(line);
    if (!rest || rest->isEmpty() || isRule(line))
        return std::nullopt;
    ListMarker marker;
    qsizetype width = 0;
    if (QStringView(u"-*+").contains(rest->front())) {
        width = 1;
    } else {
        const qsizetype digits = std::find_if(rest->begin(), rest->end(), [](QChar c) {
            return !c.isDigit();
        }) - rest->begin();
        if (digits < 1 || digits > 9 || digits == rest->size()
            || ((*rest)[digits] != u'.' && (*rest)[digits] != u')'))
            return std::nullopt;
        marker.ordered = true;
        marker.startsAtOne = rest->first(digits) == u"1";
        width = digits + 1;
    }
    if (width < rest->size() && (*rest)[width] != u' ' && (*rest)[width] != u'\t')
        return std::nullopt;
    marker.hasContent = !isBlank(rest->sliced(width));
    return marker;
}

/// A line that ends a paragraph (CommonMark: an empty item, or a numbered one not starting at
/// 1, cannot).
bool interruptsParagraph(QStringView line)
{
    if (fenceOpening(line) || isHeading(line) || isRule(line) || isQuote(line) || isTableRow(line))
        return true;
    const auto marker = listMarker(line);
    return marker && marker->hasContent && (!marker->ordered || marker->startsAtOne);
}

/// A block scanned from its first line: finished (it ends before line `end`) or still open.
struct Scan
{
    MarkdownBlock block;
    bool finished = false;
    qsizetype end = 0;
};

QString prose(const QList<Line>& lines, qsizetype first, qsizetype end)
{
    const QChar* from = lines[first].text.data();
    const QStringView last = lines[end - 1].text;
    QString text = QStringView(from, last.data() + last.size() - from).toString();
    while (!text.isEmpty() && text.back().isSpace())
        text.chop(1);
    return text;
}

Scan scanCode(const QList<Line>& lines, qsizetype first, const Fence& fence)
{
    Scan scan { { MarkdownBlock::Kind::Code, {}, fence.language } };
    QStringList content;
    qsizetype at = first + 1;
    for (; at < lines.size(); ++at) {
        // A closing fence still being typed closes the text already: it is never content.
        if (closesFence(lines[at].text, fence)) {
            scan.finished = lines[at].complete;
            break;
        }
        QStringView line = lines[at].text;
        const qsizetype strip = std::min<qsizetype>(fence.indent, indentOf(line).second);
        content.append(line.sliced(std::min(strip, line.size())).toString());
    }
    scan.block.text = content.join(u'\n');
    scan.end = at + 1;
    return scan;
}

/// Scans the lines after `first` while `continues(line, afterBlank)` holds; blank lines are
/// kept only when a continuing line follows them.
template<typename Continues>
Scan scanWhile(const QList<Line>& lines, qsizetype first, MarkdownBlock::Kind kind,
    bool blanksInside, Continues continues)
{
    qsizetype lastFilled = first;
    for (qsizetype at = first + 1; at < lines.size(); ++at) {
        const Line& line = lines[at];
        if (!line.complete)
            break; // the text so far decides nothing about it: the block stays open
        const bool blank = isBlank(line.text);
        if (blank && blanksInside)
            continue;
        if (!blank && continues(line.text, lastFilled + 1 < at)) {
            lastFilled = at;
            continue;
        }
        return { { kind, prose(lines, first, lastFilled + 1), {} }, true, lastFilled + 1 };
    }
    return { { kind, prose(lines, first, lines.size()), {} }, false, lines.size() };
}

Scan scanBlock(const QList<Line>& lines, qsizetype first)
{
    using Kind = MarkdownBlock::Kind;
    const QStringView line = lines[first].text;
    if (const auto fence = fenceOpening(line); fence && lines[first].complete)
        return scanCode(lines, first, *fence);
    if (const auto fence = fenceOpening(line))
        return { { Kind::Code, {}, fence->language } }; // its info string is still being typed
    if (isHeading(line) || isRule(line)) {
        const Kind kind = isHeading(line) ? Kind::Heading : Kind::Paragraph;
        return { { kind, prose(lines, first, first + 1), {} }, lines[first].complete, first + 1 };
    }
    if (isQuote(line)) {
        return scanWhile(lines, first, Kind::Quote, false,
            [](QStringView next, bool) { return isQuote(next) || !interruptsParagraph(next); });
    }
    if (isTableRow(line))
        return scanWhile(lines, first, Kind::Table, false,
            [](QStringView next, bool) { return isTableRow(next); });
    if (listMarker(line)) {
        return scanWhile(lines, first, Kind::List, true, [](QStringView next, bool afterBlank) {
            if (listMarker(next) || indentOf(next).first >= 2)
                return true;
            return !afterBlank && !interruptsParagraph(next); // a lazy continuation line
        });
    }
    return scanWhile(lines, first, Kind::Paragraph, false, [](QStringView next, bool) {
        return isSetextUnderline(next) || !interruptsParagraph(next);
    });
}

} // namespace

QString kindName(MarkdownBlock::Kind kind)
{
    switch (kind) {
    case MarkdownBlock::Kind::Paragraph:
        return u"paragraph"_s;
    case MarkdownBlock::Kind::Heading:
        return u"heading"_s;
    case MarkdownBlock::Kind::Code:
        return u"code"_s;
    case MarkdownBlock::Kind::Table:
        return u"table"_s;
    case MarkdownBlock::Kind::Quote:
        return u"quote"_s;
    case MarkdownBlock::Kind::List:
        return u"list"_s;
    }
    return {};
}

void MarkdownBlockSplitter::update(const QString& text)
{
    m_open.reset();
    const QList<Line> lines = linesFrom(text, m_resume);
    qsizetype at = 0;
    while (at < lines.size()) {
        if (isBlank(lines[at].text)) {
            if (!lines[at].complete)
                return; // blanks being typed: no block yet
            m_resume = lines[at++].next;
            continue;
        }
        if (m_finished.size() >= maxBlocks - 1) {
            // The last block allowed takes the rest, as it is.
            m_open = MarkdownBlock { MarkdownBlock::Kind::Paragraph, prose(lines, at, lines.size()),
                {} };
            return;
        }
        Scan scan = scanBlock(lines, at);
        if (!scan.finished) {
            m_open = std::move(scan.block);
            return;
        }
        m_finished.append(std::move(scan.block));
        m_resume = lines[scan.end - 1].next;
        at = scan.end;
    }
}

void MarkdownBlockSplitter::reset()
{
    m_finished.clear();
    m_open.reset();
    m_resume = 0;
}

QList<MarkdownBlock> MarkdownBlockSplitter::blocks() const
{
    QList<MarkdownBlock> all = m_finished;
    if (m_open)
        all.append(*m_open);
    return all;
}

QList<MarkdownBlock> MarkdownBlockSplitter::split(const QString& text)
{
    MarkdownBlockSplitter splitter;
    splitter.update(text);
    return splitter.blocks();
}

} // namespace palaver::client
