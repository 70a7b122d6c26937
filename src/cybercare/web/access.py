"""Access rules of the web pages (deny by default, as for the API: see cybercare.http.access).

Every web route declares a rule; `create_app` refuses to start otherwise. Sign-in will add the
member and staff rules here.
"""

from __future__ import annotations

from cybercare.http.access import access_rule


@access_rule
def web_public() -> None:
    """Anyone may read this page: the public presentation of the product and its terms."""
