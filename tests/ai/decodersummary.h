#pragma once

// Shared by the stream decoder tests: feed bytes in reads of a given size and sum up the events.

#include "ai/streamdecoder.h"

#include <QFile>
#include <QStringList>

namespace decodertest {

using namespace Qt::Literals::StringLiterals;
using palaver::protocol::ErrorCode;
using palaver::protocol::Usage;
using palaver::server::ChatStreamEvent;
using palaver::server::StreamDecoder;

/// What a decoder produced, summed up.
struct Summary
{
    QString content; ///< content and refusal text
    QString reasoning;
    QString toolArguments; ///< every tool-call fragment joined
    QStringList finishes;
    QList<Usage> usages;
    QStringList errors;
    QList<ErrorCode> errorClasses;
    int dones = 0;
};

inline Summary summarize(const QList<ChatStreamEvent>& events)
{
    using Kind = ChatStreamEvent::Kind;
    Summary s;
    for (const ChatStreamEvent& e : events) {
        switch (e.kind) {
        case Kind::Content:
        case Kind::Refusal:
            s.content += e.text;
            break;
        case Kind::Reasoning:
            s.reasoning += e.text;
            break;
        case Kind::ToolCall:
            s.toolArguments += e.text;
            break;
        case Kind::Usage:
            s.usages.append(e.usage);
            break;
        case Kind::Finish:
            s.finishes.append(e.text);
            break;
        case Kind::Done:
            ++s.dones;
            break;
        case Kind::Error:
            s.errors.append(e.errorMessage);
            s.errorClasses.append(e.errorClass);
            break;
        }
    }
    return s;
}

/// Feeds `bytes` in reads of `readSize`, then ends the stream.
inline Summary decode(StreamDecoder& decoder, const QByteArray& bytes, int readSize)
{
    QList<ChatStreamEvent> events;
    for (qsizetype at = 0; at < bytes.size(); at += readSize)
        events.append(decoder.feed(
            QByteArrayView(bytes).sliced(at, qMin<qsizetype>(readSize, bytes.size() - at))));
    events.append(decoder.finish());
    return summarize(events);
}

inline QByteArray fixture(const QString& name)
{
    QFile file(QStringLiteral(PALAVER_TEST_FIXTURES "/llm/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(name));
    return file.readAll();
}

} // namespace decodertest
