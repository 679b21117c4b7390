"""Alembic migrations of the saved-analyses schema (run by ``SqlRepository.migrate``)."""
