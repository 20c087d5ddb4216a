#include "openaichunkscan.h"

namespace palaver::server::openaichunk {

namespace {

/// Nesting of skipped values: far below QJsonDocument's own limit, and deeper than a chunk's.
constexpr int maxDepth = 32;

/// A strict JSON reader over one chunk. Every method returns false when the input is not what
/// it reads, or not JSON: the caller then gives up the fast path.
class Scanner
{
public:
    explicit Scanner(QByteArrayView json)
        : m_s(json)
    { }

    void skipSpace()
    {
        while (m_pos < m_s.size()) {
            const char c = m_s[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }

    bool atEnd() const { return m_pos == m_s.size(); }
    bool peek(char c) const { return m_pos < m_s.size() && m_s[m_pos] == c; }

    bool take(char c)
    {
        skipSpace();
        if (!peek(c))
            return false;
        ++m_pos;
        return true;
    }

    /// The raw bytes of a string (its escapes undone by decode()); checks escapes and control
    /// characters.
    bool string(QByteArrayView& raw, bool& escaped)
    {
        if (!take('"'))
            return false;
        const qsizetype start = m_pos;
        escaped = false;
        while (m_pos < m_s.size()) {
            const auto c = uchar(m_s[m_pos]);
            if (c == '"') {
                raw = m_s.sliced(start, m_pos - start);
                ++m_pos;
                return true;
            }
            if (c < 0x20)
                return false;
            if (c == '\\') {
                escaped = true;
                if (++m_pos >= m_s.size())
                    return false;
                const char e = m_s[m_pos];
                if (e == 'u') {
                    if (m_pos + 4 >= m_s.size())
                        return false;
                    for (int i = 1; i <= 4; ++i) {
                        if (!isHex(m_s[m_pos + i]))
                            return false;
                    }
                    m_pos += 4;
                } else if (!QByteArrayView("\"\\/bfnrt").contains(e)) {
                    return false;
                }
            }
            ++m_pos;
        }
        return false;
    }

    bool key(QByteArrayView& name)
    {
        bool escaped = false;
        return string(name, escaped) && !escaped && take(':');
    }

    bool literal(QByteArrayView word)
    {
        skipSpace();
        if (!m_s.sliced(m_pos).startsWith(word))
            return false;
        m_pos += word.size();
        return true;
    }

    bool number()
    {
        skipSpace();
        const qsizetype start = m_pos;
        if (peek('-'))
            ++m_pos;
        if (peek('0')) {
            ++m_pos;
        } else if (!digits()) {
            return false;
        }
        if (peek('.')) {
            ++m_pos;
            if (!digits())
                return false;
        }
        if (peek('e') || peek('E')) {
            ++m_pos;
            if (peek('+') || peek('-'))
                ++m_pos;
            if (!digits())
                return false;
        }
        return m_pos > start;
    }

    /// Any JSON value, checked and not kept.
    bool skipValue(int depth = 0)
    {
        if (depth > maxDepth)
            return false;
        skipSpace();
        if (m_pos >= m_s.size())
            return false;
        switch (m_s[m_pos]) {
        case '"': {
            QByteArrayView raw;
            bool escaped = false;
            return string(raw, escaped) && validUtf8(raw);
        }
        case '{': {
            ++m_pos;
            if (take('}'))
                return true;
            do {
                QByteArrayView raw;
                bool escaped = false;
                if (!string(raw, escaped) || !validUtf8(raw) || !take(':') || !skipValue(depth + 1))
                    return false;
            } while (take(','));
            return take('}');
        }
        case '[': {
            ++m_pos;
            if (take(']'))
                return true;
            do {
                if (!skipValue(depth + 1))
                    return false;
            } while (take(','));
            return take(']');
        }
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return number();
        }
    }

    static bool validUtf8(QByteArrayView raw) { return QByteArrayView(raw).isValidUtf8(); }

private:
    static bool isHex(char c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    bool digits()
    {
        const qsizetype start = m_pos;
        while (m_pos < m_s.size() && m_s[m_pos] >= '0' && m_s[m_pos] <= '9')
            ++m_pos;
        return m_pos > start;
    }

    QByteArrayView m_s;
    qsizetype m_pos = 0;
};

/// A string's text with its escapes undone; nullopt for an escaped surrogate (left to the full
/// parser, which knows what to do with a lone one) or invalid UTF-8.
std::optional<QString> decode(QByteArrayView raw, bool escaped)
{
    if (!raw.isValidUtf8())
        return std::nullopt;
    if (!escaped)
        return QString::fromUtf8(raw);
    QString text;
    text.reserve(raw.size());
    qsizetype from = 0;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\')
            continue;
        text += QString::fromUtf8(raw.sliced(from, i - from));
        const char e = raw[++i];
        switch (e) {
        case 'b':
            text += u'\b';
            break;
        case 'f':
            text += u'\f';
            break;
        case 'n':
            text += u'\n';
            break;
        case 'r':
            text += u'\r';
            break;
        case 't':
            text += u'\t';
            break;
        case 'u': {
            const auto unit = char16_t(raw.sliced(i + 1, 4).toUShort(nullptr, 16));
            if (QChar::isSurrogate(unit))
                return std::nullopt;
            text += QChar(unit);
            i += 4;
            break;
        }
        default:
            text += QChar::fromLatin1(e);
            break; // " \ /
        }
        from = i + 1;
    }
    text += QString::fromUtf8(raw.sliced(from));
    return text;
}

/// A field the full parser reads but ignores when it is null (as DeepSeek, vLLM and others send
/// them in every chunk): skipped when null, anything else leaves the fast path.
bool skipNull(Scanner& in)
{
    return in.literal("null");
}

/// `{"role":…,"content":"…"|null}`, into `content`.
bool readDelta(Scanner& in, std::optional<QString>& content)
{
    if (!in.take('{'))
        return false;
    if (in.take('}'))
        return true;
    bool seenContent = false;
    do {
        QByteArrayView name;
        if (!in.key(name))
            return false;
        if (name == "role") {
            if (!in.skipValue())
                return false;
        } else if (name == "reasoning_content" || name == "reasoning" || name == "refusal"
            || name == "tool_calls") {
            if (!skipNull(in))
                return false;
        } else if (name == "content" && !seenContent) {
            seenContent = true;
            in.skipSpace();
            if (in.peek('n')) {
                if (!in.literal("null"))
                    return false;
                continue;
            }
            QByteArrayView raw;
            bool escaped = false;
            if (!in.string(raw, escaped))
                return false;
            content = decode(raw, escaped);
            if (!content)
                return false;
        } else {
            return false;
        }
    } while (in.take(','));
    return in.take('}');
}

/// The first choice: `{"index":…,"delta":{…},"logprobs":…,"finish_reason":null}`.
bool readChoice(Scanner& in, std::optional<QString>& content)
{
    if (!in.take('{'))
        return false;
    if (in.take('}'))
        return true;
    bool seenDelta = false;
    do {
        QByteArrayView name;
        if (!in.key(name))
            return false;
        if (name == "index" || name == "logprobs" || name == "content_filter_results") {
            if (!in.skipValue())
                return false;
        } else if (name == "finish_reason") {
            if (!skipNull(in))
                return false;
        } else if (name == "delta" && !seenDelta) {
            seenDelta = true;
            if (!readDelta(in, content))
                return false;
        } else {
            return false;
        }
    } while (in.take(','));
    return in.take('}');
}

bool readChoices(Scanner& in, std::optional<QString>& content)
{
    if (!in.take('['))
        return false;
    if (in.take(']'))
        return true;
    if (!readChoice(in, content))
        return false;
    while (in.take(',')) {
        if (!in.skipValue())
            return false;
    }
    return in.take(']');
}

} // namespace

std::optional<QString> plainContent(QByteArrayView json)
{
    Scanner in(json);
    if (!in.take('{'))
        return std::nullopt;
    std::optional<QString> content;
    bool seenChoices = false;
    if (!in.take('}')) {
        do {
            QByteArrayView name;
            if (!in.key(name))
                return std::nullopt;
            if (name == "id" || name == "created" || name == "model" || name == "system_fingerprint"
                || name == "service_tier"
                || name == "obfuscation") { // OpenAI's padding against length side channels
                if (!in.skipValue())
                    return std::nullopt;
            } else if (name == "usage" || name == "error") {
                if (!skipNull(in))
                    return std::nullopt;
            } else if (name == "object") {
                // "object": "error" is an error report (handled by the full parser).
                in.skipSpace();
                QByteArrayView raw;
                bool escaped = false;
                if (!in.string(raw, escaped) || escaped || raw == "error")
                    return std::nullopt;
            } else if (name == "choices" && !seenChoices) {
                seenChoices = true;
                if (!readChoices(in, content))
                    return std::nullopt;
            } else {
                return std::nullopt;
            }
        } while (in.take(','));
        if (!in.take('}'))
            return std::nullopt;
    }
    in.skipSpace();
    if (!in.atEnd())
        return std::nullopt;
    return content.value_or(QString());
}

} // namespace palaver::server::openaichunk
