"""Exports as durable background tasks: a large file is built by ``duban worker``, stored, and
downloaded from its page (or 我的导出) by the user who asked for it.  See docs/architecture.md."""
