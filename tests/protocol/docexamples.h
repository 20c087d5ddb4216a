#pragma once

// The examples of docs/protocol.md: every ```json client and ```json server block, which the doc
// and schema tests hold against the codec.

#include <QByteArray>
#include <QList>
#include <QString>

namespace palaver::testing {

struct DocExample
{
    QString side; ///< "client" or "server"
    QByteArray json;
    int line = 0; ///< where the block starts in the file
};

/// The examples in the markdown file at `path`, in order; none when it cannot be read.
QList<DocExample> docExamplesIn(const QString& path);

} // namespace palaver::testing
