"""dmp-desktop: create a patient's DMP at the pharmacy counter."""

__version__ = "0.1.0"
PRODUCT_NAME = "dmp-desktop"
LPS_NAME = "DMP-DESKTOP"
