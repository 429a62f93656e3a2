"""Mail through a transactional outbox: `enqueue` in the caller's transaction, a worker delivers."""

from .outbox import enqueue

__all__ = ["enqueue"]
