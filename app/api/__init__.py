"""HTTP routers of the app server."""
