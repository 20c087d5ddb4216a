#pragma once

#include "provider.h"
#include "streamdecoder.h"

#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <memory>

class QNetworkReply;

namespace palaver::server {

/// One streaming LLM call over HTTP, whatever the wire format: POSTs the request, feeds the reply
/// to its StreamDecoder as bytes arrive, relays the deltas, and turns HTTP, network and timeout
/// failures into errors a person can read. Used by every HTTP provider.
class HttpCompletion : public Completion
{
    Q_OBJECT
public:
    struct Settings
    {
        QString model; ///< named in the 404 message
        bool hasApiKey = false; ///< for the hint of a 401
        int firstByteTimeoutMs = 30000; ///< 0 = none
        int idleTimeoutMs = 60000; ///< 0 = none
        /// A 429, 503 or 529, or a connection that failed before any answer, is retried this
        /// often; never after the first byte of a reply.
        int maxRetries = 2;
        int maxRetryAfterMs = 30000; ///< a longer Retry-After is reported instead of waited for
        /// Without a Retry-After, retry n waits retryBaseDelayMs * 2^(n-1).
        int retryBaseDelayMs = 1000;
        /// Appended to the "answered with a web page" message: what the base URL looks like.
        QString urlHint = QStringLiteral("it usually ends in /v1");
        /// Most bytes of one streamed line or event, and of a reply sent as one JSON document;
        /// more ends the reply as interrupted (CompletionRequest::maxLineBytes).
        qint64 maxLineBytes = 1024 * 1024;
    };

    /// Bytes Qt may hold for us while we do not read (setPaused): past it Qt stops reading the
    /// socket and TCP flow control makes the model server wait. Also the most bytes decoded
    /// between two checks of the pause.
    static constexpr qint64 readBufferBytes = 64 * 1024;

    /// A stream whose reads of at most smallReadBytes come smallReadsToLift times in a row is
    /// read without the bound (see noteReadSize()).
    static constexpr qint64 smallReadBytes = 4096;
    static constexpr int smallReadsToLift = 8;

    HttpCompletion(const QNetworkRequest& request, const QByteArray& body, const Settings& settings,
        std::unique_ptr<StreamDecoder> decoder, QObject* parent);
    ~HttpCompletion() override;

    void abort() override;
    void setPaused(bool paused) override;

private:
    enum class Mode { Undecided, Stream, OneShot, WebPage, HttpError };

    void send();
    std::optional<qint64> retryDelayMs(int status) const;
    std::optional<qint64> backoffDelayMs() const;
    void retryLater(qint64 delayMs);
    void onReadyRead();
    void readPiece(const QByteArray& bytes);
    /// Tells the reply the read bound of m_readBound.
    void applyReadBound();
    /// Lifts or restores the read bound by the size of a read (see its comment).
    void noteReadSize(qint64 bytes);
    void onFinished();
    void onTimeout();
    /// After a pause: handles what arrived (or the end) meanwhile, and restarts the timeout.
    void catchUp();
    /// Ends the reply when its decoder met a line over the bound; true if it did.
    bool endIfOverflowed();
    void decideMode();
    bool handle(const QList<ChatStreamEvent>& events);
    void finishStream(bool complete);
    void finish(palaver::protocol::FinishReason reason,
        const std::optional<palaver::protocol::ErrorInfo>& error = std::nullopt);
    void stopReply();

    Settings m_settings;
    QUrl m_url;
    QPointer<QNetworkReply> m_reply;
    QNetworkRequest m_request;
    QByteArray m_requestBody;
    QTimer m_timer; ///< first-byte, then idle timeout
    QElapsedTimer m_sinceByte; ///< since the last read (the idle timeout)
    QTimer m_retryTimer;
    int m_retries = 0;
    std::unique_ptr<StreamDecoder> m_stream;
    QByteArray m_body; ///< a one-shot reply or an error body
    QString m_finishReason;
    Mode m_mode = Mode::Undecided;
    bool m_gotFirstByte = false;
    bool m_done = false; ///< finished or aborted: emit nothing more
    bool m_paused = false;
    /// The reply's read buffer bound: readBufferBytes, lifted after smallReadsToLift reads of
    /// at most smallReadBytes, and restored for good at a pause or a large read.
    enum class ReadBound { Initial, Lifted, Restored };
    ReadBound m_readBound = ReadBound::Initial;
    int m_smallReads = 0;
    bool m_finishedWhilePaused = false; ///< the reply's finished() is handled on resume
};

} // namespace palaver::server
