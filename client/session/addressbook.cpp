#include "session/addressbook.h"

#include <QSettings>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {
// QSettings keys may not hold '/' or '\\' and treat ':' oddly in INI files: hex keeps them plain.
QString keyOf(const QString& text)
{
    return QString::fromLatin1(text.toUtf8().toHex());
}
QString textOf(const QString& key)
{
    return QString::fromUtf8(QByteArray::fromHex(key.toLatin1()));
}
// Each list grows by one entry per server someone connected to or trusted: a bound keeps a
// settings file that someone filled on purpose from slowing every start.
constexpr qsizetype kMaxEntries = 500;
const auto kSchemes = "addresses/scheme"_L1;
const auto kPins = "addresses/pinnedSha256"_L1;
} // namespace

AddressBook::AddressBook(const QString& settingsFile)
    : m_settings(settingsFile.isEmpty()
            ? std::make_unique<QSettings>(u"Palaver"_s, u"palaver"_s)
            : std::make_unique<QSettings>(settingsFile, QSettings::IniFormat))
{ }

AddressBook::~AddressBook() = default;

QString AddressBook::scheme(const QString& addressKey) const
{
    const QString scheme = m_settings->value(kSchemes + u'/' + keyOf(addressKey)).toString();
    return scheme == u"ws"_s || scheme == u"wss"_s ? scheme : QString();
}

void AddressBook::rememberScheme(const QString& addressKey, const QString& scheme)
{
    m_settings->beginGroup(kSchemes);
    const bool known = m_settings->contains(keyOf(addressKey));
    const bool full = !known && m_settings->childKeys().size() >= kMaxEntries;
    if (!full)
        m_settings->setValue(keyOf(addressKey), scheme);
    m_settings->endGroup();
    m_settings->sync();
}

QHash<QString, QByteArray> AddressBook::pins() const
{
    QHash<QString, QByteArray> pins;
    m_settings->beginGroup(kPins);
    const QStringList keys = m_settings->childKeys();
    for (const QString& key : keys) {
        const QByteArray fingerprint
            = QByteArray::fromHex(m_settings->value(key).toString().toLatin1());
        if (fingerprint.size() == 32)
            pins.insert(textOf(key), fingerprint);
    }
    m_settings->endGroup();
    return pins;
}

bool AddressBook::pin(const QString& endpoint, const QByteArray& fingerprint)
{
    m_settings->beginGroup(kPins);
    const bool known = m_settings->contains(keyOf(endpoint));
    const bool full = !known && m_settings->childKeys().size() >= kMaxEntries;
    if (!full)
        m_settings->setValue(keyOf(endpoint), QString::fromLatin1(fingerprint.toHex()));
    m_settings->endGroup();
    m_settings->sync();
    return !full;
}

} // namespace palaver::client
