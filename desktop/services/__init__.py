"""Services: the operations the UI and the command line call (no Qt, no SQL here)."""
