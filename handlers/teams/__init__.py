"""The Microsoft Teams adapter: the app package, and (to come) the routes, cards and sender."""
