"""The contract with the host point-of-sale software: request/context/result JSON and exit codes."""
