#pragma once

#include <QString>

namespace palaver::server::mentions {

/// Whether `text` addresses the assistant in a room or a DM: `@assistant` in any case, standing
/// as a word of its own (`@assistant,` and `(@Assistant)` yes; `@assistants` and
/// `mail@assistant.org` no).
bool addressesAssistant(const QString& text);

} // namespace palaver::server::mentions
