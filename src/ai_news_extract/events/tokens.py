"""The parse of a Doc as plain Python objects, for the event rules to read.

The rules walk the dependency parse token by token, thousands of steps per
article. Through spaCy each step costs: every ``doc[i]``, ``tok.head`` and
child makes a new ``Token`` object, and every ``dep_``/``lower_``/``text``
decodes a string from the StringStore. A :class:`ParseToken` is made once per
token (by :class:`~.context.DocContext`) and holds those attributes as plain
values, with the same names as spaCy's ``Token``, so the rules read as before.

Because each token has one ParseToken, ``a is b`` and ``a == b`` both mean
"the same token" (spaCy's Tokens compare by position; ``is`` never holds).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from .context import DocContext


class ParseToken:
    """One token: ``i``, ``text``, ``lower_``, ``dep_``, ``tag_``, ``pos_``, ``idx`` and ``head``
    as plain attributes; the tree (``children``, ``lefts``, ``rights``, ``subtree``, edges) and the
    lexical flags read from the :class:`~.context.DocContext` lists on demand."""

    __slots__ = ("i", "text", "lower_", "dep_", "tag_", "pos_", "idx", "head", "_ctx")

    def __init__(self, ctx: "DocContext", i: int, text: str, lower: str, dep: str, tag: str, pos: str,
                 idx: int) -> None:
        self._ctx = ctx
        self.i = i
        self.text = text
        self.lower_ = lower
        self.dep_ = dep
        self.tag_ = tag
        self.pos_ = pos
        self.idx = idx
        self.head: ParseToken = self  # set by the context once every token exists

    def __repr__(self) -> str:
        return self.text

    @property
    def doc(self) -> list["ParseToken"]:
        """The document's tokens: ``tok.doc[j]`` is token ``j``, as with spaCy."""
        return self._ctx.tokens

    @property
    def doc_text(self) -> str:
        """The document's text (``doc.text``)."""
        return self._ctx.text

    @property
    def children(self) -> tuple["ParseToken", ...]:
        """The tokens whose head this is, in text order (spaCy's ``lefts`` then ``rights``)."""
        return self._ctx.child_tokens[self.i]

    @property
    def lefts(self) -> tuple["ParseToken", ...]:
        """The children before the token. (spaCy looks for them between the token's left edge and
        the token: the same children, as its parser leaves the edges around the subtree.)"""
        return self._ctx.child_tokens[self.i][: self._n_lefts()]

    @property
    def rights(self) -> tuple["ParseToken", ...]:
        return self._ctx.child_tokens[self.i][self._n_lefts() :]

    def _n_lefts(self) -> int:
        """How many children come before the token (children are in text order: a bisection among
        them in the tokens sorted by head, ``DocContext.children_at``)."""
        i, children = self.i, self._ctx.children_at
        first = children.start[i]
        return bisect_left(children.by_head, i, first, children.start[i + 1]) - first

    @property
    def subtree(self) -> list["ParseToken"]:
        """The token and its descendants, in spaCy's order: each left child's subtree, the
        token, each right child's subtree."""
        out: list[ParseToken] = []
        _walk(self, out)
        return out

    @property
    def ancestors(self) -> Iterator["ParseToken"]:
        """The head, its head, ... up to the root (as spaCy yields them)."""
        x, steps = self, 0
        while x.head is not x and steps < len(self._ctx.tokens):
            x = x.head
            steps += 1
            yield x

    @property
    def left_edge(self) -> "ParseToken":
        return self._ctx.tokens[self._ctx.left_edge(self.i)]

    @property
    def right_edge(self) -> "ParseToken":
        return self._ctx.tokens[self._ctx.right_edge(self.i)]

    @property
    def whitespace_(self) -> str:
        return " " if self._ctx.space_after[self.i] else ""

    @property
    def is_space(self) -> bool:
        return self.text.isspace()  # (spaCy's English IS_SPACE)

    @property
    def is_punct(self) -> bool:
        return self._ctx.is_punct_at[self.i]

    @property
    def is_alpha(self) -> bool:
        return self._ctx.doc[self.i].is_alpha  # (rarely read: from spaCy's Token)

    @property
    def like_num(self) -> bool:
        return self._ctx.doc[self.i].like_num  # (rarely read: from spaCy's Token)


def _walk(t: ParseToken, out: list[ParseToken]) -> None:
    """Append the subtree of ``t`` to ``out`` (:attr:`ParseToken.subtree`). (A function of the module,
    not a closure: a closure that calls itself is a reference cycle, and would keep the tokens.)"""
    i, kids = t.i, t.children
    for c in kids:
        if c.i < i:
            _walk(c, out)
    out.append(t)
    for c in kids:
        if c.i > i:
            _walk(c, out)


class TokenSpan:
    """A stretch of tokens (a sentence, an entity or a date mention): what the rules read of
    spaCy's ``Span``, as plain values."""

    __slots__ = ("start", "end", "start_char", "end_char", "_ctx", "_root")

    def __init__(self, ctx: "DocContext", start: int, end: int) -> None:
        self._ctx = ctx
        self.start = start
        self.end = end
        self._root: "ParseToken | None" = None
        if start < end:
            self.start_char = ctx.idx_at[start]
            self.end_char = ctx.idx_at[end - 1] + ctx.len_at[end - 1]  # (the last token's end)
        else:
            self.start_char = self.end_char = 0

    def __len__(self) -> int:
        return self.end - self.start

    def __repr__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self._ctx.text[self.start_char : self.end_char]

    @property
    def root(self) -> ParseToken:
        """spaCy's ``Span.root`` (:meth:`~.context.DocContext.span_root`), found once."""
        root = self._root
        if root is None:
            root = self._root = self._ctx.tokens[self._ctx.span_root(self.start, self.end)]
        return root
