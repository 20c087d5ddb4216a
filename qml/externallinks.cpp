#include "externallinks.h"

#include <QDesktopServices>

using namespace Qt::Literals::StringLiterals;

namespace palaver::ui {

ExternalLinks::ExternalLinks(QObject* parent)
    : QObject(parent)
{ }

bool ExternalLinks::isAllowed(const QString& link)
{
    return isAllowed(QUrl(link.trimmed(), QUrl::StrictMode));
}

bool ExternalLinks::isAllowed(const QUrl& url)
{
    if (!url.isValid() || url.host().isEmpty())
        return false;
    const QString scheme = url.scheme(); // QUrl lower-cases the scheme
    return scheme == u"http"_s || scheme == u"https"_s;
}

bool ExternalLinks::open(const QString& link)
{
    const QUrl url(link.trimmed(), QUrl::StrictMode);
    if (!isAllowed(url)) {
        qWarning("palaver: not opening a link that is not http(s): %s",
            qPrintable(url.scheme().isEmpty() ? u"(relative)"_s : url.scheme() + u':'));
        return false;
    }
    return QDesktopServices::openUrl(url);
}

} // namespace palaver::ui
