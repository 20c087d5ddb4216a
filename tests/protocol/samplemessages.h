#pragma once

// A filled-in value of every protocol message: every optional field set at least once, and the
// variants whose fields depend on each other (a last page and one with more to come).

#include "protocol/messages.h"

#include <QList>

namespace palaver::testing {

template<typename Message> struct Sample
{
    QString name;
    Message message;
};

QList<Sample<protocol::ClientMessage>> clientSamples();
QList<Sample<protocol::ServerMessage>> serverSamples();

} // namespace palaver::testing
