"""Sync with the county court: envelopes, batches, transports, enrolment."""
