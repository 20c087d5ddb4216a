#include "chat/mentions.h"

#include <QRegularExpression>

namespace palaver::server::mentions {

using namespace Qt::Literals::StringLiterals;

bool addressesAssistant(const QString& text)
{
    // Word characters on either side would make it part of a longer word (or an e-mail address).
    static const QRegularExpression mention(u"(?<!\\w)@assistant(?!\\w)"_s,
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    return mention.match(text).hasMatch();
}

} // namespace palaver::server::mentions
