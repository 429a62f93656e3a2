"""Routes of the reports blueprint (thin: forms in forms.py, writes in services.py)."""
