"""The ledger (台账): reporting cycles, department reports and their review, evidence, RAG status."""
