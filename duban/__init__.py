"""duban (督办): runs a government reform plan from document to year-end score."""
