"""The demo zone 准东开发区: its department registry, the seed plan, demo accounts. Imports from every app, imported by none."""
