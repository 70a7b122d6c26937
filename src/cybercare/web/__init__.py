"""The web edge: server-rendered pages (Jinja2 + HTMX) for members and staff, in four languages.

`install(app)` adds the pages, the static files, the security headers and the session cookie to
the application that `cybercare.app.create_app` composes. See docs/web.md.
"""
