"""The county arbitration court's sync service and clerks' console."""
