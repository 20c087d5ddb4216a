#include "session/serverurl.h"

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

std::optional<QUrl> normaliseServerUrl(const QString& input)
{
    QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    if (!text.contains(u"://"_s))
        text.prepend(u"ws://"_s);
    QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return std::nullopt;
    const QString scheme = url.scheme().toLower();
    if (scheme == u"http"_s)
        url.setScheme(u"ws"_s);
    else if (scheme == u"https"_s)
        url.setScheme(u"wss"_s);
    else if (scheme != u"ws"_s && scheme != u"wss"_s)
        return std::nullopt;
    if (url.path().isEmpty() || url.path() == u"/"_s)
        url.setPath(u"/v1/ws"_s);
    return url;
}

} // namespace palaver::client
