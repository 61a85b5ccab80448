"""督办通知: the office's dated instruction on an item, answered by the addressed department in the system."""
