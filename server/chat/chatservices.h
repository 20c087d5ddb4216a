#pragma once

namespace palaver::server {

struct ServerMetrics;

class Access;
class ChatStore;
class GroupCommit;
class ConversationViews;
class Fanout;
class Generations;
class Membership;
class ModelRegistry;
class ReadMarkers;
class RoomRules;
class UserStore;

/// The hub's pieces the conversation handlers work with; all live in the hub's thread and
/// outlive the handlers.
struct ChatServices
{
    ChatStore& store;
    UserStore& users;
    Fanout& fanout;
    Membership& membership;
    Access& access;
    ConversationViews& views;
    ReadMarkers& readMarkers;
    Generations& generations;
    const ModelRegistry& models;
    RoomRules& roomRules; ///< the caps and leave blocks (RoomLimits)
    ServerMetrics& metrics;
    GroupCommit& batch; ///< the messages stored together (see Hub::drainInbound)
};

} // namespace palaver::server
