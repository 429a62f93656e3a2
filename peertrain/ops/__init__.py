"""Operations: structured logs, health probes, backups and retention."""
