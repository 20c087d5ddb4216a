import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// The open conversation: a header, the messages (following a streaming reply unless the user
/// scrolled up), an empty state, and the composer. Header items (the connection indicator) are
/// given as children.
Rectangle {
    id: view

    /// The messages of the open conversation, oldest first.
    property MessageListModel messages
    property string title
    /// Under the title: the model that answers.
    property string subtitle
    /// The last thing that went wrong in the chat; shown above the composer.
    property string errorText
    /// Identifies the open conversation; when it changes the view shows the newest messages.
    property string conversationId
    /// A reply is streaming into the open conversation.
    property bool streaming: false
    /// Items shown at the right of the header.
    default property alias headerItems: headerRow.data

    signal sendRequested(string text)
    signal stopRequested

    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Item {
            Layout.fillWidth: true
            implicitHeight: 60

            RowLayout {
                id: headerRow
                anchors.fill: parent
                anchors.leftMargin: Theme.pageMargin
                anchors.rightMargin: Theme.pageMargin
                spacing: 12

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 0

                    Label {
                        objectName: "chatTitle"
                        Layout.fillWidth: true
                        text: view.title.length > 0 ? view.title : qsTr("New chat")
                        elide: Text.ElideRight
                        color: Theme.text
                        font.pixelSize: Theme.titleFontSize
                        font.weight: Font.DemiBold
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: view.subtitle.length > 0
                        text: view.subtitle
                        elide: Text.ElideRight
                        color: Theme.textMuted
                        font.pixelSize: Theme.smallFontSize
                    }
                }
            }
            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: Theme.border
            }
        }

        MessageList {
            id: messageList
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: view.messages
            conversationKey: view.conversationId

            Column {
                anchors.centerIn: parent
                visible: messageList.count === 0
                spacing: 10

                Image {
                    anchors.horizontalCenter: parent.horizontalCenter
                    source: "icons/palaver-256.png"
                    sourceSize.width: 56
                    sourceSize.height: 56
                    opacity: 0.9
                }
                Label {
                    objectName: "emptyState"
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: qsTr("Start a conversation")
                    color: Theme.text
                    font.pixelSize: 20
                    font.weight: Font.DemiBold
                }
                Label {
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: qsTr("Ask anything. Replies appear as they are written.")
                    color: Theme.textMuted
                    font.pixelSize: 14
                }
            }
        }

        Rectangle {
            objectName: "chatError"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pageMargin
            Layout.rightMargin: Theme.pageMargin
            visible: view.errorText.length > 0
            implicitHeight: errorLabel.implicitHeight + 16
            radius: Theme.smallRadius
            color: "#fef2f2"
            border.color: "#fecaca"

            Label {
                id: errorLabel
                anchors.fill: parent
                anchors.leftMargin: 12
                anchors.rightMargin: 12
                verticalAlignment: Text.AlignVCenter
                text: view.errorText
                wrapMode: Text.Wrap
                color: Theme.danger
                font.pixelSize: 13
            }
        }

        Composer {
            Layout.fillWidth: true
            streaming: view.streaming
            onSendRequested: text => view.sendRequested(text)
            onStopRequested: view.stopRequested()
        }
    }
}
