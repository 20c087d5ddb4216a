// The real MessageBubble given a hostile assistant reply (what a prompt injection can make a
// model write): it fetches nothing, loads no image, is not restyled by inline HTML, and opens
// only http(s) links, only on a click. Unsanitised TextEdits (Qt's own MarkdownText) next to it
// are the controls: they show that the test would see the fetch and the blow-up if they happened.

#include "windowshot.h"

#include <QDesktopServices>
#include <QDir>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQmlNetworkAccessManagerFactory>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickTextDocument>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Palaver_UIPlugin)

using namespace Qt::Literals::StringLiterals;

namespace {

/// Every URL the QML engine's network managers are asked for (from any thread).
class RequestLog
{
public:
    void add(const QUrl& url)
    {
        const QMutexLocker lock(&m_mutex);
        m_urls << url.toString();
    }
    QStringList urls() const
    {
        const QMutexLocker lock(&m_mutex);
        return m_urls;
    }

private:
    mutable QMutex m_mutex;
    QStringList m_urls;
};

class CountingManager : public QNetworkAccessManager
{
public:
    CountingManager(RequestLog& log, QObject* parent)
        : QNetworkAccessManager(parent)
        , m_log(log)
    { }

protected:
    QNetworkReply* createRequest(
        Operation op, const QNetworkRequest& request, QIODevice* data) override
    {
        m_log.add(request.url());
        return QNetworkAccessManager::createRequest(op, request, data);
    }

private:
    RequestLog& m_log;
};

class CountingFactory : public QQmlNetworkAccessManagerFactory
{
public:
    QNetworkAccessManager* create(QObject* parent) override
    {
        return new CountingManager(log, parent);
    }
    RequestLog log;
};

/// Stands in for the desktop's browser: QDesktopServices hands it every URL it is asked to open.
class Browser : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void open(const QUrl& url) { opened << url; }
};

} // namespace

class TestHostileReply : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void hostileReplyIsHarmless();

private:
    QQuickItem* create(const QString& qml, const QVariantMap& properties = {});
    QQuickItem* bubble(const QString& text, bool assistant);
    void render();
    /// Where `words` are on screen in the first of `blocks` (a reply's block TextEdits) that
    /// shows them; and that block.
    QPoint pointOf(
        const QList<QQuickItem*>& blocks, const QString& words, QQuickItem** in = nullptr);
    QString origin() const { return u"http://127.0.0.1:%1"_s.arg(m_server.serverPort()); }

    CountingFactory m_factory;
    QQmlEngine m_engine;
    QQuickWindow m_window;
    QTcpServer m_server;
    QStringList m_served; // the first line of every request that reached the server
    Browser m_browser;
};

void TestHostileReply::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QQuickStyle::setStyle(u"Basic"_s);
    m_engine.addImportPath(u"qrc:/qt/qml"_s);
    m_engine.setNetworkAccessManagerFactory(&m_factory);
    for (const auto scheme : { "http", "https", "javascript", "file", "data", "qrc" })
        QDesktopServices::setUrlHandler(QString::fromLatin1(scheme), &m_browser, "open");

    QVERIFY(m_server.listen(QHostAddress::LocalHost));
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                if (socket->canReadLine()) {
                    m_served << QString::fromLatin1(socket->readLine().trimmed());
                    socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                }
            });
        }
    });

    m_window.resize(900, 1100);
    m_window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&m_window, 5000));
}

void TestHostileReply::cleanupTestCase()
{
    for (const auto scheme : { "http", "https", "javascript", "file", "data", "qrc" })
        QDesktopServices::unsetUrlHandler(QString::fromLatin1(scheme));
}

QQuickItem* TestHostileReply::create(const QString& qml, const QVariantMap& properties)
{
    QQmlComponent component(&m_engine);
    if (qml.startsWith(u"qrc:"_s))
        component.loadUrl(QUrl(qml));
    else
        component.setData(qml.toUtf8(), QUrl(u"file:///control.qml"_s));
    QObject* object = component.createWithInitialProperties(properties);
    if (!object)
        qWarning("%s", qPrintable(component.errorString()));
    auto* item = qobject_cast<QQuickItem*>(object);
    if (item) {
        item->setParent(&m_window);
        item->setParentItem(m_window.contentItem());
    }
    return item;
}

QQuickItem* TestHostileReply::bubble(const QString& text, bool assistant)
{
    return create(u"qrc:/qt/qml/Palaver/UI/MessageBubble.qml"_s,
        {
            { u"width"_s, 880 },
            { u"msgId"_s, u"m-1"_s },
            { u"clientMsgId"_s, QString() },
            { u"authorName"_s, assistant ? u"Demo"_s : u"bob"_s },
            { u"text"_s, text },
            { u"status"_s, u"complete"_s },
            { u"errorText"_s, QString() },
            { u"isAssistant"_s, assistant },
            { u"isStreaming"_s, false },
            { u"canEdit"_s, false },
            { u"reasoning"_s, QString() },
            { u"reasoningExpanded"_s, false },
            { u"usageText"_s, QString() },
            { u"canContinue"_s, false },
            { u"canRetry"_s, false },
            { u"isOwn"_s, false },
        });
}

void TestHostileReply::render()
{
    QSignalSpy frames(&m_window, &QQuickWindow::frameSwapped);
    m_window.contentItem()->update();
    m_window.requestUpdate();
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() > 0, 5000);
}

namespace {

QTextDocument* documentOf(QQuickItem* textEdit)
{
    return textEdit->property("textDocument").value<QQuickTextDocument*>()->textDocument();
}

/// A reply's block TextEdits (ReplyBlocks' delegates), in order.
QList<QQuickItem*> blockTexts(QQuickItem* item)
{
    QList<QQuickItem*> found;
    if (item->objectName() == u"blockText"_s && item->isVisible())
        found.append(item);
    for (QQuickItem* child : item->childItems())
        found.append(blockTexts(child));
    return found;
}

} // namespace

QPoint TestHostileReply::pointOf(
    const QList<QQuickItem*>& blocks, const QString& words, QQuickItem** in)
{
    QQuickItem* textEdit = nullptr;
    QTextCursor found;
    for (QQuickItem* block : blocks) {
        found = documentOf(block)->find(words);
        if (!found.isNull()) {
            textEdit = block;
            break;
        }
    }
    if (!textEdit)
        return {};
    if (in)
        *in = textEdit;
    QRectF rect;
    QMetaObject::invokeMethod(textEdit, "positionToRectangle", Q_RETURN_ARG(QRectF, rect),
        Q_ARG(int, found.selectionStart() + 1));
    return textEdit->mapToScene(rect.center()).toPoint();
}

void TestHostileReply::hostileReplyIsHarmless()
{
    const QString reply = u"Here is your summary.\n\n"
                          "![secret](%1/inline.png?q=the%20secret%20plan) and ![ref][r]\n\n"
                          "<img src=\"%1/html.png?q=secret\"> "
                          "![local](file:///etc/hostname) ![icon](qrc:/qt/qml/Palaver/UI/"
                          "icons/palaver-256.png)\n\n"
                          "A <span style=\"font-size:400px\">HUGE</span> word.\n\n"
                          "Click [run me](javascript:alert(document.cookie)), "
                          "[passwords](file:///etc/passwd) or [the site](%1/clicked).\n\n"
                          "[r]: %1/reference.png\n"_s.arg(origin());
    QQuickItem* hostile = bubble(reply, true);
    QVERIFY(hostile);
    hostile->setY(0);
    render();
    const QList<QQuickItem*> blocks = blockTexts(hostile);
    QVERIFY(!blocks.isEmpty());
    QString shown;
    for (QQuickItem* block : blocks)
        shown += documentOf(block)->toPlainText() + u'\n';
    QVERIFY2(shown.contains(u"[image: secret] (127.0.0.1)"_s), qPrintable(shown));
    QVERIFY2(shown.contains(u"<img src="_s), qPrintable(shown)); // inline HTML shows as text

    // No image in what the bubble lays out: nothing to load, remote or local.
    for (QQuickItem* item : blocks) {
        const QTextDocument* document = documentOf(item);
        for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
            for (auto it = block.begin(); !it.atEnd(); ++it) {
                QVERIFY2(
                    !it.fragment().charFormat().isImageFormat(), qPrintable(it.fragment().text()));
            }
        }
    }

    // The 400 px span is text: the bubble with it is as tall as one showing the same words plain.
    const QString span = u"A <span style=\"font-size:400px\">HUGE</span> word."_s;
    QQuickItem* styled = bubble(span, true);
    QQuickItem* plain = bubble(span, false);
    QVERIFY(styled && plain);
    styled->setY(hostile->height() + 10);
    plain->setY(styled->y() + styled->height() + 10);
    render();
    QVERIFY2(styled->implicitHeight() < plain->implicitHeight() + 20,
        qPrintable(u"%1 vs %2"_s.arg(styled->implicitHeight()).arg(plain->implicitHeight())));
    QVERIFY(styled->implicitHeight() < 120);

    // Hovering a link does nothing; a click opens only the http one.
    QQuickItem* body = nullptr; // the block with the links
    const QPoint site = pointOf(blocks, u"the site"_s, &body);
    const QPoint script = pointOf(blocks, u"run me"_s);
    const QPoint passwords = pointOf(blocks, u"passwords"_s);
    QVERIFY(!site.isNull() && !script.isNull() && !passwords.isNull());
    QTest::mouseMove(&m_window, site);
    QTest::mouseMove(&m_window, script);
    QTest::mouseClick(&m_window, Qt::LeftButton, {}, script);
    QTest::mouseClick(&m_window, Qt::LeftButton, {}, passwords);
    QVERIFY(m_browser.opened.isEmpty());
    QTest::mouseClick(&m_window, Qt::LeftButton, {}, site);
    QTRY_COMPARE(m_browser.opened.size(), 1); // the click reaches the browser: the test can see it
    QCOMPARE(m_browser.opened.first(), QUrl(origin() + u"/clicked"_s));
    // Even a link that became one some other way opens only if it is http(s).
    QMetaObject::invokeMethod(body, "linkActivated", Q_ARG(QString, u"javascript:alert(1)"_s));
    QMetaObject::invokeMethod(body, "linkActivated", Q_ARG(QString, u"file:///etc/passwd"_s));
    QCOMPARE(m_browser.opened.size(), 1);

    const QString shot
        = QDir::cleanPath(QStringLiteral(PALAVER_BIN_DIR) + u"/../screenshots/hostile-reply.png"_s);
    const QString error = palaver::ui::saveWindowImage(m_window, shot);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // The controls: Qt's own MarkdownText would fetch the image and honour the span. Their
    // fetch is the last thing asked for, so once it arrived nothing from the bubbles is pending.
    QQuickItem* control
        = create(u"import QtQuick\nTextEdit { width: 400; textFormat: TextEdit.MarkdownText }"_s,
            { { u"text"_s,
                u"![c](%1/control.png) A <span style=\"font-size:400px\">HUGE</span>"_s.arg(
                    origin()) } });
    QVERIFY(control);
    control->setY(plain->y() + plain->height() + 10);
    render();
    QTRY_COMPARE_WITH_TIMEOUT(m_served.size(), 1, 10000);
    QCOMPARE(m_served.first(), u"GET /control.png HTTP/1.1"_s);
    QCOMPARE(m_factory.log.urls(), QStringList { origin() + u"/control.png"_s });
    QVERIFY2(control->height() > 300, qPrintable(QString::number(control->height())));
}

QTEST_MAIN(TestHostileReply)
#include "tst_hostilereply.moc"
