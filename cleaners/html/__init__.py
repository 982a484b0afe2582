"""The HTML side of cleaners.extract, one concern per module.

parse (one safe lxml parse) · chrome, widgets (what is never the article) · density (prose vs the rest, per
element) · body (which subtree is the article) · listpage (is it an article at all) · meta (title, date,
source, author, editor; htmldate_tree: htmldate on the page's own tree, not a copy; textnodes: the text nodes
around the body, read only as far as needed) · tables (layout tables to blocks) · text (subtree to lines) ·
timelimit (per page).
"""
