"""The site: pages generated in memory from a SiteContext, written once, rendered by MkDocs."""
