#include "app/serveroptions.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

ServerOptions::ServerOptions()
    : listen(u"listen"_s,
        u"Address and port to listen on (default 127.0.0.1:8765; port 0 picks a free one)."_s,
        u"host:port"_s)
    , dataDir(u"data-dir"_s,
          u"Where the database lives (default: the per-user application data folder)."_s, u"dir"_s)
    , configFile(u"config"_s,
          u"INI file with [server] and [llm] sections; the command line wins."_s, u"file"_s)
    , workers(u"workers"_s, u"Network worker threads (default: one per CPU core)."_s, u"n"_s)
    , llmKind(u"llm-kind"_s,
          u"Which LLM answers: 'demo' (built in, offline), 'openai' (any OpenAI-compatible "
          "Chat Completions server), 'ollama' (Ollama's native API) or 'anthropic'. Default: demo."_s,
          u"kind"_s)
    , llmUrl(u"llm-url"_s,
          u"Base URL of the LLM API, e.g. https://api.openai.com/v1 (the default for openai), "
          "http://127.0.0.1:11434 (ollama), https://api.anthropic.com/v1 (anthropic)."_s,
          u"url"_s)
    , llmModel(u"llm-model"_s, u"Upstream model id."_s, u"id"_s)
    , llmTemperature(u"llm-temperature"_s,
          u"Sampling temperature, e.g. 0.7 (default: the upstream's)."_s, u"t"_s)
    , llmMaxTokens(u"llm-max-tokens"_s,
          u"Most tokens in one reply (default: the upstream's; 4096 for anthropic)."_s, u"n"_s)
    , llmMaxTokensField(u"llm-max-tokens-field"_s,
          u"Request field for --llm-max-tokens with openai: max_tokens (default) or "
          "max_completion_tokens (OpenAI's reasoning models)."_s,
          u"name"_s)
    , noDetect(u"no-detect"_s,
          u"With no model configured, do not look for local LLM servers or API keys: serve the "
          "demo model."_s)
    , demoRate(u"demo-tokens-per-second"_s, u"Pace of the demo model (default 30)."_s, u"n"_s)
    , shutdownGrace(u"shutdown-grace-ms"_s,
          u"On SIGTERM/SIGINT, how long running replies may go on before they end as interrupted "
          "(default 10000; 0 = at once)."_s,
          u"ms"_s)
    , passwordStdin(u"password-stdin"_s,
          u"With 'user add' and 'user reset-password': read the password from standard input."_s)
    , openRegistration(u"open-registration"_s,
          u"Let people create their own account from the sign-in page (default: off)."_s)
    , tokenCheck(u"token-check-interval-ms"_s,
          u"How often the revocations the admin commands write are read, so the sessions "
          "they end are closed (default 5000; 0 = never)."_s,
          u"ms"_s)
    , announceLevel(u"level"_s, u"With 'announce': info (default) or warning."_s, u"level"_s)
    , announceExpires(u"expires"_s,
          u"With 'announce': when it expires, as a duration (30m, 2h, 1d) or a date and time "
          "(2026-12-05T18:30, local time). Default: until withdrawn."_s,
          u"when"_s)
    , logFormat(u"log-format"_s,
          u"How log lines are written: auto (journald under systemd, else plain), plain, "
          "journald or json."_s,
          u"format"_s)
    , logRules(u"log-rules"_s,
          u"Which log categories to write, e.g. 'palaver.net.info=false;palaver.*.debug=true'."_s,
          u"rules"_s)
    , metricsListen(u"metrics-listen"_s,
          u"Serve GET /metrics on its own address (host:port) instead of the main port."_s,
          u"host:port"_s)
    , tlsCertificate(u"tls-certificate"_s,
          u"PEM certificate with its chain (e.g. certbot's fullchain.pem): the port then speaks "
          "only TLS (https://, wss://). Needs --tls-key. Reloaded on SIGHUP."_s,
          u"file"_s)
    , tlsKey(u"tls-key"_s,
          u"PEM private key of --tls-certificate (e.g. privkey.pem), not encrypted."_s, u"file"_s)
    , seedUsers(u"users"_s, u"With 'bench-seed': how many users to create."_s, u"n"_s)
    , seedPrefix(
          u"prefix"_s, u"With 'bench-seed': the users' name prefix (names P0, P1, ...)."_s, u"p"_s)
    , seedRoom(u"room"_s,
          u"With 'bench-seed': the title of a room with all the users (none if not given)."_s,
          u"title"_s)
    , seedRooms(u"rooms"_s,
          u"With 'bench-seed': how many rooms (default 1), user i in room i mod R."_s, u"r"_s)
    , seedTokensOut(u"tokens-out"_s,
          u"With 'bench-seed': the file for the room ids (first line) and one token per line."_s,
          u"file"_s)
{ }

QList<QCommandLineOption> ServerOptions::all() const
{
    return { listen, dataDir, configFile, workers, llmKind, llmUrl, llmModel, llmTemperature,
        llmMaxTokens, llmMaxTokensField, noDetect, demoRate, shutdownGrace, passwordStdin,
        openRegistration, tokenCheck, logFormat, logRules, metricsListen, announceLevel,
        announceExpires, tlsCertificate, tlsKey, seedUsers, seedPrefix, seedRoom, seedRooms,
        seedTokensOut };
}

} // namespace palaver::server
