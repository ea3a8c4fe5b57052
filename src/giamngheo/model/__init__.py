"""The schemas: the plan, a submission and the records kept of it. Built on core/ only."""
