"""The four steps without Qt: state machine, validation and use-cases over the ports."""
