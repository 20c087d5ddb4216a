#include "httpcompletion.h"

#include "logging.h"
#include "upstreamerrors.h"
#include "upstreampool.h"

#include <QDateTime>
#include <QNetworkReply>

using namespace Qt::Literals::StringLiterals;
using palaver::protocol::ErrorCode;
using palaver::protocol::ErrorInfo;
using palaver::protocol::FinishReason;

namespace palaver::server {

namespace {

// An error body is for a message: it need not be long. A one-shot reply (one JSON document) is
// bounded like one streamed line (Settings::maxLineBytes), or by this when that is unbounded.
constexpr qsizetype maxErrorBodyBytes = 64 * 1024;
constexpr qsizetype unboundedOneShotBytes = 8 * 1024 * 1024;

// Failures to get any answer that a second attempt may well fix (a model server restarting, a
// dropped keep-alive connection). TLS and protocol errors are not: they would fail the same way.
bool isConnectionFailure(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
        return true;
    default:
        return false;
    }
}

} // namespace

HttpCompletion::HttpCompletion(const QNetworkRequest& request, const QByteArray& body,
    const Settings& settings, std::unique_ptr<StreamDecoder> decoder, QObject* parent)
    : Completion(parent)
    , m_settings(settings)
    , m_url(request.url())
    , m_request(request)
    , m_requestBody(body)
    , m_stream(std::move(decoder))
{
    m_stream->setMaxLineBytes(m_settings.maxLineBytes);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpCompletion::onTimeout);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &HttpCompletion::send);
    send();
}

void HttpCompletion::send()
{
    if (m_done)
        return;
    m_mode = Mode::Undecided;
    m_body.clear();
    m_gotFirstByte = false;
    m_finishedWhilePaused = false;
    if (m_settings.firstByteTimeoutMs > 0 && !m_paused)
        m_timer.start(m_settings.firstByteTimeoutMs);
    // The thread's shared managers (UpstreamPool), never one of our own: a manager costs a thread.
    m_reply = UpstreamPool::forCurrentThread().post(m_request, m_requestBody);
    // Bounded, so that while we do not read (paused) Qt stops reading the socket instead of
    // buffering the whole reply. Qt's HTTP thread only hears of a size set once the request has
    // started there (the start is queued), and bytes it passed on before that are credited
    // against the bound later: so it is set again as soon as the connection starts, long before
    // the first byte of the answer. A paced stream has the bound lifted (onReadyRead()).
    m_readBound = ReadBound::Initial;
    m_smallReads = 0;
    m_reply->setReadBufferSize(readBufferBytes);
    const auto bound = [this] { applyReadBound(); };
    connect(m_reply, &QNetworkReply::socketStartedConnecting, this, bound);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, bound);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpCompletion::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpCompletion::onFinished);
}

std::optional<qint64> HttpCompletion::retryDelayMs(int status) const
{
    // Only before any output (an HTTP error means none was relayed), so a retry never bills a
    // reply twice. 529 is Anthropic's "overloaded".
    if ((status != 429 && status != 503 && status != 529) || !m_reply)
        return std::nullopt;
    const QByteArray retryAfter = m_reply->rawHeader("Retry-After").trimmed();
    if (retryAfter.isEmpty())
        return backoffDelayMs();
    if (m_retries >= m_settings.maxRetries)
        return std::nullopt;
    // Seconds, or an HTTP date.
    bool isNumber = false;
    qint64 delayMs = retryAfter.toLongLong(&isNumber) * 1000;
    if (!isNumber) {
        const QDateTime at
            = QDateTime::fromString(QString::fromLatin1(retryAfter), Qt::RFC2822Date);
        if (!at.isValid())
            return backoffDelayMs();
        delayMs = qMax<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at));
    }
    // A longer wait than a person would sit through is reported (with the delay) instead.
    if (delayMs < 0 || delayMs > m_settings.maxRetryAfterMs)
        return std::nullopt;
    return delayMs;
}

std::optional<qint64> HttpCompletion::backoffDelayMs() const
{
    if (m_retries >= m_settings.maxRetries || m_settings.retryBaseDelayMs < 0)
        return std::nullopt;
    return qMin<qint64>(
        qint64(m_settings.retryBaseDelayMs) << qMin(m_retries, 16), m_settings.maxRetryAfterMs);
}

void HttpCompletion::retryLater(qint64 delayMs)
{
    ++m_retries;
    stopReply();
    m_timer.stop();
    m_retryTimer.start(int(delayMs));
    Q_EMIT statusChanged(palaver::protocol::GenerationState::Retrying, delayMs);
}

HttpCompletion::~HttpCompletion()
{
    m_done = true;
    stopReply();
}

void HttpCompletion::abort()
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    m_retryTimer.stop();
    stopReply(); // closes the connection, which is what makes llama.cpp and Ollama stop computing
}

void HttpCompletion::setPaused(bool paused)
{
    if (m_done || paused == m_paused)
        return;
    m_paused = paused;
    if (paused) {
        // Our own pause is no sign of a stalled model server: no timeout while it lasts.
        m_timer.stop();
        // Told again: Qt's HTTP thread may not have heard of the bound yet (see send()).
        if (m_readBound == ReadBound::Lifted)
            m_readBound = ReadBound::Restored;
        applyReadBound();
        return;
    }
    // Not from inside the caller: what arrived meanwhile may end the reply, and its slots may
    // stop or delete other replies.
    QMetaObject::invokeMethod(this, &HttpCompletion::catchUp, Qt::QueuedConnection);
}

void HttpCompletion::catchUp()
{
    if (m_done || m_paused || !m_reply)
        return;
    if (m_finishedWhilePaused) {
        m_finishedWhilePaused = false;
        onFinished();
        return;
    }
    if (m_reply->bytesAvailable() > 0) {
        onReadyRead(); // restarts the idle timeout
        return;
    }
    const int timeoutMs = m_gotFirstByte ? m_settings.idleTimeoutMs : m_settings.firstByteTimeoutMs;
    if (timeoutMs > 0)
        m_timer.start(timeoutMs);
}

void HttpCompletion::applyReadBound()
{
    if (!m_reply)
        return;
    switch (m_readBound) {
    case ReadBound::Initial:
        m_reply->setReadBufferSize(readBufferBytes);
        break;
    case ReadBound::Lifted:
        m_reply->setReadBufferSize(0);
        break;
    case ReadBound::Restored:
        // Qt's HTTP thread still counts what it passed on while the bound was lifted and we read
        // (at most one bound's worth, as the bound held until then): twice the bound leaves it
        // at least one to go on with.
        m_reply->setReadBufferSize(2 * readBufferBytes);
        break;
    }
}

void HttpCompletion::noteReadSize(qint64 bytes)
{
    // With a bound, Qt's reply tells its HTTP thread of every read we make (a queued call and a
    // wakeup per token), the largest cost of relaying a paced stream. A stream whose reads stay
    // small is read as it comes, so the bound is lifted; it comes back (Restored, for good) at a
    // pause or at a read that shows the model server outrunning us.
    switch (m_readBound) {
    case ReadBound::Initial:
        m_smallReads = bytes <= smallReadBytes ? m_smallReads + 1 : 0;
        if (m_smallReads >= smallReadsToLift && !m_paused) {
            m_readBound = ReadBound::Lifted;
            applyReadBound();
        }
        break;
    case ReadBound::Lifted:
        if (bytes > readBufferBytes / 2) {
            m_readBound = ReadBound::Restored;
            applyReadBound();
        }
        break;
    case ReadBound::Restored:
        break;
    }
}

void HttpCompletion::stopReply()
{
    if (!m_reply)
        return;
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    // QNetworkReply::abort() emits errorOccurred and finished before it returns: disconnect first
    // so none of that reaches us.
    reply->disconnect(this);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

void HttpCompletion::decideMode()
{
    if (m_mode != Mode::Undecided || !m_reply)
        return;
    const QVariant statusAttribute = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttribute.isValid())
        return;
    const int status = statusAttribute.toInt();
    if (status >= 300) {
        m_mode = Mode::HttpError;
        return;
    }
    // Some servers answer stream: true with one JSON document: branch on the Content-Type.
    const QByteArray contentType
        = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().trimmed().toLower();
    if (contentType.startsWith("text/html"))
        m_mode = Mode::WebPage;
    else if (contentType.startsWith("application/json"))
        m_mode = Mode::OneShot;
    else
        m_mode = Mode::Stream;
}

void HttpCompletion::onReadyRead()
{
    // Paused: the bytes stay in the reply's bounded buffer, and then in the socket.
    if (m_done || !m_reply || m_paused)
        return;
    // The idle timeout is not restarted per read (a timer re-registered per token): the read
    // is noted, and onTimeout() re-arms the timer for what is left of the idle time.
    const bool firstByte = !m_gotFirstByte;
    m_gotFirstByte = true;
    m_sinceByte.start();
    if (m_settings.idleTimeoutMs <= 0)
        m_timer.stop();
    else if (firstByte || !m_timer.isActive())
        m_timer.start(m_settings.idleTimeoutMs);
    decideMode();
    noteReadSize(m_reply->bytesAvailable());
    // At most a bound's worth per piece, so that a pause from a slot stops us within one piece.
    while (!m_done && m_reply && !m_paused && m_reply->bytesAvailable() > 0)
        readPiece(m_reply->read(readBufferBytes));
}

void HttpCompletion::readPiece(const QByteArray& bytes)
{
    switch (m_mode) {
    case Mode::Stream:
        if (handle(m_stream->feed(bytes)))
            endIfOverflowed();
        break;
    case Mode::OneShot: {
        const qint64 maxBytes
            = m_settings.maxLineBytes > 0 ? m_settings.maxLineBytes : unboundedOneShotBytes;
        if (m_body.size() + bytes.size() > maxBytes) {
            // Nothing was relayed: a JSON document is only read whole.
            m_body = QByteArray();
            finish(FinishReason::Interrupted,
                ErrorInfo { ErrorCode::UpstreamError,
                    u"The model server's reply was larger than %1, the server's limit"_s.arg(
                        upstreamerrors::sizeText(maxBytes)) });
            return;
        }
        m_body.append(bytes);
        break;
    }
    case Mode::WebPage:
        break; // not worth keeping
    case Mode::HttpError:
        // Kept for the message. A redirect lands here too: it is reported, never followed
        // (following would resend the POST as a GET).
        m_body.append(bytes.left(maxErrorBodyBytes - m_body.size()));
        break;
    case Mode::Undecided:
        break;
    }
}

void HttpCompletion::onFinished()
{
    if (m_done || !m_reply)
        return;
    if (m_paused) {
        m_finishedWhilePaused = true; // its last bytes are read when the pause ends
        return;
    }
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_done || !m_reply)
        return;
    decideMode();
    m_timer.stop();
    const QNetworkReply::NetworkError networkError = m_reply->error();

    switch (m_mode) {
    case Mode::HttpError: {
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (const std::optional<qint64> delayMs = retryDelayMs(status)) {
            retryLater(*delayMs);
            return;
        }
        finish(FinishReason::Error,
            upstreamerrors::forHttpStatus({ status, m_body, m_settings.model,
                m_reply->rawHeader("Retry-After"), m_settings.hasApiKey }));
        return;
    }
    case Mode::Stream:
        // A clean end may lack the final blank line (llama.cpp's "data: [DONE]"): flush it. After
        // a broken connection the last line is a fragment, not an event.
        if (networkError == QNetworkReply::NoError && !handle(m_stream->finish()))
            return;
        if (endIfOverflowed())
            return;
        finishStream(m_stream->sawEnd());
        return;
    case Mode::OneShot:
        if (networkError != QNetworkReply::NoError) {
            finishStream(false);
            return;
        }
        if (!handle(m_stream->decodeOneShot(m_body)))
            return;
        // A complete JSON document is a complete answer even without a finish_reason.
        finishStream(true);
        return;
    case Mode::WebPage:
        // A 200 with HTML: the URL leads to a web UI or a captive portal, not to the API.
        finish(FinishReason::Error,
            ErrorInfo { ErrorCode::UpstreamError,
                u"The model server at %1 answered with a web page, not an API reply; check "
                "--llm-url (%2)"_s.arg(upstreamerrors::displayUrl(m_url), m_settings.urlHint) });
        return;
    case Mode::Undecided:
        // No answer at all: nothing was relayed, so trying again cannot bill twice.
        if (isConnectionFailure(networkError)) {
            if (const std::optional<qint64> delayMs = backoffDelayMs()) {
                qCInfo(lcPalaverAi)
                    << "Cannot reach" << upstreamerrors::displayUrl(m_url) << "("
                    << m_reply->errorString() << "); retrying in" << *delayMs << "ms";
                retryLater(*delayMs);
                return;
            }
        }
        break;
    }
    finish(FinishReason::Error,
        upstreamerrors::forNetworkError(networkError, m_reply->errorString(), m_url));
}

void HttpCompletion::onTimeout()
{
    if (m_done)
        return;
    if (m_gotFirstByte && m_settings.idleTimeoutMs > 0) {
        const qint64 quietMs = m_sinceByte.elapsed();
        if (quietMs < m_settings.idleTimeoutMs) {
            m_timer.start(int(m_settings.idleTimeoutMs - quietMs));
            return;
        }
    }
    // Our own timer and our own error: Qt would report OperationCanceledError for its transfer
    // timeout, the same code as abort(), so its timeout is not used.
    const QString message = m_gotFirstByte
        ? u"The model server stopped sending for %1 s"_s.arg(m_settings.idleTimeoutMs / 1000.0)
        : u"The model server did not answer within %1 s"_s.arg(
            m_settings.firstByteTimeoutMs / 1000.0);
    finish(FinishReason::Error, ErrorInfo { ErrorCode::UpstreamTimeout, message });
}

bool HttpCompletion::endIfOverflowed()
{
    if (m_done || !m_stream->overflowed())
        return false;
    // The text before the line was relayed and is kept; the rest of the reply is not read.
    finish(FinishReason::Interrupted,
        ErrorInfo { ErrorCode::UpstreamError,
            u"The model server sent a line longer than %1, the server's limit; the reply was cut "
            "there"_s.arg(upstreamerrors::sizeText(m_settings.maxLineBytes)) });
    return true;
}

bool HttpCompletion::handle(const QList<ChatStreamEvent>& events)
{
    using Kind = ChatStreamEvent::Kind;
    for (const ChatStreamEvent& event : events) {
        // A slot connected to a signal below may have aborted us.
        if (m_done)
            return false;
        switch (event.kind) {
        case Kind::Content:
        case Kind::Refusal:
            Q_EMIT delta(event.text, QString());
            break;
        case Kind::Reasoning:
            Q_EMIT delta(QString(), event.text);
            break;
        case Kind::ToolCall:
            break; // logged once by the stream; no tools in v1
        case Kind::Usage:
            Q_EMIT usageReported(event.usage);
            break;
        case Kind::Finish:
            m_finishReason = event.text;
            break;
        case Kind::Done:
            finishStream(true);
            return false;
        case Kind::Error:
            finish(FinishReason::Error,
                ErrorInfo { event.errorClass,
                    u"The model server reported an error: %1"_s.arg(event.errorMessage) });
            return false;
        }
    }
    return !m_done;
}

void HttpCompletion::finishStream(bool complete)
{
    if (!complete) {
        // The partial text was already relayed; the user is told it is incomplete.
        finish(FinishReason::Interrupted,
            ErrorInfo { ErrorCode::UpstreamError,
                u"The model server ended the reply before it was complete"_s });
        return;
    }
    if (m_finishReason == "length"_L1) {
        finish(FinishReason::Length);
    } else if (m_finishReason == "content_filter"_L1) {
        finish(FinishReason::Error,
            ErrorInfo {
                ErrorCode::UpstreamError, u"The provider's content filter stopped the reply"_s });
    } else if (m_finishReason == "error"_L1) {
        finish(FinishReason::Error,
            ErrorInfo { ErrorCode::UpstreamError, u"The model server reported an error"_s });
    } else {
        if (m_finishReason == "tool_calls"_L1)
            qCInfo(lcPalaverAi) << "The reply ended with a tool call, which Palaver does not run";
        finish(FinishReason::Stop);
    }
}

void HttpCompletion::finish(FinishReason reason, const std::optional<ErrorInfo>& error)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    m_retryTimer.stop();
    stopReply();
    Q_EMIT finished(reason, error);
}

} // namespace palaver::server
