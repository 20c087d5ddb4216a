import QtQuick
import QtTest
import Palaver.UI
import Palaver.UITest

// An assistant's reply with a paragraph, a code block, a table and a quote, shown a block per
// delegate: the code as code (no fences), the Markdown rendered (no markers), and a screenshot
// (build/screenshots/reply-blocks.png) to look at.
Item {
    id: root

    width: 900
    height: 760

    ChatFixture {
        id: fixture
    }

    ChatView {
        id: view
        anchors.fill: parent
        title: "Blocks"
        messages: fixture.messages
        streaming: fixture.streaming
    }

    TestCase {
        name: "ReplyBlocks"
        when: windowShown

        function textItems(item, found) {
            if ((item.objectName === "blockText" || item.objectName === "bubbleText")
                    && item.visible)
                found.push(item);
            for (let i = 0; i < item.children.length; ++i)
                textItems(item.children[i], found);
            return found;
        }

        function test_paragraphCodeTableQuote() {
            fixture.reset();
            fixture.addUserMessage("Show me **every** kind of block");
            fixture.addAssistantMessage(
                "Here is a *paragraph* with `inline code` and **bold** text.\n\n"
                + "```cpp\nfor (const auto& item : items)\n    total += item.size();\n```\n\n"
                + "| build | frame p99 |\n|---|---:|\n| Debug | 116 ms |\n| Release | 84.9 ms |\n\n"
                + "> A quadratic algorithm is fast on the test data and slow on the customer's.\n\n"
                + "- a list item\n- and **another**\n\n"
                + "That is all.", "complete");
            const list = findChild(view, "messageList");
            tryCompare(list, "count", 2, 2000);
            tryVerify(() => list.itemAtIndex(1) !== null, 2000);
            const texts = textItems(list.itemAtIndex(1), []).map(t => t.getText(0, t.length));
            const shown = texts.join("\n");
            verify(shown.indexOf("total += item.size();") >= 0, shown);
            verify(shown.indexOf("```") < 0, "no fences shown: " + shown);
            verify(shown.indexOf("**") < 0, "no markers shown: " + shown);
            verify(shown.indexOf("Release") >= 0, shown);
            verify(shown.indexOf("quadratic") >= 0, shown);
            wait(50); // one frame, so the grab shows it
            grabImage(view).save(fixture.artifactPath("reply-blocks.png"));
        }
    }
}
