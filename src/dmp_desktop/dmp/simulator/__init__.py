"""The local DMP simulator: the same protocol as the real service, on loopback, with fault injection."""

from dmp_desktop.dmp.simulator.embedded import TRAINING_CERTIFICATE_PASSWORD, EmbeddedSimulator

__all__ = ["TRAINING_CERTIFICATE_PASSWORD", "EmbeddedSimulator"]
