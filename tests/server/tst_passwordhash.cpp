#include "auth/passwordhash.h"
#include "auth/sessiontoken.h"

#include <QTest>

using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

class TestPasswordHash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void storedForm()
    {
        const QString stored = PasswordHash::hashPbkdf2(u"correct horse"_s, 2000);
        const QStringList parts = stored.split(u'$');
        QCOMPARE(parts.size(), 4);
        QCOMPARE(parts[0], u"pbkdf2-sha256"_s);
        QCOMPARE(parts[1], u"2000"_s);
        QCOMPARE(QByteArray::fromBase64(parts[3].toLatin1()).size(), 32);
        QVERIFY(!stored.contains(u"correct horse"_s));
    }

    void defaultIsSlow() { QVERIFY(PasswordHash::pbkdf2Iterations >= 100000); }

    void verifies()
    {
        const QString stored = PasswordHash::hashPbkdf2(u"pässword"_s, 2000);
        QVERIFY(PasswordHash::verify(u"pässword"_s, stored));
        QVERIFY(!PasswordHash::verify(u"password"_s, stored));
        QVERIFY(!PasswordHash::verify(QString(), stored));
    }

    void saltDiffers()
    {
        QVERIFY(PasswordHash::hashPbkdf2(u"x"_s, 2000) != PasswordHash::hashPbkdf2(u"x"_s, 2000));
    }

    void rejectsMalformed_data()
    {
        QTest::addColumn<QString>("stored");
        const QStringList parts = PasswordHash::hashPbkdf2(u"pw"_s, 2000).split(u'$');
        QTest::newRow("empty") << QString();
        QTest::newRow("other scheme") << (u"argon2id$"_s + parts.mid(1).join(u'$'));
        QTest::newRow("too few iterations") << u"pbkdf2-sha256$1$%1$%2"_s.arg(parts[2], parts[3]);
        QTest::newRow("truncated hash") << u"pbkdf2-sha256$2000$%1$AAAA"_s.arg(parts[2]);
        QTest::newRow("missing part") << parts.mid(0, 3).join(u'$');
    }

    void rejectsMalformed()
    {
        QFETCH(QString, stored);
        QVERIFY(!PasswordHash::verify(u"pw"_s, stored));
    }

    void argon2idStoredForm()
    {
        const QString stored
            = PasswordHash::hash(u"correct horse"_s, PasswordHash::Cost::minimum());
        QVERIFY2(stored.startsWith(u"$argon2id$"_s), qPrintable(stored));
        QVERIFY(PasswordHash::isArgon2id(stored));
        QVERIFY(!PasswordHash::needsRehash(stored));
        QVERIFY(!stored.contains(u"correct horse"_s));
        QVERIFY(stored != PasswordHash::hash(u"correct horse"_s, PasswordHash::Cost::minimum()));
    }

    void argon2idVerifies()
    {
        const QString stored = PasswordHash::hash(u"pässword"_s, PasswordHash::Cost::minimum());
        QVERIFY(PasswordHash::verify(u"pässword"_s, stored));
        QVERIFY(!PasswordHash::verify(u"password"_s, stored));
        QVERIFY(!PasswordHash::verify(QString(), stored));
        QString tampered = stored;
        tampered[tampered.size() - 2] = tampered.at(tampered.size() - 2) == u'A' ? u'B' : u'A';
        QVERIFY(!PasswordHash::verify(u"pässword"_s, tampered));
    }

    // The default is libsodium's interactive Argon2id (64 MiB): checked by its parameters.
    void argon2idDefaultCost()
    {
        const QString stored = PasswordHash::hash(u"pw"_s);
        QVERIFY2(stored.contains(u"$m=65536,t=2,p=1$"_s), qPrintable(stored));
        QVERIFY(PasswordHash::verify(u"pw"_s, stored));
    }

    void pbkdf2NeedsRehash()
    {
        const QString stored = PasswordHash::hashPbkdf2(u"pw"_s, 2000);
        QVERIFY(PasswordHash::needsRehash(stored));
        QVERIFY(PasswordHash::verify(u"pw"_s, stored));
    }

    void tokens()
    {
        const QString a = SessionToken::generate();
        const QString b = SessionToken::generate();
        QVERIFY(a != b);
        QCOMPARE(QByteArray::fromBase64(a.toLatin1(), QByteArray::Base64UrlEncoding).size(), 32);
        QCOMPARE(SessionToken::storageHash(a).size(), 64);
        QCOMPARE(SessionToken::storageHash(a), SessionToken::storageHash(a));
        QVERIFY(SessionToken::storageHash(a) != a);
    }
};

QTEST_GUILESS_MAIN(TestPasswordHash)
#include "tst_passwordhash.moc"
