"""Routes of the supervision blueprint (thin: forms in forms.py, writes in services.py)."""
