"""The web stage: a FastAPI app serving the JSON API and the HTML pages over one Workbench.

Start it with ``claimtrace serve``; build it in code with
``claimtrace.web.app.create_app(claimtrace.web.settings.WebSettings(...))``.
"""
