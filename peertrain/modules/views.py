"""Routes of the training blueprint (thin: forms in forms.py, writes in services.py)."""
