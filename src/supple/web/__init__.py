"""The local web app: pages, a JSON API, and the browser player."""
