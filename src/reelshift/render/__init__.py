"""Renderers: an ``Analysis`` in, a document out. They format; they compute nothing."""
