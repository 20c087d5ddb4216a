#include "roomcast.h"

#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

/// What members of a room see of each other beyond messages: presence (online, away, offline with
/// lastSeen, pushed to co-members only, once per change), typing relayed to the other members, and
/// read markers with unread counts. Each test starts a fresh server with alice, bob, carol and
/// erin; erin shares nothing with anyone.
class TestPresence : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        for (const QString& name : { u"alice"_s, u"bob"_s, u"carol"_s, u"erin"_s })
            QVERIFY(m_server->addUser(name, name + u"-pw"_s));
    }

    void cleanup() { m_server.reset(); }

    void presenceReachesCoMembersOnly()
    {
        // bob and erin are here first; a room makes alice and bob co-members.
        UserInfo bobUser;
        auto bob = signIn(u"bob"_s, &bobUser);
        auto erin = signIn(u"erin"_s);
        UserInfo aliceUser;
        auto alice = signIn(u"alice"_s, &aliceUser);
        QVERIFY(bob && erin && alice);
        const auto room = bob->createRoom(u"Pair"_s, { u"alice"_s });
        QVERIFY(room);
        QCOMPARE(memberOf(*room, aliceUser.id).value_or(Member {}).presence, PresenceState::Online);
        QVERIFY(bob->roundTrip());
        bob->queue().clear();
        QList<PresenceState> seen; // what bob heard of alice, in order

        // Away, then back.
        QVERIFY(alice->expect<Ok>(PresenceSet { u"p1"_s, PresenceState::Away }));
        const auto away = bob->waitFor<PresenceEvent>();
        QVERIFY(away);
        QCOMPARE(away->user, aliceUser);
        seen.append(away->state);
        auto member = memberIn(*bob, room->convId, aliceUser.id);
        QVERIFY(member);
        QCOMPARE(member->presence, PresenceState::Away);
        // Saying it twice changes nothing and pushes nothing.
        QVERIFY(alice->expect<Ok>(PresenceSet { u"p2"_s, PresenceState::Away }));
        QVERIFY(alice->expect<Ok>(PresenceSet { u"p3"_s, PresenceState::Online }));
        const auto back = bob->waitFor<PresenceEvent>();
        QVERIFY(back);
        QVERIFY(!back->lastSeen.isValid());
        seen.append(back->state);
        // "offline" is not something a client can say.
        QVERIFY(alice->expectError(
            PresenceSet { u"p4"_s, PresenceState::Offline }, ErrorCode::BadRequest));

        // A second connection keeps alice online while the first one goes.
        auto aliceTwo = signIn(u"alice"_s);
        QVERIFY(aliceTwo);
        alice->close();
        QVERIFY(alice->waitForDisconnected());
        member = memberIn(*bob, room->convId, aliceUser.id);
        QVERIFY(member);
        QCOMPARE(member->presence, PresenceState::Online);
        QVERIFY2(bob->queue().isEmpty(), qPrintable(bob->describeQueue()));

        // Both gone: offline, with the time she was last seen.
        // (lastSeen after this also shows the offline came from this close, not the first one.)
        const QDateTime beforeLeaving = QDateTime::currentDateTimeUtc();
        aliceTwo->close();
        QVERIFY(aliceTwo->waitForDisconnected());
        const auto gone = bob->waitFor<PresenceEvent>();
        QVERIFY(gone);
        QCOMPARE(gone->user, aliceUser);
        seen.append(gone->state);
        const auto offline = memberIn(*bob, room->convId, aliceUser.id);
        QVERIFY(offline);
        QCOMPARE(offline->presence, PresenceState::Offline);
        QVERIFY(offline->lastSeen >= beforeLeaving);
        QVERIFY(offline->lastSeen <= QDateTime::currentDateTimeUtc().addSecs(1));

        // Exactly these changes, each once, each as it happened; erin, who shares nothing,
        // heard none of them.
        QVERIFY(bob->roundTrip());
        const QList<PresenceEvent> rest = bob->takeAll<PresenceEvent>();
        QCOMPARE(rest.size(), 0);
        QCOMPARE(seen,
            (QList<PresenceState> {
                PresenceState::Away, PresenceState::Online, PresenceState::Offline }));
        QVERIFY(erin->roundTrip());
        QVERIFY(erin->takeAll<PresenceEvent>().isEmpty());
    }

    void offlinePushCarriesLastSeen()
    {
        UserInfo aliceUser;
        auto alice = signIn(u"alice"_s, &aliceUser);
        auto bob = signIn(u"bob"_s);
        QVERIFY(alice && bob);
        const auto room = alice->createRoom(u"Pair"_s, { u"bob"_s });
        QVERIFY(room);
        QVERIFY(bob->roundTrip());
        bob->queue().clear();
        alice->close();
        const auto offline = bob->waitFor<PresenceEvent>();
        QVERIFY(offline);
        QCOMPARE(offline->user, aliceUser);
        QCOMPARE(offline->state, PresenceState::Offline);
        QVERIFY(offline->lastSeen.isValid());
        // The conversation object says the same.
        const auto member = memberIn(*bob, room->convId, aliceUser.id);
        QVERIFY(member);
        QCOMPARE(member->presence, PresenceState::Offline);
        QCOMPARE(member->lastSeen, offline->lastSeen);
    }

    void awayNeedsEveryConnection()
    {
        UserInfo aliceUser;
        auto bob = signIn(u"bob"_s);
        auto alice = signIn(u"alice"_s, &aliceUser);
        auto aliceTwo = signIn(u"alice"_s);
        QVERIFY(bob && alice && aliceTwo);
        QVERIFY(alice->createRoom(u"Pair"_s, { u"bob"_s }));
        QVERIFY(bob->roundTrip());
        bob->queue().clear();

        // One of two connections away: still online, nothing pushed.
        QVERIFY(alice->expect<Ok>(PresenceSet { u"p1"_s, PresenceState::Away }));
        QVERIFY(bob->roundTrip());
        QVERIFY(bob->takeAll<PresenceEvent>().isEmpty());
        // Both away: away.
        QVERIFY(aliceTwo->expect<Ok>(PresenceSet { u"p2"_s, PresenceState::Away }));
        const auto away = bob->waitFor<PresenceEvent>();
        QVERIFY(away);
        QCOMPARE(away->state, PresenceState::Away);
        // A new connection counts as online.
        auto aliceThree = signIn(u"alice"_s);
        QVERIFY(aliceThree);
        const auto online = bob->waitFor<PresenceEvent>();
        QVERIFY(online);
        QCOMPARE(online->user.id, aliceUser.id);
        QCOMPARE(online->state, PresenceState::Online);
        // alice's own connections never hear about alice.
        for (WsTestClient* own : { alice.get(), aliceTwo.get(), aliceThree.get() }) {
            QVERIFY(own->roundTrip());
            QVERIFY(own->takeAll<PresenceEvent>().isEmpty());
        }
    }

    void lastSeenSurvivesRestart()
    {
        const QString dataDir = m_server->dataDir();
        UserInfo aliceUser;
        QDateTime lastSeen;
        {
            auto alice = signIn(u"alice"_s, &aliceUser);
            auto bob = signIn(u"bob"_s);
            QVERIFY(alice && bob);
            QVERIFY(alice->createRoom(u"Pair"_s, { u"bob"_s }));
            alice->close();
            QVERIFY(alice->waitForDisconnected());
            const auto offline = bob->waitFor<PresenceEvent>();
            QVERIFY(offline);
            QCOMPARE(offline->state, PresenceState::Offline);
            lastSeen = offline->lastSeen;
            QVERIFY(lastSeen.isValid());
        }
        m_server->stop();
        TestServer::Options options;
        options.dataDir = dataDir;
        TestServer restarted(options);
        QVERIFY2(restarted.start(), qPrintable(restarted.errorString()));
        Welcome welcome;
        auto bob = signedIn(restarted.url(), u"bob"_s, u"bob-pw"_s, &welcome);
        QVERIFY(bob);
        const auto list = bob->roundTrip();
        QVERIFY(list);
        QCOMPARE(list->items.size(), 1);
        const auto alice = memberOf(list->items.first(), aliceUser.id);
        QVERIFY(alice);
        QCOMPARE(alice->presence, PresenceState::Offline);
        QCOMPARE(alice->lastSeen, lastSeen);
        restarted.stop();
    }

    void typingGoesToOtherMembers()
    {
        UserInfo bobUser;
        auto alice = signIn(u"alice"_s);
        auto aliceTwo = signIn(u"alice"_s);
        auto bob = signIn(u"bob"_s, &bobUser);
        auto bobTwo = signIn(u"bob"_s);
        auto carol = signIn(u"carol"_s);
        auto erin = signIn(u"erin"_s);
        QVERIFY(alice && aliceTwo && bob && bobTwo && carol && erin);
        const auto room = alice->createRoom(u"Trip"_s, { u"bob"_s, u"carol"_s });
        QVERIFY(room);
        const auto other = alice->createRoom(u"Other"_s, { u"erin"_s });
        QVERIFY(other);

        for (const bool active : { true, false }) {
            // Typing has no answer: the round trip afterwards is what tells it was handled.
            bob->send(TypingRequest { QString(), room->convId, active });
            QVERIFY(bob->roundTrip());
            for (WsTestClient* client : { alice.get(), aliceTwo.get(), carol.get() }) {
                QVERIFY(client->roundTrip());
                const QList<TypingEvent> typing = client->takeAll<TypingEvent>();
                QCOMPARE(typing.size(), 1);
                QCOMPARE(typing.first().convId, room->convId);
                QCOMPARE(typing.first().user, bobUser);
                QCOMPARE(typing.first().active, active);
            }
            // Not the typist's own connections, not someone outside the room (erin shares
            // another room with alice).
            for (WsTestClient* client : { bob.get(), bobTwo.get(), erin.get() }) {
                QVERIFY(client->roundTrip());
                QVERIFY(client->takeAll<TypingEvent>().isEmpty());
            }
        }
        // With an id and all is well: still no answer (the round trip's answer comes after
        // where it would have been).
        bob->send(TypingRequest { u"t"_s, room->convId, true });
        QVERIFY(bob->roundTrip());
        QVERIFY(!bob->waitForAnswer(u"t"_s, 0));
        QVERIFY(
            erin->expectError(TypingRequest { u"t"_s, room->convId, true }, ErrorCode::NotFound));
    }

    void unreadCountsAndReadMarkers()
    {
        UserInfo aliceUser;
        UserInfo bobUser;
        auto alice = signIn(u"alice"_s, &aliceUser);
        auto bob = signIn(u"bob"_s, &bobUser);
        auto bobTwo = signIn(u"bob"_s);
        QVERIFY(alice && bob && bobTwo);
        const auto room = alice->createRoom(u"News"_s, { u"bob"_s });
        QVERIFY(room);
        const QString convId = room->convId;

        // Three messages by alice and the assistant's answer to one of them: four unread.
        for (const QString& text : { u"one"_s, u"two"_s, u"@assistant three"_s })
            QVERIFY(alice->expect<Ack>(MessageSend { alice->nextId(), convId, newUuid(), text }));
        const auto end = bob->waitFor<GenerationEnd>(10000);
        QVERIFY(end);
        auto seenByBob = bob->listed(convId);
        QVERIFY(seenByBob);
        QCOMPARE(seenByBob->lastSeq, end->seq);
        QCOMPARE(seenByBob->lastReadSeq, 0);
        QCOMPARE(seenByBob->unread, 4);
        // Alice's own messages are not unread for her; the assistant's reply is.
        const auto seenByAlice = alice->listed(convId);
        QVERIFY(seenByAlice);
        QCOMPARE(seenByAlice->unread, 1);

        // Part of the way: the reply's seq is its generation.start's, so it is still unread.
        const qint64 thirdSeq = end->seq - 2;
        QVERIFY(bob->expect<Ok>(ReadRequest { u"r1"_s, convId, thirdSeq }));
        for (WsTestClient* own : { bob.get(), bobTwo.get() }) {
            const QList<ReadEvent> reads = readsOf(*own, bobUser.id);
            QCOMPARE(reads.size(), 1);
            QCOMPARE(reads.first().convId, convId);
            QCOMPARE(reads.first().seq, thirdSeq);
            QCOMPARE(reads.first().unread, std::optional<qint64>(1));
        }
        const QList<ReadEvent> othersSee = readsOf(*alice, bobUser.id);
        QCOMPARE(othersSee.size(), 1);
        QCOMPARE(othersSee.first().seq, thirdSeq);
        QVERIFY(!othersSee.first().unread); // only the reader's own connections learn the count
        const auto bobForAlice = memberIn(*alice, convId, bobUser.id);
        QVERIFY(bobForAlice);
        QCOMPARE(bobForAlice->lastReadSeq, thirdSeq);

        // Beyond the end: clamped to lastSeq, nothing unread.
        QVERIFY(bob->expect<Ok>(ReadRequest { u"r2"_s, convId, end->seq + 100 }));
        const QList<ReadEvent> all = readsOf(*bobTwo, bobUser.id);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().seq, end->seq);
        QCOMPARE(all.first().unread, std::optional<qint64>(0));
        seenByBob = bob->listed(convId);
        QVERIFY(seenByBob);
        QCOMPARE(seenByBob->lastReadSeq, end->seq);
        QCOMPARE(seenByBob->unread, 0);

        // Never back: answered, nothing moves, nothing pushed.
        for (WsTestClient* client : { alice.get(), bob.get(), bobTwo.get() })
            readsOf(*client, bobUser.id);
        QVERIFY(bob->expect<Ok>(ReadRequest { u"r3"_s, convId, 1 }));
        bob->send(ReadRequest { QString(), convId, 2 }); // without an id: no answer, same rule
        for (WsTestClient* client : { alice.get(), bob.get(), bobTwo.get() })
            QVERIFY(readsOf(*client, bobUser.id).isEmpty());
        QVERIFY(bob->takeAll<Ok>().isEmpty()); // nothing answered the id-less one
        seenByBob = bob->listed(convId);
        QVERIFY(seenByBob);
        QCOMPARE(seenByBob->lastReadSeq, end->seq);
        QCOMPARE(seenByBob->unread, 0);
    }

    void sendingMovesTheSendersMarker()
    {
        UserInfo bobUser;
        auto alice = signIn(u"alice"_s);
        auto bob = signIn(u"bob"_s, &bobUser);
        QVERIFY(alice && bob);
        const auto room = alice->createRoom(u"Chat"_s, { u"bob"_s });
        QVERIFY(room);
        for (const QString& text : { u"a"_s, u"b"_s }) {
            QVERIFY(
                alice->expect<Ack>(MessageSend { alice->nextId(), room->convId, newUuid(), text }));
        }
        auto seen = bob->listed(room->convId);
        QVERIFY(seen);
        QCOMPARE(seen->unread, 2);

        // Answering means having read what came before.
        const auto ack = bob->expect<Ack>(MessageSend { u"s"_s, room->convId, newUuid(), u"c"_s });
        QVERIFY(ack);
        seen = bob->listed(room->convId);
        QVERIFY(seen);
        QCOMPARE(seen->lastReadSeq, ack->seq);
        QCOMPARE(seen->unread, 0);
        const QList<ReadEvent> reads = readsOf(*alice, bobUser.id);
        QCOMPARE(reads.size(), 1);
        QCOMPARE(reads.first().seq, ack->seq);
        QVERIFY(!reads.first().unread);
        // For alice, bob's message is unread.
        const auto forAlice = alice->listed(room->convId);
        QVERIFY(forAlice);
        QCOMPARE(forAlice->unread, 1);
    }

    void newMemberStartsWithNoBacklog()
    {
        auto alice = signIn(u"alice"_s);
        auto carol = signIn(u"carol"_s);
        QVERIFY(alice && carol);
        const auto room = alice->createRoom(u"Old"_s, { u"bob"_s });
        QVERIFY(room);
        for (const QString& text : { u"a"_s, u"b"_s, u"c"_s }) {
            QVERIFY(
                alice->expect<Ack>(MessageSend { alice->nextId(), room->convId, newUuid(), text }));
        }

        QVERIFY(alice->expect<Ok>(MemberInvite { u"i"_s, room->convId, u"carol"_s }));
        const auto joined = carol->waitFor<ConversationReply>();
        QVERIFY(joined);
        QCOMPARE(joined->conversation.lastSeq, 3);
        QCOMPARE(joined->conversation.lastReadSeq, 3);
        QCOMPARE(joined->conversation.unread, 0);
        // Then new messages count.
        QVERIFY(alice->expect<Ack>(MessageSend { u"d"_s, room->convId, newUuid(), u"d"_s }));
        const auto listed = carol->listed(room->convId);
        QVERIFY(listed);
        QCOMPARE(listed->lastReadSeq, 3);
        QCOMPARE(listed->unread, 1);
    }

private:
    std::unique_ptr<WsTestClient> signIn(const QString& name, UserInfo* user = nullptr)
    {
        Welcome welcome;
        auto client = signedIn(m_server->url(), name, name + u"-pw"_s, &welcome);
        if (user)
            *user = welcome.user;
        return client;
    }

    /// `userId`'s entry in `convId` as `client`'s fresh conversations.list shows it.
    static std::optional<Member> memberIn(
        WsTestClient& client, const QString& convId, const QString& userId)
    {
        const auto conversation = client.listed(convId);
        return conversation ? memberOf(*conversation, userId) : std::nullopt;
    }

    /// The `read` pushes about `userId` that reached `client` so far, taken off its queue.
    static QList<ReadEvent> readsOf(WsTestClient& client, const QString& userId)
    {
        QList<ReadEvent> reads;
        if (!client.roundTrip())
            return reads;
        for (const ReadEvent& read : client.takeAll<ReadEvent>()) {
            if (read.userId == userId)
                reads.append(read);
        }
        return reads;
    }

    std::unique_ptr<TestServer> m_server;
};

QTEST_GUILESS_MAIN(TestPresence)
#include "tst_presence.moc"
