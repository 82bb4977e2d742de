"""The model's agent types: labs, cloud vendors, adopters (thin views) and governments."""

from sim.agents.adopter import Adopter
from sim.agents.cloud import CloudVendor
from sim.agents.government import Government
from sim.agents.lab import Lab

__all__ = ["Adopter", "CloudVendor", "Government", "Lab"]
