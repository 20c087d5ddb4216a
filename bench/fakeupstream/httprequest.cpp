#include "httprequest.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace fakeupstream {

namespace {

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size()
        && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char lower, char c) {
               return std::tolower(static_cast<unsigned char>(c)) == lower;
           });
}

} // namespace

RequestReader::State RequestReader::feed(std::string_view bytes)
{
    m_buffer.append(bytes);
    if (m_state == State::Incomplete)
        m_state = parse();
    return m_state;
}

std::string_view RequestReader::body() const
{
    return std::string_view(m_buffer).substr(m_headEnd, m_bodyBytes);
}

RequestReader::State RequestReader::next()
{
    if (m_state != State::Complete)
        return m_state;
    m_buffer.erase(0, m_headEnd + m_bodyBytes);
    m_headEnd = m_bodyBytes = 0;
    m_method.clear();
    m_path.clear();
    m_state = parse();
    return m_state;
}

RequestReader::State RequestReader::bad(std::string why)
{
    m_error = std::move(why);
    return State::Bad;
}

RequestReader::State RequestReader::parse()
{
    if (m_headEnd == 0) {
        const std::size_t blank = m_buffer.find("\r\n\r\n");
        if (blank == std::string::npos)
            return m_buffer.size() > maxHeadBytes ? bad("request head too large")
                                                  : State::Incomplete;
        if (blank + 4 > maxHeadBytes)
            return bad("request head too large");
        const std::string_view head = std::string_view(m_buffer).substr(0, blank + 2);
        const std::size_t lineEnd = head.find("\r\n");
        const std::string_view line = head.substr(0, lineEnd);
        const std::size_t space1 = line.find(' ');
        const std::size_t space2 = line.rfind(' ');
        if (space1 == std::string_view::npos || space2 <= space1
            || line.substr(space2 + 1).substr(0, 7) != "HTTP/1.")
            return bad("not an HTTP/1.x request line");
        m_method = std::string(line.substr(0, space1));
        m_path = std::string(line.substr(space1 + 1, space2 - space1 - 1));
        bool haveLength = false;
        for (std::size_t at = lineEnd + 2; at < head.size();) {
            const std::size_t end = head.find("\r\n", at);
            const std::string_view header = head.substr(at, end - at);
            at = end + 2;
            if (startsWithNoCase(header, "transfer-encoding:"))
                return bad("chunked request bodies are not supported");
            if (!startsWithNoCase(header, "content-length:"))
                continue;
            std::string value(header.substr(15));
            char* stop = nullptr;
            const unsigned long long length = std::strtoull(value.c_str(), &stop, 10);
            while (*stop == ' ' || *stop == '\t')
                ++stop;
            if (*stop != '\0' || value.find('-') != std::string::npos || length > maxBodyBytes)
                return bad("bad or too large Content-Length");
            m_bodyBytes = std::size_t(length);
            haveLength = true;
        }
        if (!haveLength && m_method == "POST")
            return bad("a POST without Content-Length");
        m_headEnd = blank + 4;
    }
    return m_buffer.size() >= m_headEnd + m_bodyBytes ? State::Complete : State::Incomplete;
}

} // namespace fakeupstream
