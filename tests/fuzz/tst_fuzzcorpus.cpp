// Runs one fuzz harness over its seed corpus and its kept regression inputs, in the ordinary build
// (no clang needed): a finding once fixed stays fixed. Linked with one fuzz_<target>.cpp; the
// folders come from PALAVER_FUZZ_INPUTS ("|"-separated). A crash or a broken invariant aborts.

#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

class TestFuzzCorpus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyInputRuns_data();
    void everyInputRuns();
};

void TestFuzzCorpus::everyInputRuns_data()
{
    QTest::addColumn<QString>("path");
    int rows = 0;
    const QStringList folders = QStringLiteral(PALAVER_FUZZ_INPUTS).split(u'|', Qt::SkipEmptyParts);
    for (const QString& folder : folders) {
        QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QTest::newRow(qPrintable(path)) << path;
            ++rows;
        }
    }
    // An empty corpus would pass without testing anything.
    QVERIFY2(rows > 0, qPrintable(QStringLiteral("no inputs in ") + folders.join(u", ")));
}

void TestFuzzCorpus::everyInputRuns()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    const QByteArray bytes = file.readAll();
    QCOMPARE(LLVMFuzzerTestOneInput(
                 reinterpret_cast<const uint8_t*>(bytes.constData()), size_t(bytes.size())),
        0);
}

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzzcorpus.moc"
