/**
 * XSLT 1.0 stylesheet served at /feed.xsl and referenced by `<?xml-stylesheet?>` from the RSS and Atom
 * documents, so a person who opens a feed URL in a browser sees a readable page with a subscribe hint instead
 * of raw XML. Handles RSS 2.0 and Atom 1.0. A TS string constant so bundles need no loaders.
 *
 * Item bodies are escaped HTML in the feed; XSLT 1.0 cannot render them without `disable-output-escaping`
 * (unsupported in Firefox), so this view lists titles, dates, sources and topics only.
 */
export const FEED_XSL = `<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" exclude-result-prefixes="atom dc">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="self" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="home" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>
  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <style>
          body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
          .hint { background: #fff7d6; border: 1px solid #e8d48a; border-radius: 6px; padding: .75rem 1rem; }
          code { background: #f1f1f1; padding: .1rem .3rem; border-radius: 3px; word-break: break-all; }
          ol { padding-left: 1.2rem; } li { margin: .8rem 0; }
          .meta { color: #555; font-size: .9rem; }
          .topic { background: #e8eefc; border-radius: 3px; padding: 0 .3rem; margin-right: .3rem; }
        </style>
      </head>
      <body>
        <h1><xsl:value-of select="$title"/></h1>
        <p><xsl:value-of select="/rss/channel/description | /atom:feed/atom:subtitle"/></p>
        <p class="hint"><strong>This is a news feed.</strong> Subscribe by copying this address into your feed reader
          (Feedly, Inoreader, NetNewsWire, newsboat, …): <code><xsl:value-of select="$self"/></code>.
          The <a href="{$home}">home page</a> explains why each story was kept.</p>
        <h2>Latest stories</h2>
        <ol>
          <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
        </ol>
      </body>
    </html>
  </xsl:template>
  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <div class="meta">
        <xsl:value-of select="source"/> · <xsl:value-of select="pubDate"/>
        <xsl:if test="dc:creator"> · <xsl:value-of select="dc:creator"/></xsl:if>
      </div>
      <div><xsl:for-each select="category"><span class="topic"><xsl:value-of select="."/></span></xsl:for-each></div>
    </li>
  </xsl:template>
  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <div class="meta">
        <xsl:value-of select="atom:source/atom:title"/> · <xsl:value-of select="atom:published"/>
        <xsl:if test="atom:author"> · <xsl:value-of select="atom:author/atom:name"/></xsl:if>
      </div>
      <div><xsl:for-each select="atom:category"><span class="topic"><xsl:value-of select="@term"/></span></xsl:for-each></div>
    </li>
  </xsl:template>
</xsl:stylesheet>
`;
