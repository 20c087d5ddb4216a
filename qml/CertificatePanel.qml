import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// A server certificate the client refused: why, what it says about itself and its SHA-256, and
/// "Trust this certificate" (which trusts exactly this one, on this host and port).
Rectangle {
    id: panel

    required property CertificateCheck certificate

    signal trustRequested

    objectName: "certificatePanel"
    visible: panel.certificate.present
    implicitHeight: column.implicitHeight + 24
    radius: Theme.smallRadius
    color: "#fef2f2"
    border.color: "#fecaca"

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 12
        spacing: 8

        Label {
            Layout.fillWidth: true
            text: qsTr("The certificate of %1 is not trusted").arg(panel.certificate.endpoint)
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.danger
            font.pixelSize: 14
            font.weight: Font.DemiBold
        }
        Repeater {
            model: panel.certificate.errors
            delegate: Label {
                required property string modelData
                Layout.fillWidth: true
                text: "• " + modelData
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: Theme.text
                font.pixelSize: 13
            }
        }
        ColumnLayout {
            objectName: "certificateDetails"
            Layout.fillWidth: true
            spacing: 4

            CertificateField {
                Layout.fillWidth: true
                label: qsTr("Issued to")
                value: panel.certificate.subject
            }
            CertificateField {
                Layout.fillWidth: true
                label: qsTr("Names")
                value: panel.certificate.alternativeNames
            }
            CertificateField {
                Layout.fillWidth: true
                label: qsTr("Issued by")
                value: panel.certificate.issuer
            }
            CertificateField {
                Layout.fillWidth: true
                label: qsTr("Valid")
                value: panel.certificate.validity
            }
            CertificateField {
                objectName: "certificateFingerprint"
                Layout.fillWidth: true
                label: qsTr("SHA-256")
                value: panel.certificate.fingerprint
                monospace: true
            }
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Trust it only if the server's administrator confirms this fingerprint.")
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: 12
        }
        PrimaryButton {
            objectName: "trustCertificateButton"
            Layout.alignment: Qt.AlignRight
            text: qsTr("Trust this certificate")
            fill: Theme.danger
            pressedFill: "#b91c1c"
            Accessible.name: qsTr("Trust this certificate for %1").arg(panel.certificate.endpoint)
            onClicked: panel.trustRequested()
        }
    }
}
