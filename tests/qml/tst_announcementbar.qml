import QtQuick
import QtQuick.Layouts
import QtTest
import Palaver.UI
import Palaver.UITest

// The announcements above the window as Main.qml lays it out: warnings first in amber, news in
// indigo, a dismiss button each (named for screen readers), gone when dismissed or expired.
// Saves announcement-window.png.
Item {
    id: root

    width: 1100
    height: 720

    ChatFixture {
        id: fixture
    }
    NoticeFixture {
        id: notices
    }
    ClientSession {
        id: session
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        AnnouncementBar {
            id: bar
            Layout.fillWidth: true
            Layout.margins: 8
            announcements: session.announcements
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            ConversationList {
                Layout.preferredWidth: 280
                Layout.fillHeight: true
                session: session
            }
            ChatView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                title: session.chat.currentTitle
                kind: session.chat.currentKind
                messages: fixture.messages
                models: fixture.models
                currentModel: "m-demo"
                chat: session.chat
            }
        }
    }

    TestCase {
        name: "AnnouncementBar"
        when: windowShown

        function findChild(item, name) {
            if (!item)
                return null;
            if (item.objectName === name)
                return item;
            for (let i = 0; i < item.children.length; ++i) {
                const found = findChild(item.children[i], name);
                if (found)
                    return found;
            }
            return null;
        }

        function cleanup() {
            for (const id of ["news", "maintenance", "short"])
                notices.announce(session, id, "info", "", -1000); // withdrawn
        }

        function test_bannersShowDismissAndExpire() {
            verify(!bar.visible);
            notices.announce(session, "news", "info", "New models are available: ask the admin.");
            notices.announce(session, "maintenance", "warning",
                             "Maintenance at 18:00 UTC: the server restarts for about five minutes.",
                             3600 * 1000);
            verify(bar.visible);
            const warning = findChild(bar, "announcement-maintenance");
            const news = findChild(bar, "announcement-news");
            verify(warning && news);
            verify(warning.warning);
            verify(!news.warning);
            tryVerify(() => warning.y < news.y, 1000, "the warning comes first");
            compare(warning.color, Theme.warningSoft);
            compare(news.color, Theme.accentSoft);
            compare(findChild(warning, "noticeText").text,
                    "Maintenance at 18:00 UTC: the server restarts for about five minutes.");
            const dismiss = findChild(news, "dismissButton");
            verify(dismiss.visible);
            compare(dismiss.Accessible.name, "Dismiss this announcement");

            fixture.fillConversations(session);
            session.chat.currentConvId = "conv-a";
            fixture.addUserMessage("When is the maintenance window?");
            fixture.addAssistantMessage("Today at 18:00 UTC, for about five minutes.", "complete");
            wait(100); // a few frames, so the grab shows the laid-out window
            grabImage(root).save(fixture.artifactPath("announcement-window.png"));

            mouseClick(dismiss);
            tryCompare(session.announcements, "count", 1);
            verify(findChild(bar, "announcement-news") === null);
            verify(findChild(bar, "announcement-maintenance") !== null);
        }

        function test_anExpiredAnnouncementGoes() {
            notices.announce(session, "short", "warning", "Back in a moment.", 300);
            tryVerify(() => findChild(bar, "announcement-short") !== null, 1000);
            tryVerify(() => findChild(bar, "announcement-short") === null, 5000, "expired");
            verify(!bar.visible);
        }
    }
}
