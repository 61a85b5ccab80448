"""Zones (开发区) and their department registry. Every zone-owned table points here."""
