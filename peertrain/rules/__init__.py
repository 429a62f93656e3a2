"""Business rules, each in one module with its Python form and its SQL form side by side.

Pages work on objects and reports on SQL, so each rule is written twice, next to each other,
and tests/test_rules.py runs every case through both forms on the test database. Change a
rule here and nowhere else.

- first_year: who is new (the shorter supervision interval) and the intervals themselves.
- current_level: a worker's current judged level in a competency.
- workers: who counts as a peer worker on a day, and the roles that follow a pathway.
"""
