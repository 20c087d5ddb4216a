#pragma once

// What every HTTP provider's request has in common.

#include "httpcompletion.h"
#include "llmconfig.h"
#include "provider.h"

#include <QNetworkRequest>
#include <QString>
#include <QUrl>

namespace palaver::server::upstreamrequest {

/// `base` with `path` appended to its path ("…/v1/" + "/messages" gives "…/v1/messages").
QUrl appendPath(QUrl base, const QString& path);

/// The wire name of a role: "system", "user" or "assistant".
QString roleName(PromptTurn::Role role);

/// A JSON POST to `url` that accepts `accept`, names Palaver as the User-Agent, bypasses the
/// cache and does not follow redirects.
QNetworkRequest jsonPost(const QUrl& url, const QByteArray& accept);

/// The model id sent upstream: the configured one (the only one announced), else the request's.
QString modelFor(const LlmConfig& config, const CompletionRequest& request);

/// The completion settings `config` and `request` ask for (the model named in messages is
/// modelFor(config, request), the line bound is the request's); `urlHint` tells what the base URL
/// should look like when it leads to a web page.
HttpCompletion::Settings completionSettings(
    const LlmConfig& config, const CompletionRequest& request, const QString& urlHint);

} // namespace palaver::server::upstreamrequest
