"""The web app: the questionnaire, the report, the industry view, saved analyses and the JSON API.

Needs the ``web`` extra (``pip install 'reelshift[web]'``). Start it with ``reelshift serve``;
build it in code with ``reelshift.web.app.create_app()``. The web layer parses, calls
``reelshift.analyze`` and renders: it computes no figures of its own.
"""
