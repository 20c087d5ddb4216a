#pragma once

#include "chat/markdownblocks.h"

namespace palaver::client {

/// What the block a reply is still streaming into shows: its Markdown with the inline markers
/// that are not finished yet hidden or closed, so "**bo" shows as bold "bo" rather than as
/// "**bo", "`x" as code, and a link still being typed not as "[text](http://ex". A code
/// block's closing fence being typed ("``") is not shown as code.
///
/// Only the last paragraph of the block (after its last blank line, list item or table cell
/// boundary) is looked at: inline markup never spans paragraphs, so an unmatched "**" earlier
/// in the block is text and stays as it is.
class StreamingTail
{
public:
    static MarkdownBlock tidy(const MarkdownBlock& block);
    /// Markdown prose with its unfinished inline markers hidden or closed.
    static QString tidyProse(const QString& markdown);
};

} // namespace palaver::client
