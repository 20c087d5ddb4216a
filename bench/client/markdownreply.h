#pragma once

#include <QString>
#include <QStringList>

namespace clientbench {

/// A markdown reply of exactly `chars` characters, the same on every run: headings, paragraphs
/// with bold, italics and inline code, lists and fenced code blocks, as an assistant writes.
QString markdownReply(int chars);

/// `text` cut the way a model streams it: a word and the blank after it per token, a long word
/// in pieces of at most 6 characters (about 4 characters per token on English text).
QStringList tokensOf(const QString& text);

} // namespace clientbench
