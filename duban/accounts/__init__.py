"""Users, their roles, login and logout, and the zone-wide permission rules every app builds on."""
