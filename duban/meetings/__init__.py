"""Progress meetings (推进会议) of lead departments, their decisions (会议决定) and follow-up actions (跟踪事项)."""
