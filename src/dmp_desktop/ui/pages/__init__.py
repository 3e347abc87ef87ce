"""The wizard's pages, one class per file; they show a state and emit what the pharmacist did."""
