"""Notifications: the in-app bell, e-mail, and DingTalk/WeCom group-robot webhooks.  Idempotent by key."""
