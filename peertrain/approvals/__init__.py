"""Separation of duties: changes that open someone's records wait for a second admin."""
