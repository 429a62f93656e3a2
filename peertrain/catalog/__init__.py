"""Loads and validates content/ (front matter + Markdown) and renders sanitised HTML."""
