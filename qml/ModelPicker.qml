import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// Chooses the model of the open conversation from the server's list. It shows `currentModel`;
/// choosing another asks for it (the chat sends conversation.update and says when it is refused).
ComboBox {
    id: picker

    /// The server's models (modelId, name, isDefault).
    required property ModelListModel models
    /// The model id the conversation answers with now.
    required property string currentModel

    signal modelRequested(string modelId)

    objectName: "modelPicker"
    model: picker.models
    textRole: "name"
    valueRole: "modelId"
    /// The row of currentModel (count is read so a new list re-evaluates it).
    readonly property int chosenIndex: picker.models && picker.models.count > 0
                                       ? picker.models.indexOf(picker.currentModel) : -1

    currentIndex: picker.chosenIndex
    displayText: currentIndex >= 0 ? currentText
               : picker.currentModel.length > 0 ? picker.currentModel : qsTr("Model")
    // The text field inside the Basic ComboBox adds its own padding (12 px) to the text.
    implicitWidth: Math.min(280, Math.max(120, nameMetrics.advanceWidth + leftPadding + rightPadding + 24))
    font.pixelSize: 13
    flat: true

    ToolTip.visible: hovered
    ToolTip.delay: 600
    ToolTip.text: qsTr("The model that answers in this conversation")

    TextMetrics {
        id: nameMetrics
        font: picker.font
        text: picker.displayText
    }

    onActivated: index => {
        picker.modelRequested(picker.models.modelIdAt(index));
        // The chat decides: the picker shows what it says (the old model when it was refused).
        picker.currentIndex = Qt.binding(() => picker.chosenIndex);
    }
}
