"""The HTTP service: routes, jobs and stories, the change feed, webhooks, engines and the store."""
