"""Experiments: calibration, sweep designs and the tests of the claims."""
