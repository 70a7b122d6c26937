"""What the two HTTP edges share, the API (`cybercare.api`) and the web pages (`cybercare.web`):
the container of a request, the deny-by-default access-rule marker and its check, and the HTTP
status of a domain refusal. Neither edge imports the other; `cybercare.app` composes them."""
