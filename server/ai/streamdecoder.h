#pragma once

#include "chatstreamevent.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace palaver::server {

/// Turns the body of one upstream reply, in reads of any size, into normalised events. One
/// implementation per wire format (OpenAI SSE, Ollama NDJSON, Anthropic SSE); HttpCompletion
/// drives it.
class StreamDecoder
{
public:
    virtual ~StreamDecoder() = default;
    /// The events completed by `bytes` of a streaming reply.
    virtual QList<ChatStreamEvent> feed(QByteArrayView bytes) = 0;
    /// At a clean end of stream: the events of a last frame that lacked its terminator.
    virtual QList<ChatStreamEvent> finish() = 0;
    /// The events of a non-streaming reply (one JSON document).
    virtual QList<ChatStreamEvent> decodeOneShot(const QByteArray& json) = 0;
    /// Whether the stream reached its end marker; a stream that ends without one was cut off.
    virtual bool sawEnd() const = 0;
    /// Most bytes of one line (an SSE line or event, an NDJSON object) the decoder keeps while it
    /// waits for the line's end; <= 0 means no bound (LineSplitter::defaultMaxLineBytes unless
    /// set).
    virtual void setMaxLineBytes(qsizetype maxBytes) = 0;
    /// Whether the upstream sent a longer line: the decoder delivers nothing more and the reply
    /// must end (it is cut, not finished).
    virtual bool overflowed() const = 0;
};

} // namespace palaver::server
