#include "markdownreply.h"

using namespace Qt::Literals::StringLiterals;

namespace clientbench {

namespace {
// Blocks repeated in turn; each is a complete markdown block ending in a blank line.
const QStringList kBlocks = {
    u"## Step %1: measure before changing\n\n"_s,
    u"The **first** thing to do is to *measure* what the program does today, with a "
    "workload that looks like the real one. A change that is not measured is a guess, and "
    "guesses about `performance` are wrong more often than not.\n\n"_s,
    u"- keep the input the same from run to run\n- repeat each run at least three times\n"
    "- write down the machine, the build and the load\n\n"_s,
    u"```cpp\nfor (const auto& item : items) {\n    total += item.size();\n}\n```\n\n"_s,
    u"1. Find the hot loop with a profiler.\n2. Read what it does per element.\n3. Replace "
    "a linear search with a **hash** lookup where it pays.\n\n"_s,
    u"> A quadratic algorithm is fast on the test data and slow on the customer's.\n\n"_s,
};
} // namespace

QString markdownReply(int chars)
{
    QString text;
    text.reserve(chars + 512);
    for (int block = 0; text.size() < chars; ++block) {
        QString next = kBlocks.at(block % kBlocks.size());
        if (next.contains(u"%1"_s))
            next = next.arg(block / kBlocks.size() + 1);
        text += next;
    }
    text.truncate(chars);
    return text;
}

QStringList tokensOf(const QString& text)
{
    constexpr int maxTokenChars = 6;
    QStringList tokens;
    QString token;
    for (const QChar c : text) {
        const bool blank = c.isSpace();
        // A token ends after the blanks that follow a word, or when a word runs long.
        if (!token.isEmpty() && !blank
            && (token.back().isSpace() || token.size() >= maxTokenChars)) {
            tokens.append(token);
            token.clear();
        }
        token += c;
    }
    if (!token.isEmpty())
        tokens.append(token);
    return tokens;
}

} // namespace clientbench
