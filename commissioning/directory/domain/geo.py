"""Distances on the Earth's surface, without Django: the search's exact test and its cheap prefilter."""
from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) in degrees enclosing every point within `radius_km` of (lat, lon):
    the box is a superset of the circle, so rows outside it can be skipped before the exact test."""
    dlat = radius_km / KM_PER_DEGREE_LATITUDE
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = min(180.0, radius_km / (KM_PER_DEGREE_LATITUDE * cos_lat))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def distance_words(km: float) -> str:
    """A distance as people read it: miles first (the UK's road signs), kilometres after."""
    miles = km / 1.609344
    if miles < 0.1:
        return "less than 0.1 miles"
    return f"{miles:.1f} miles ({km:.1f} km)"
