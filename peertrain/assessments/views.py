"""Routes of the competency blueprint (thin: forms in forms.py, writes in services.py)."""
